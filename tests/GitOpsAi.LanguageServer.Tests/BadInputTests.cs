using System.Diagnostics;
using System.Text;

namespace GitOpsAi.LanguageServer.Tests;

/// <summary>Clients that misbehave get an error response or a log line; the server never crashes.</summary>
public sealed class BadInputTests
{
    [Test]
    public async Task Out_of_range_positions_and_unknown_documents_are_answered_without_error()
    {
        using var repo = Samples.Repository();
        await using var client = LspClient.Start();
        await client.InitializeAsync(repo.Root);
        var uri = repo.UriOf("deployment.yaml");
        await client.OpenAsync(uri, Samples.DeploymentWithTypo);

        var farAway = await client.RequestAsync("textDocument/hover", LspClient.TextDocumentPosition(uri, 5000, 5000));
        var negative = await client.RequestAsync("textDocument/completion", LspClient.TextDocumentPosition(uri, -3, -7));
        var unknown = await client.RequestAsync("textDocument/hover", LspClient.TextDocumentPosition("file:///nowhere/at/all.yaml", 0, 0));
        var untitled = await client.RequestAsync("textDocument/documentSymbol", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = "untitled:Untitled-1" } });

        Assert.That(farAway.ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(negative.GetProperty("items").ValueKind, Is.EqualTo(JsonValueKind.Array));
        Assert.That(unknown.ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(untitled.GetArrayLength(), Is.Zero);
    }

    [Test]
    public async Task A_change_for_a_document_that_is_not_open_is_logged_and_ignored()
    {
        using var repo = Samples.Repository();
        await using var client = LspClient.Start();
        await client.InitializeAsync(repo.Root);

        await client.ChangeAsync(repo.UriOf("deployment.yaml"), 7, 0, 0, 0, 0, "garbage");
        var uri = repo.UriOf("settings.yaml");
        await client.OpenAsync(uri, Samples.Settings);
        var published = await client.WaitForDiagnosticsAsync(uri);

        Assert.That(published.GetProperty("diagnostics").GetArrayLength(), Is.Zero);
        Assert.That(client.Stderr, Does.Contain("didChange for a document that is not open"));
    }

    [Test]
    public async Task A_schema_folder_that_is_no_path_is_logged_and_initialize_still_succeeds()
    {
        using var repo = Samples.Repository();
        await using var client = LspClient.Start();
        var options = new JsonObject { ["schemas"] = new JsonObject { ["extraFolders"] = new JsonArray("bad\0folder", "more-schemas") } };

        var result = await client.InitializeAsync(repo.Root, initializationOptions: options);
        var uri = repo.UriOf("deployment.yaml");
        await client.OpenAsync(uri, Samples.DeploymentWithTypo);
        var published = await client.WaitForDiagnosticsAsync(uri);

        Assert.That(result.GetProperty("serverInfo").GetProperty("name").GetString(), Is.EqualTo("gitops-ai"));
        Assert.That(published.GetProperty("diagnostics").EnumerateArray().Select(d => d.GetProperty("code").GetString()), Does.Contain("schema-unknown-field"));
        Assert.That(client.Stderr, Does.Contain("Ignored the schema folder"));
    }

    [Test]
    public async Task A_request_with_wrong_parameters_gets_an_error_response_and_the_server_carries_on()
    {
        await using var client = LspClient.Start();
        await client.InitializeAsync(null);

        var failure = Assert.ThrowsAsync<StreamJsonRpc.RemoteInvocationException>(() => client.RequestAsync("textDocument/hover", new JsonObject { ["textDocument"] = 42 }));
        var unknownMethod = Assert.ThrowsAsync<StreamJsonRpc.RemoteMethodNotFoundException>(() => client.RequestAsync("gitops/doesNotExist", new JsonObject()));
        var symbols = await client.RequestAsync("textDocument/documentSymbol", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = "file:///x.yaml" } });

        Assert.That(failure, Is.Not.Null);
        Assert.That(unknownMethod, Is.Not.Null);
        Assert.That(symbols.ValueKind, Is.EqualTo(JsonValueKind.Array));
    }

    [Test]
    public async Task Garbage_on_the_wire_is_logged_and_later_messages_are_still_served()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(LspClient.ServerAssembly);
        using var process = Process.Start(start)!;
        var stdin = process.StandardInput.BaseStream;
        var stdout = process.StandardOutput.BaseStream;
        var stderr = process.StandardError.ReadToEndAsync();

        async Task Send(string body, string? header = null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            await stdin.WriteAsync(Encoding.ASCII.GetBytes(header ?? $"Content-Length: {bytes.Length}\r\n\r\n"));
            await stdin.WriteAsync(bytes);
            await stdin.FlushAsync();
        }

        await Send("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{}}}""");
        await Send("{this is not json");
        await Send("[1,2,3]");
        await Send("", "Nonsense-Header: yes\r\n\r\n\u0001\u0002binary");
        await Send("""{"jsonrpc":"2.0","id":2,"method":"shutdown"}""");

        var responses = new List<JsonElement>();
        while (responses.Count(r => r.TryGetProperty("id", out _)) < 2)
        {
            responses.Add(await ReadMessageAsync(stdout));
        }

        await Send("""{"jsonrpc":"2.0","method":"exit"}""");
        process.WaitForExit(15_000);

        TestContext.Out.WriteLine(string.Join("\n", responses));
        Assert.That(responses.Where(r => r.TryGetProperty("id", out _)).Select(r => r.GetProperty("id").GetInt32()), Is.EquivalentTo(new[] { 1, 2 }), "responses may come in any order");
        Assert.That(process.ExitCode, Is.EqualTo(0));
        var log = await stderr;
        Assert.That(log, Does.Contain("Discarded a malformed message (invalid JSON"));
        Assert.That(log, Does.Contain("Discarded a malformed message (not a JSON object)"));
    }

    [Test]
    public async Task A_twenty_megabyte_document_keeps_the_server_responsive()
    {
        using var repo = Samples.Repository();
        await using var client = LspClient.Start();
        await client.InitializeAsync(repo.Root);
        var big = new StringBuilder();
        var index = 0;
        while (big.Length < 20 * 1024 * 1024)
        {
            big.Append($"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-{index++}\ndata:\n  payload: \"{new string('x', 900)}\"\n---\n");
        }

        var uri = repo.UriOf("huge.yaml");
        await client.OpenAsync(uri, big.ToString());
        var stopwatch = Stopwatch.StartNew();
        var symbols = await client.RequestAsync("textDocument/documentSymbol", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = repo.UriOf("settings.yaml") } });
        var published = await client.WaitForDiagnosticsAsync(uri, timeoutSeconds: 60);

        Assert.That(symbols.GetArrayLength(), Is.EqualTo(1));
        Assert.That(published.GetProperty("diagnostics").EnumerateArray().Select(d => d.GetProperty("code").GetString()), Is.EqualTo(new[] { "file-too-large" }));
        TestContext.Out.WriteLine($"answered other requests and analysed 20 MB in {stopwatch.ElapsedMilliseconds} ms");
    }

    [Test]
    public async Task A_cancelled_request_is_answered_as_cancelled_or_completed_and_the_server_carries_on()
    {
        using var repo = Samples.Repository();
        await using var client = LspClient.Start();
        await client.InitializeAsync(repo.Root);
        using var cancellation = new CancellationTokenSource();

        var pending = client.RequestAsync("workspace/diagnostic", new JsonObject { ["previousResultIds"] = new JsonArray() }, cancellation.Token);
        cancellation.Cancel();
        try
        {
            await pending;
        }
        catch (OperationCanceledException)
        {
        }

        var symbols = await client.RequestAsync("textDocument/documentSymbol", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = repo.UriOf("settings.yaml") } });
        Assert.That(symbols.GetArrayLength(), Is.EqualTo(1));
    }

    private static async Task<JsonElement> ReadMessageAsync(Stream stream)
    {
        var header = new StringBuilder();
        var one = new byte[1];
        while (!header.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one) == 0)
            {
                throw new EndOfStreamException("the server closed its output");
            }

            header.Append((char)one[0]);
        }

        var length = int.Parse(header.ToString().Split("\r\n").First(l => l.StartsWith("Content-Length", StringComparison.OrdinalIgnoreCase)).Split(':')[1].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var body = new byte[length];
        await stream.ReadExactlyAsync(body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
