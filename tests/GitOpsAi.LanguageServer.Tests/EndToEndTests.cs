using StreamJsonRpc;

namespace GitOpsAi.LanguageServer.Tests;

/// <summary>The real server process over stdio, driven the way an editor drives it.</summary>
public sealed class EndToEndTests
{
    private static IEnumerable<JsonElement> Items(JsonElement diagnostics) => diagnostics.GetProperty("diagnostics").EnumerateArray();

    [Test]
    public async Task Initialize_announces_incremental_sync_and_every_feature()
    {
        await using var client = LspClient.Start();

        var result = await client.InitializeAsync(null);

        var capabilities = result.GetProperty("capabilities");
        Assert.Multiple(() =>
        {
            Assert.That(capabilities.GetProperty("textDocumentSync").GetProperty("change").GetInt32(), Is.EqualTo(2));
            Assert.That(capabilities.GetProperty("hoverProvider").GetBoolean(), Is.True);
            Assert.That(capabilities.GetProperty("definitionProvider").GetBoolean(), Is.True);
            Assert.That(capabilities.GetProperty("documentSymbolProvider").GetBoolean(), Is.True);
            Assert.That(capabilities.TryGetProperty("completionProvider", out _), Is.True);
            Assert.That(capabilities.TryGetProperty("codeActionProvider", out _), Is.True);
            Assert.That(capabilities.GetProperty("diagnosticProvider").GetProperty("workspaceDiagnostics").GetBoolean(), Is.True);
            Assert.That(result.GetProperty("serverInfo").GetProperty("name").GetString(), Is.EqualTo("gitops-ai"));
        });
    }

    [Test]
    public async Task Opening_a_document_publishes_its_diagnostics_with_the_version_and_exact_range()
    {
        using var repo = Samples.Repository();
        await using var client = LspClient.Start();
        await client.InitializeAsync(repo.Root);

        var uri = repo.UriOf("deployment.yaml");
        await client.OpenAsync(uri, Samples.DeploymentWithTypo, version: 3);
        var published = await client.WaitForDiagnosticsAsync(uri, 3);

        var diagnostic = Items(published).Single(d => d.GetProperty("code").GetString() == "schema-unknown-field");
        Assert.That(published.GetProperty("version").GetInt32(), Is.EqualTo(3));
        Assert.That(diagnostic.GetProperty("range").GetProperty("start").GetProperty("line").GetInt32(), Is.EqualTo(5));
        Assert.That(diagnostic.GetProperty("range").GetProperty("start").GetProperty("character").GetInt32(), Is.EqualTo(2));
        Assert.That(diagnostic.GetProperty("range").GetProperty("end").GetProperty("character").GetInt32(), Is.EqualTo(9));
        Assert.That(diagnostic.GetProperty("severity").GetInt32(), Is.EqualTo(1));
        Assert.That(diagnostic.GetProperty("source").GetString(), Is.EqualTo("gitops-ai.schema"));
    }

    [Test]
    public async Task An_incremental_edit_updates_the_diagnostics()
    {
        using var repo = Samples.Repository();
        await using var client = LspClient.Start();
        await client.InitializeAsync(repo.Root);
        var uri = repo.UriOf("deployment.yaml");
        await client.OpenAsync(uri, Samples.DeploymentWithTypo);
        await client.WaitForDiagnosticsAsync(uri, 1);

        await client.ChangeAsync(uri, 2, 5, 9, 5, 9, "s"); // replica -> replicas
        var published = await client.WaitForDiagnosticsAsync(uri, 2);

        Assert.That(Items(published).Select(d => d.GetProperty("code").GetString()), Does.Not.Contain("schema-unknown-field"));
    }

    [Test]
    public async Task Hover_shows_the_field_description_and_type_from_the_schema()
    {
        using var repo = Samples.Repository();
        await using var client = LspClient.Start();
        await client.InitializeAsync(repo.Root);
        var uri = repo.UriOf("deployment.yaml");
        await client.OpenAsync(uri, Samples.DeploymentWithTypo);

        var hover = await client.RequestAsync("textDocument/hover", LspClient.TextDocumentPosition(uri, 6, 4)); // selector

        var markdown = hover.GetProperty("contents").GetProperty("value").GetString();
        Assert.That(markdown, Does.Contain("**selector**").And.Contain("object").And.Contain("required").And.Contain("Label selector"));
    }

    [Test]
    public async Task Completion_offers_the_keys_valid_at_the_cursor_and_enum_values()
    {
        using var repo = Samples.Repository();
        await using var client = LspClient.Start();
        await client.InitializeAsync(repo.Root);
        var uri = repo.UriOf("deployment.yaml");
        var text = Samples.DeploymentWithTypo.Replace("  replica: 2\n", "  replicas: 2\n  str\n", StringComparison.Ordinal)
            .Replace("image: nginx:1.27\n", "image: nginx:1.27\n          imagePullPolicy: \n", StringComparison.Ordinal);
        await client.OpenAsync(uri, text);

        var keys = await client.RequestAsync("textDocument/completion", LspClient.TextDocumentPosition(uri, 6, 5));
        var values = await client.RequestAsync("textDocument/completion", LspClient.TextDocumentPosition(uri, 18, 27));

        var keyLabels = keys.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("label").GetString()).ToList();
        Assert.That(keyLabels, Does.Contain("strategy").And.Contain("minReadySeconds"));
        Assert.That(keyLabels, Does.Not.Contain("replicas"), "keys already present are not offered");
        var valueLabels = values.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("label").GetString());
        Assert.That(valueLabels, Is.EquivalentTo(new[] { "Always", "IfNotPresent", "Never" }));
    }

    [Test]
    public async Task Definition_follows_kustomization_entries_config_map_references_and_flux_source_refs()
    {
        using var repo = Samples.Repository();
        await using var client = LspClient.Start();
        await client.InitializeAsync(repo.Root);
        foreach (var name in new[] { "kustomization.yaml", "deployment.yaml", "flux.yaml" })
        {
            await client.OpenAsync(repo.UriOf(name), File.ReadAllText(repo.PathOf(name)));
        }

        await client.WaitForDiagnosticsAsync(repo.UriOf("flux.yaml"));
        var toFile = await client.RequestAsync("textDocument/definition", LspClient.TextDocumentPosition(repo.UriOf("kustomization.yaml"), 3, 6));
        var toConfigMap = await RetryUntilFoundAsync(() => client.RequestAsync("textDocument/definition", LspClient.TextDocumentPosition(repo.UriOf("deployment.yaml"), 19, 26)));
        var toSource = await client.RequestAsync("textDocument/definition", LspClient.TextDocumentPosition(repo.UriOf("flux.yaml"), 22, 14));

        Assert.That(toFile[0].GetProperty("uri").GetString(), Is.EqualTo(repo.UriOf("deployment.yaml")));
        Assert.That(toConfigMap[0].GetProperty("uri").GetString(), Is.EqualTo(repo.UriOf("settings.yaml")));
        Assert.That(toConfigMap[0].GetProperty("range").GetProperty("start").GetProperty("line").GetInt32(), Is.EqualTo(3));
        Assert.That(toSource[0].GetProperty("uri").GetString(), Is.EqualTo(repo.UriOf("flux.yaml")));
        Assert.That(toSource[0].GetProperty("range").GetProperty("start").GetProperty("line").GetInt32(), Is.EqualTo(3));
    }

    [Test]
    public async Task Definition_works_in_files_outside_every_workspace_folder_open_or_not()
    {
        using var repo = Samples.Repository();
        await using var client = LspClient.Start();
        await client.InitializeAsync(null);
        await client.OpenAsync(repo.UriOf("kustomization.yaml"), Samples.Kustomization);

        var fromOpen = await client.RequestAsync("textDocument/definition", LspClient.TextDocumentPosition(repo.UriOf("kustomization.yaml"), 3, 6));
        var fromClosed = await client.RequestAsync("textDocument/definition", LspClient.TextDocumentPosition(repo.UriOf("flux.yaml"), 22, 14));

        Assert.That(fromOpen.GetArrayLength(), Is.EqualTo(1));
        Assert.That(fromOpen[0].GetProperty("uri").GetString(), Is.EqualTo(repo.UriOf("deployment.yaml")));
        Assert.That(fromClosed.GetArrayLength(), Is.EqualTo(1));
        Assert.That(fromClosed[0].GetProperty("uri").GetString(), Is.EqualTo(repo.UriOf("flux.yaml")));
        Assert.That(fromClosed[0].GetProperty("range").GetProperty("start").GetProperty("line").GetInt32(), Is.EqualTo(3));
    }

    [Test]
    public async Task Code_action_offers_the_did_you_mean_fix_as_a_workspace_edit()
    {
        using var repo = Samples.Repository();
        await using var client = LspClient.Start();
        await client.InitializeAsync(repo.Root);
        var uri = repo.UriOf("deployment.yaml");
        await client.OpenAsync(uri, Samples.DeploymentWithTypo);
        var published = await client.WaitForDiagnosticsAsync(uri);
        var diagnostic = Items(published).Single(d => d.GetProperty("code").GetString() == "schema-unknown-field");

        var actions = await client.RequestAsync("textDocument/codeAction", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri },
            ["range"] = LspClient.Range(5, 4, 5, 4),
            ["context"] = new JsonObject { ["diagnostics"] = new JsonArray(JsonNode.Parse(diagnostic.GetRawText())) },
        });

        var fix = actions.EnumerateArray().Single(a => a.GetProperty("title").GetString() == "Rename 'replica' to 'replicas'");
        Assert.That(fix.GetProperty("kind").GetString(), Is.EqualTo("quickfix"));
        var edit = fix.GetProperty("edit").GetProperty("changes").GetProperty(uri)[0];
        Assert.That(edit.GetProperty("newText").GetString(), Is.EqualTo("replicas"));
        Assert.That(edit.GetProperty("range").GetProperty("start").GetProperty("line").GetInt32(), Is.EqualTo(5));

        var disable = actions.EnumerateArray().Single(a => a.GetProperty("title").GetString() == "Disable schema-unknown-field for this line");
        Assert.That(disable.GetProperty("edit").GetProperty("changes").GetProperty(uri)[0].GetProperty("newText").GetString(), Is.EqualTo("  # gitops-ai-disable-next-line schema-unknown-field\n"));
        var configure = actions.EnumerateArray().Single(a => a.GetProperty("title").GetString() == "Configure schema-unknown-field in .gitops-ai/rules.yaml");
        var operations = configure.GetProperty("edit").GetProperty("documentChanges");
        Assert.That(operations[0].GetProperty("kind").GetString(), Is.EqualTo("create"));
        Assert.That(operations[0].GetProperty("uri").GetString(), Is.EqualTo(repo.UriOf(".gitops-ai/rules.yaml")));
        Assert.That(operations[0].GetProperty("options").GetProperty("ignoreIfExists").GetBoolean(), Is.True);
        Assert.That(operations[1].GetProperty("textDocument").GetProperty("uri").GetString(), Is.EqualTo(repo.UriOf(".gitops-ai/rules.yaml")));
        Assert.That(operations[1].GetProperty("textDocument").GetProperty("version").ValueKind, Is.EqualTo(JsonValueKind.Null), "a file that is not open has a null version, written out");
        Assert.That(operations[1].GetProperty("edits")[0].GetProperty("newText").GetString(), Does.Contain("schema-unknown-field: error"));
    }

    [Test]
    public async Task Document_symbols_name_each_resource_with_its_containers_as_children()
    {
        using var repo = Samples.Repository();
        await using var client = LspClient.Start();
        await client.InitializeAsync(repo.Root);
        var uri = repo.UriOf("deployment.yaml");
        await client.OpenAsync(uri, Samples.DeploymentWithTypo);

        var symbols = await client.RequestAsync("textDocument/documentSymbol", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri } });

        var resource = symbols.EnumerateArray().Single();
        Assert.That(resource.GetProperty("name").GetString(), Is.EqualTo("Deployment web"));
        Assert.That(resource.GetProperty("children")[0].GetProperty("name").GetString(), Is.EqualTo("container web"));
    }

    [Test]
    public async Task A_file_created_on_disk_clears_the_missing_path_error_after_did_change_watched_files()
    {
        using var repo = Samples.Repository();
        await using var client = LspClient.Start();
        await client.InitializeAsync(repo.Root);
        var uri = repo.UriOf("kustomization.yaml");
        await client.OpenAsync(uri, Samples.Kustomization);
        await client.WaitForDiagnosticsAsync(uri, until: m => Items(m).Any(d => d.GetProperty("code").GetString() == "kustomize-path-not-found"));

        repo.Write("later.yaml", Samples.Settings.Replace("web-settings", "later", StringComparison.Ordinal));
        await client.NotifyAsync("workspace/didChangeWatchedFiles", new JsonObject
        {
            ["changes"] = new JsonArray(new JsonObject { ["uri"] = repo.UriOf("later.yaml"), ["type"] = 1 }),
        });

        var published = await client.WaitForDiagnosticsAsync(uri, until: m => !Items(m).Any());
        Assert.That(Items(published), Is.Empty);
    }

    [Test]
    public async Task A_file_outside_every_workspace_folder_keeps_its_structure_errors_when_rechecked()
    {
        using var repo = Samples.Repository();
        await using var client = LspClient.Start();
        await client.InitializeAsync(null);
        var uri = repo.UriOf("kustomization.yaml");
        await client.OpenAsync(uri, Samples.Kustomization);
        await client.WaitForDiagnosticsAsync(uri, until: m => Items(m).Any(d => d.GetProperty("code").GetString() == "kustomize-path-not-found"));

        // Any file event re-checks the open documents in their (unchanged) context.
        await client.NotifyAsync("workspace/didChangeWatchedFiles", new JsonObject
        {
            ["changes"] = new JsonArray(new JsonObject { ["uri"] = repo.UriOf("notes.txt"), ["type"] = 1 }),
        });
        var rechecked = await client.WaitForDiagnosticsAsync(uri);

        Assert.That(Items(rechecked).Select(d => d.GetProperty("code").GetString()), Does.Contain("kustomize-path-not-found"));
    }

    [Test]
    public async Task Pull_diagnostics_return_a_full_report_then_unchanged_for_the_same_result_id()
    {
        using var repo = Samples.Repository();
        await using var client = LspClient.Start();
        await client.InitializeAsync(repo.Root, LspClient.DefaultCapabilities(pullDiagnostics: true));
        var uri = repo.UriOf("deployment.yaml");
        await client.OpenAsync(uri, Samples.DeploymentWithTypo);

        var first = await client.RequestAsync("textDocument/diagnostic", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri } });
        var second = await client.RequestAsync("textDocument/diagnostic", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri },
            ["previousResultId"] = first.GetProperty("resultId").GetString(),
        });

        Assert.That(first.GetProperty("kind").GetString(), Is.EqualTo("full"));
        Assert.That(first.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("code").GetString()), Does.Contain("schema-unknown-field"));
        Assert.That(second.GetProperty("kind").GetString(), Is.EqualTo("unchanged"));
    }

    [Test]
    public async Task Workspace_diagnostics_cover_files_that_are_not_open()
    {
        using var repo = Samples.Repository();
        await using var client = LspClient.Start();
        await client.InitializeAsync(repo.Root, LspClient.DefaultCapabilities(pullDiagnostics: true, progress: true));

        var items = await RetryUntilAsync(
            () => client.RequestAsync("workspace/diagnostic", new JsonObject { ["previousResultIds"] = new JsonArray() }),
            report => report.GetProperty("items").GetArrayLength() >= 4);

        var kustomization = items.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("uri").GetString() == repo.UriOf("kustomization.yaml"));
        Assert.That(kustomization.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("code").GetString()), Does.Contain("kustomize-path-not-found"));
        Assert.That(client.Progress.Select(p => p.GetProperty("value").GetProperty("kind").GetString()), Does.Contain("begin").And.Contain("end"));
    }

    [Test]
    public async Task Workspace_diagnostics_report_an_open_document_under_the_client_uri_from_its_editor_text()
    {
        using var repo = new TempWorkspace().Write("team@apps/deployment.yaml", Samples.DeploymentWithTypo);
        await using var client = LspClient.Start();
        await client.InitializeAsync(repo.PathOf("team@apps"), LspClient.DefaultCapabilities(pullDiagnostics: true));
        // VS Code escapes '@' in URIs; .NET does not.
        var clientUri = repo.UriOf("team@apps/deployment.yaml").Replace("@", "%40", StringComparison.Ordinal);
        await client.OpenAsync(clientUri, Samples.DeploymentWithTypo.Replace("replica:", "replicas:", StringComparison.Ordinal), version: 4);

        IEnumerable<JsonElement> ForDeployment(JsonElement report) => report.GetProperty("items").EnumerateArray()
            .Where(i => Uri.UnescapeDataString(i.GetProperty("uri").GetString()!) == Uri.UnescapeDataString(clientUri));

        var report = await RetryUntilAsync(
            () => client.RequestAsync("workspace/diagnostic", new JsonObject { ["previousResultIds"] = new JsonArray() }),
            report => ForDeployment(report).Any());

        var forDeployment = ForDeployment(report).ToList();
        Assert.That(forDeployment, Has.Count.EqualTo(1));
        Assert.That(forDeployment[0].GetProperty("uri").GetString(), Is.EqualTo(clientUri));
        Assert.That(forDeployment[0].GetProperty("version").GetInt32(), Is.EqualTo(4));
        Assert.That(forDeployment[0].GetProperty("items").EnumerateArray().Select(d => d.GetProperty("code").GetString()), Does.Not.Contain("schema-unknown-field"));
    }

    [Test]
    public async Task Settings_turn_schema_validation_off_and_override_severities()
    {
        using var repo = Samples.Repository();
        await using var client = LspClient.Start();
        client.Settings = new JsonObject { ["severityOverrides"] = new JsonObject { ["kustomize-path-not-found"] = "warning" } };
        await client.InitializeAsync(repo.Root);
        var kustomization = repo.UriOf("kustomization.yaml");
        await client.OpenAsync(kustomization, Samples.Kustomization);
        var overridden = await client.WaitForDiagnosticsAsync(kustomization, until: m => Items(m).Any(d => d.GetProperty("severity").GetInt32() == 2));

        await client.NotifyAsync("workspace/didChangeConfiguration", new JsonObject { ["settings"] = new JsonObject { ["gitopsAi"] = new JsonObject { ["validation"] = new JsonObject { ["schemas"] = false } } } });
        var deployment = repo.UriOf("deployment.yaml");
        await client.OpenAsync(deployment, Samples.DeploymentWithTypo);
        var unvalidated = await client.WaitForDiagnosticsAsync(deployment);

        Assert.That(Items(overridden).Single().GetProperty("code").GetString(), Is.EqualTo("kustomize-path-not-found"));
        Assert.That(Items(unvalidated).Where(d => d.GetProperty("source").GetString() == "gitops-ai.schema"), Is.Empty);
    }

    [Test]
    public async Task Settings_given_as_initialization_options_turn_schema_validation_off()
    {
        using var repo = Samples.Repository();
        await using var client = LspClient.Start();
        // A client that cannot answer workspace/configuration passes its settings only here.
        var capabilities = LspClient.DefaultCapabilities();
        capabilities["workspace"]!["configuration"] = false;
        await client.InitializeAsync(repo.Root, capabilities, initializationOptions: new JsonObject { ["validation"] = new JsonObject { ["schemas"] = false } });
        var deployment = repo.UriOf("deployment.yaml");
        await client.OpenAsync(deployment, Samples.DeploymentWithTypo);

        var published = await client.WaitForDiagnosticsAsync(deployment);

        Assert.That(Items(published).Where(d => d.GetProperty("source").GetString() == "gitops-ai.schema"), Is.Empty);
    }

    [Test]
    public async Task Shutdown_then_exit_ends_the_process_with_code_zero()
    {
        await using var client = LspClient.Start();
        await client.InitializeAsync(null);

        Assert.That(await client.ShutdownAndExitAsync(), Is.EqualTo(0));
    }

    [Test]
    public async Task After_shutdown_the_server_keeps_reading_refuses_requests_and_waits_for_exit()
    {
        await using var client = LspClient.Start();
        await client.InitializeAsync(null);
        await client.RequestAsync("shutdown", null);

        // LSP: requests after shutdown get InvalidRequest, and the process lives until exit.
        var refusal = Assert.ThrowsAsync<RemoteInvocationException>(async () =>
            await client.RequestAsync("textDocument/documentSymbol", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = "file:///tmp/any.yaml" } }));
        Assert.That(refusal!.ErrorCode, Is.EqualTo(-32600));
        Assert.That(client.Process.HasExited, Is.False);

        await client.NotifyAsync("exit", null);
        Assert.That(await client.WaitForExitAsync(), Is.EqualTo(0));
    }

    [Test]
    public async Task Exit_without_shutdown_ends_the_process_with_code_one()
    {
        await using var client = LspClient.Start();
        await client.InitializeAsync(null);

        await client.NotifyAsync("exit", null);

        Assert.That(await client.WaitForExitAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task The_server_exits_when_the_parent_process_dies()
    {
        // The parent dies after initialize, not after a fixed time: on a loaded machine starting the server can take longer.
        using var parent = System.Diagnostics.Process.Start("sleep", "60")!;
        await using var client = LspClient.Start();
        await client.InitializeAsync(null, processId: parent.Id);
        parent.Kill();

        Assert.That(await client.WaitForExitAsync(seconds: 15), Is.EqualTo(1));
    }

    private static async Task<JsonElement> RetryUntilFoundAsync(Func<Task<JsonElement>> request) =>
        await RetryUntilAsync(request, result => result.ValueKind == JsonValueKind.Array && result.GetArrayLength() > 0);

    /// <summary>Background indexing finishes on its own schedule; cross-file answers appear once it has.</summary>
    private static async Task<JsonElement> RetryUntilAsync(Func<Task<JsonElement>> request, Func<JsonElement, bool> done)
    {
        var result = await request();
        for (var attempt = 0; attempt < 50 && !done(result); attempt++)
        {
            await Task.Delay(100);
            result = await request();
        }

        return result;
    }
}
