using System.Text;

namespace GitOpsAi.LanguageServer.Tests.Hostile;

/// <summary>A 20 MB document is analysed off to the side: other documents are answered and checked meanwhile.</summary>
public sealed class LargeDocumentTests
{
    /// <summary>
    /// 20 MB of ConfigMaps whose syntax check takes seconds: a tab after one key sends every document through YamlDotNet's
    /// scanner (our own YAML reader, which declines tabs, reads plain ones in a few hundred milliseconds, less than the
    /// hover takes to be answered while the 20 MB message is read, so there would be nothing left to overlap).
    /// </summary>
    private static string Huge()
    {
        var text = new StringBuilder(21 * 1024 * 1024);
        for (var index = 0; text.Length < 20 * 1024 * 1024; index++)
        {
            text.Append($"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings-{index}\n  namespace: apps\ndata:\n  mode:\tfast\n  level: \"{index}\"\n---\n");
        }

        return text.ToString();
    }

    [Test]
    public async Task Hover_and_diagnostics_of_a_small_document_arrive_while_a_20_MB_document_is_still_being_analysed()
    {
        using var repo = Samples.Repository();
        await using var client = LspClient.Start();
        await client.InitializeAsync(repo.Root);
        var small = repo.UriOf("deployment.yaml");
        await client.OpenAsync(small, Samples.DeploymentWithTypo);
        await client.WaitForDiagnosticsAsync(small, minimumVersion: 1);
        var huge = repo.UriOf("huge.yaml");

        await client.OpenAsync(huge, Huge());
        await client.ChangeAsync(small, 2, 3, 11, 3, 11, "x");
        var hover = await client.RequestAsync("textDocument/hover", LspClient.TextDocumentPosition(small, 6, 4)); // selector
        var hoverAnswered = client.Published.Count;
        var smallDiagnostics = await client.WaitForDiagnosticsAsync(small, minimumVersion: 2);
        var smallPublished = client.Published.Count;
        await client.WaitForDiagnosticsAsync(huge, minimumVersion: 1, timeoutSeconds: 60);

        var order = client.Published.Select(p => p.GetProperty("uri").GetString()).ToList();
        Assert.That(hover.GetProperty("contents").GetProperty("value").GetString(), Does.Contain("**selector**"));
        Assert.That(order.Take(hoverAnswered), Does.Not.Contain(huge), "hover waited for the large document's analysis");
        Assert.That(order.Take(smallPublished), Does.Not.Contain(huge), "the small document's diagnostics waited for the large document's");
        Assert.That(smallDiagnostics.GetProperty("version").GetInt32(), Is.EqualTo(2));
    }
}
