namespace GitOpsAi.LanguageServer.Tests.Hostile;

/// <summary>
/// The ExternalSecret conversion moves plain-text values out of a Secret: they travel only when the user picks the
/// action (codeAction/resolve), and never into a file of the repository.
/// </summary>
public sealed class SecretCodeActionTests
{
    private const string Secret = """
        apiVersion: v1
        kind: Secret
        metadata:
          name: db-credentials
          namespace: web
        type: Opaque
        data:
          password: aHVudGVyMiBob3JzZQ==
        stringData:
          dsn: postgres://webapp:Tr0ub4dor@db:5432/web

        """;

    private static readonly string[] Plain = ["hunter2 horse", "aHVudGVyMiBob3JzZQ", "Tr0ub4dor"];

    private static async Task<(JsonElement Action, string Raw)> ExternalSecretActionAsync(LspClient client, string uri)
    {
        var published = await client.WaitForDiagnosticsAsync(uri, until: p => p.GetProperty("diagnostics").EnumerateArray().Any(d => d.GetProperty("code").GetString() == "plain-secret"));
        var finding = published.GetProperty("diagnostics").EnumerateArray().First(d => d.GetProperty("code").GetString() == "plain-secret");
        var actions = await client.RequestAsync("textDocument/codeAction", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri },
            ["range"] = JsonNode.Parse(finding.GetProperty("range").GetRawText()),
            ["context"] = new JsonObject { ["diagnostics"] = new JsonArray(JsonNode.Parse(finding.GetRawText())) },
        });
        var action = actions.EnumerateArray().Single(a => a.GetProperty("title").GetString()!.StartsWith("Convert to an ExternalSecret", StringComparison.Ordinal));
        return (action, actions.GetRawText());
    }

    [Test]
    public async Task No_code_action_or_resolve_answer_carries_a_plain_value_and_the_picked_actions_command_gets_them_once()
    {
        using var repo = new TempWorkspace().Write("apps/secret.yaml", Secret);
        await using var client = LspClient.Start();
        var initialize = await client.InitializeAsync(repo.Root, Capabilities(handOver: true));
        var uri = repo.UriOf("apps/secret.yaml");
        await client.OpenAsync(uri, Secret);

        var (action, raw) = await ExternalSecretActionAsync(client, uri);
        var resolved = await client.RequestAsync("codeAction/resolve", JsonNode.Parse(action.GetRawText()));
        var command = action.GetProperty("command");
        var take = new JsonObject { ["command"] = "gitops-ai.takeSecretValues", ["arguments"] = JsonNode.Parse(command.GetProperty("arguments").GetRawText()) };
        var payload = await client.RequestAsync("workspace/executeCommand", take);
        var again = Assert.ThrowsAsync<StreamJsonRpc.RemoteInvocationException>(() => client.RequestAsync("workspace/executeCommand", take.DeepClone()));

        Assert.That(initialize.GetProperty("capabilities").GetProperty("codeActionProvider").GetProperty("resolveProvider").GetBoolean(), Is.True);
        foreach (var value in Plain)
        {
            Assert.That(raw, Does.Not.Contain(value), "the code action answer carries a value");
            Assert.That(resolved.GetRawText(), Does.Not.Contain(value), "the resolved action carries a value");
        }

        Assert.That(action.TryGetProperty("edit", out _), Is.False);
        Assert.That(command.GetProperty("command").GetString(), Is.EqualTo("gitopsAi.handOverSecretValues"), "the command is there before resolve: VS Code takes only the edit from it");
        Assert.That(resolved.GetProperty("command").GetRawText(), Is.EqualTo(command.GetRawText()));
        AssertEditStaysInTheDocument(resolved.GetProperty("edit"), uri);
        Assert.That(resolved.GetProperty("edit").GetRawText(), Does.Contain("kind: ExternalSecret"));
        Assert.That(payload.GetProperty("fileName").GetString(), Is.EqualTo("db-credentials.secret-values.env"));
        Assert.That(payload.GetProperty("text").GetString(), Does.Contain("password=\"hunter2 horse\"").And.Contain("Tr0ub4dor"));
        Assert.That(again!.ErrorCode, Is.EqualTo(-32801), "the values are handed out once");
    }

    [Test]
    public async Task Without_a_client_command_the_values_go_to_a_new_private_file_outside_the_workspace()
    {
        using var repo = new TempWorkspace().Write("apps/secret.yaml", Secret);
        using var state = new TempWorkspace();
        state.Write("gitops-ai/secret-values/db-credentials.secret-values.env", "kept\n");
        await using var client = LspClient.Start(new Dictionary<string, string> { ["XDG_STATE_HOME"] = state.Root });
        await client.InitializeAsync(repo.Root, Capabilities(handOver: false));
        var uri = repo.UriOf("apps/secret.yaml");
        await client.OpenAsync(uri, Secret);

        var (action, _) = await ExternalSecretActionAsync(client, uri);
        var resolved = await client.RequestAsync("codeAction/resolve", JsonNode.Parse(action.GetRawText()));
        var command = action.GetProperty("command");
        var execute = new JsonObject { ["command"] = command.GetProperty("command").GetString(), ["arguments"] = JsonNode.Parse(command.GetProperty("arguments").GetRawText()) };
        var saved = (await client.RequestAsync("workspace/executeCommand", execute)).GetString()!;

        Assert.That(command.GetProperty("command").GetString(), Is.EqualTo("gitops-ai.saveSecretValues"));
        AssertEditStaysInTheDocument(resolved.GetProperty("edit"), uri);
        Assert.That(saved, Does.StartWith(state.Root));
        Assert.That(Path.GetRelativePath(repo.Root, saved), Does.StartWith(".."));
        Assert.That(File.ReadAllText(state.PathOf("gitops-ai/secret-values/db-credentials.secret-values.env")), Is.EqualTo("kept\n"), "an existing file is never overwritten");
        Assert.That(File.ReadAllText(saved), Does.Contain("password=\"hunter2 horse\""));
        if (!OperatingSystem.IsWindows())
        {
            Assert.That(File.GetUnixFileMode(saved), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        }

        Assert.That(Directory.EnumerateFiles(repo.Root, "*", SearchOption.AllDirectories).Select(Path.GetFileName), Is.EquivalentTo(new[] { "secret.yaml" }));
        Assert.That(client.Logs, Has.Some.Contain(saved));
    }

    [Test]
    public async Task A_document_changed_since_the_offer_is_not_resolved_with_stale_values()
    {
        using var repo = new TempWorkspace().Write("apps/secret.yaml", Secret);
        await using var client = LspClient.Start();
        await client.InitializeAsync(repo.Root, Capabilities(handOver: false));
        var uri = repo.UriOf("apps/secret.yaml");
        await client.OpenAsync(uri, Secret);
        var (action, _) = await ExternalSecretActionAsync(client, uri);

        await client.ChangeAsync(uri, 2, 0, 0, 0, 0, "# moved down\n");
        var failure = Assert.ThrowsAsync<StreamJsonRpc.RemoteInvocationException>(() => client.RequestAsync("codeAction/resolve", JsonNode.Parse(action.GetRawText())));

        Assert.That(failure!.ErrorCode, Is.EqualTo(-32801));
    }

    [Test]
    public async Task A_client_without_resolve_gets_a_command_and_the_server_applies_the_edit_and_saves_the_values_outside()
    {
        using var repo = new TempWorkspace().Write("apps/secret.yaml", Secret);
        using var state = new TempWorkspace();
        await using var client = LspClient.Start(new Dictionary<string, string> { ["XDG_STATE_HOME"] = state.Root });
        await client.InitializeAsync(repo.Root);
        var uri = repo.UriOf("apps/secret.yaml");
        await client.OpenAsync(uri, Secret);

        var (action, raw) = await ExternalSecretActionAsync(client, uri);
        var command = action.GetProperty("command");
        var saved = (await client.RequestAsync("workspace/executeCommand", new JsonObject
        {
            ["command"] = command.GetProperty("command").GetString(),
            ["arguments"] = JsonNode.Parse(command.GetProperty("arguments").GetRawText()),
        })).GetString()!;

        foreach (var value in Plain)
        {
            Assert.That(raw, Does.Not.Contain(value), "the answer carries a value");
        }

        var applied = client.AppliedEdits.Single();
        AssertEditStaysInTheDocument(applied, uri);
        Assert.That(applied.GetRawText(), Does.Contain("kind: ExternalSecret").And.Not.Contain("Tr0ub4dor"));
        Assert.That(saved, Does.StartWith(state.Root));
        Assert.That(File.ReadAllText(saved), Does.Contain("Tr0ub4dor"));
        Assert.That(Directory.EnumerateFiles(repo.Root, "*", SearchOption.AllDirectories).Select(Path.GetFileName), Is.EquivalentTo(new[] { "secret.yaml" }));
    }

    /// <summary>A client that resolves code actions (edit and command), and runs the hand-over command itself or not.</summary>
    private static JsonObject Capabilities(bool handOver)
    {
        var capabilities = LspClient.DefaultCapabilities();
        capabilities["textDocument"]!["codeAction"] = new JsonObject { ["resolveSupport"] = new JsonObject { ["properties"] = new JsonArray("edit", "command") } };
        if (handOver)
        {
            capabilities["experimental"] = new JsonObject { ["gitopsAi"] = new JsonObject { ["handOverSecretValues"] = true } };
        }

        return capabilities;
    }

    /// <summary>The resolved edit changes the open document only: no file is created, in the repository or elsewhere.</summary>
    private static void AssertEditStaysInTheDocument(JsonElement edit, string uri)
    {
        var changes = edit.TryGetProperty("documentChanges", out var list) ? list.EnumerateArray().ToList() : [];
        Assert.That(changes, Is.Not.Empty);
        Assert.That(changes.Select(c => c.TryGetProperty("kind", out var kind) ? kind.GetString() : "edit"), Has.All.EqualTo("edit"), "no create/rename/delete operations");
        Assert.That(changes.Select(c => c.GetProperty("textDocument").GetProperty("uri").GetString()), Has.All.EqualTo(uri));
        Assert.That(edit.TryGetProperty("changes", out _), Is.False);
    }
}
