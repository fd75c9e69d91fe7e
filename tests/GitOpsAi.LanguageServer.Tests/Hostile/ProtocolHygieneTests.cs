using System.Diagnostics;

namespace GitOpsAi.LanguageServer.Tests.Hostile;

/// <summary>Lifecycle violations and broken notifications get an error or a log line; message handling never stops.</summary>
public sealed class ProtocolHygieneTests
{
    [Test]
    public async Task A_second_initialize_is_an_invalid_request_error_and_the_first_settings_stay()
    {
        using var repo = Samples.Repository();
        await using var client = LspClient.Start();
        await client.InitializeAsync(repo.Root);

        var second = Assert.ThrowsAsync<StreamJsonRpc.RemoteInvocationException>(() => client.RequestAsync("initialize", new JsonObject
        {
            ["processId"] = null,
            ["rootUri"] = null,
            ["capabilities"] = new JsonObject(),
        }));
        var uri = repo.UriOf("deployment.yaml");
        await client.OpenAsync(uri, Samples.DeploymentWithTypo);
        var published = await client.WaitForDiagnosticsAsync(uri);

        Assert.That(second!.ErrorCode, Is.EqualTo(-32600));
        Assert.That(published.GetProperty("diagnostics").EnumerateArray().Select(d => d.GetProperty("code").GetString()), Does.Contain("schema-unknown-field"));
    }

    [Test]
    public async Task Notifications_with_invalid_parameters_are_logged_and_ignored()
    {
        using var repo = Samples.Repository();
        await using var client = LspClient.Start();
        await client.InitializeAsync(repo.Root);
        var uri = repo.UriOf("deployment.yaml");

        await client.NotifyAsync("textDocument/didOpen", new JsonObject { ["textDocument"] = 42 });
        await client.NotifyAsync("textDocument/didChange", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri }, ["contentChanges"] = "all of it" });
        await client.NotifyAsync("textDocument/didClose", null);
        await client.NotifyAsync("textDocument/didSave", new JsonObject());
        await client.NotifyAsync("workspace/didChangeWatchedFiles", new JsonObject { ["changes"] = new JsonArray(new JsonObject { ["uri"] = 7, ["type"] = "sometimes" }) });
        await client.NotifyAsync("workspace/didChangeConfiguration", new JsonObject { ["settings"] = new JsonObject { ["gitopsAi"] = new JsonObject { ["validation"] = "yes please" } } });
        await client.OpenAsync(uri, Samples.DeploymentWithTypo);
        var published = await client.WaitForDiagnosticsAsync(uri);

        Assert.That(published.GetProperty("diagnostics").EnumerateArray().Select(d => d.GetProperty("code").GetString()), Does.Contain("schema-unknown-field"));
        Assert.That(client.Process.HasExited, Is.False);
        Assert.That(client.Stderr, Does.Contain("textDocument/didOpen").And.Contain("invalid parameters"));
        Assert.That(client.Stderr, Does.Contain("textDocument/didChange"));
        Assert.That(client.Stderr, Does.Contain("textDocument/didClose ignored: invalid parameters"));
        Assert.That(client.Stderr, Does.Contain("textDocument/didSave ignored: invalid parameters"));
        Assert.That(client.Stderr, Does.Contain("workspace/didChangeWatchedFiles"));
    }

    [Test]
    public async Task A_watched_file_that_cannot_be_read_never_blocks_later_requests()
    {
        using var repo = Samples.Repository();
        var fifo = repo.PathOf("pipe.yaml");
        using (var mkfifo = Process.Start("mkfifo", fifo))
        {
            await mkfifo.WaitForExitAsync();
            if (mkfifo.ExitCode != 0)
            {
                Assert.Ignore("mkfifo is not available here.");
            }
        }

        await using var client = LspClient.Start();
        await client.InitializeAsync(repo.Root);
        var uri = repo.UriOf("deployment.yaml");
        await client.OpenAsync(uri, Samples.DeploymentWithTypo);
        await client.WaitForDiagnosticsAsync(uri);

        await client.NotifyAsync("workspace/didChangeWatchedFiles", new JsonObject { ["changes"] = new JsonArray(new JsonObject { ["uri"] = repo.UriOf("pipe.yaml"), ["type"] = 1 }) });
        // A server that hangs fails the test instead of hanging it (a request's own timeout waits for the server).
        var hover = await client.RequestAsync("textDocument/hover", LspClient.TextDocumentPosition(uri, 6, 4)).WaitAsync(TimeSpan.FromSeconds(20));
        await client.ChangeAsync(uri, 2, 5, 9, 5, 9, "s").WaitAsync(TimeSpan.FromSeconds(20));
        var fixedTypo = await client.WaitForDiagnosticsAsync(uri, minimumVersion: 2, timeoutSeconds: 20).WaitAsync(TimeSpan.FromSeconds(25));

        Assert.That(hover.GetProperty("contents").GetProperty("value").GetString(), Does.Contain("**selector**"));
        Assert.That(fixedTypo.GetProperty("diagnostics").EnumerateArray().Select(d => d.GetProperty("code").GetString()), Does.Not.Contain("schema-unknown-field"));
    }
}
