using System.Diagnostics;

namespace GitOpsAi.LanguageServer.Tests.Hostile;

/// <summary>The language server's indexing on a repository holding a FIFO and a symlink to /dev/zero.</summary>
public sealed class SpecialFileIndexingTests
{
    [Test]
    public async Task Indexing_reports_a_fifo_and_a_link_to_dev_zero_and_the_server_keeps_answering()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("FIFOs and symlinks to devices are a Unix matter");
        }

        using var repo = Samples.Repository();
        File.CreateSymbolicLink(repo.PathOf("z.yaml"), "/dev/zero");
        using (var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [repo.PathOf("x.yaml")]) { UseShellExecute = false })!)
        {
            mkfifo.WaitForExit();
        }

        await using var client = LspClient.Start();
        await client.InitializeAsync(repo.Root, LspClient.DefaultCapabilities(pullDiagnostics: true, progress: true));

        var codes = new Dictionary<string, string?>();
        var watch = Stopwatch.StartNew();
        while (codes.Count < 2 && watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var report = await client.RequestAsync("workspace/diagnostic", new JsonObject { ["previousResultIds"] = new JsonArray() }, timeout.Token);
            foreach (var item in report.GetProperty("items").EnumerateArray())
            {
                var uri = item.GetProperty("uri").GetString();
                if (uri == repo.UriOf("x.yaml") || uri == repo.UriOf("z.yaml"))
                {
                    codes[uri!] = item.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("code").GetString()).SingleOrDefault();
                }
            }

            await Task.Delay(200);
        }

        Assert.That(codes.Values, Is.EqualTo(new[] { "file-not-regular", "file-not-regular" }), "both special files were indexed as one finding each");
        await client.OpenAsync(repo.UriOf("deployment.yaml"), Samples.DeploymentWithTypo);
        var hover = await client.RequestAsync("textDocument/hover", LspClient.TextDocumentPosition(repo.UriOf("deployment.yaml"), 6, 4));
        Assert.That(hover.GetProperty("contents").GetProperty("value").GetString(), Does.Contain("**selector**"), "the server still answers");
    }
}
