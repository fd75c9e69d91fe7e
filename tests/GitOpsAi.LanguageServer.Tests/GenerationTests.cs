using GitOpsAi.Generation.Llm.Tests;

namespace GitOpsAi.LanguageServer.Tests;

/// <summary>Generation from a request comment, through the real server over stdio.</summary>
public sealed class GenerationTests
{
    private const string Kustomization = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: shop\nresources:\n  - deployment.yaml\n";

    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api
        spec:
          replicas: 2
          selector:
            matchLabels: {app: api}
          template:
            metadata:
              labels: {app: api}
            spec:
              containers:
                - name: api
                  image: ghcr.io/acme/api:1.0.0
                  ports:
                    - {name: http, containerPort: 8080}

        """;

    private static JsonObject Arguments(string uri, int line) => new() { ["uri"] = uri, ["line"] = line };

    private static Task<JsonElement> ExecuteAsync(LspClient client, JsonObject arguments) =>
        client.RequestAsync("workspace/executeCommand", new JsonObject { ["command"] = "gitopsAi.generate", ["arguments"] = new JsonArray(arguments) });

    [Test]
    public async Task A_request_comment_gets_a_code_action_and_a_code_lens_running_the_generate_command()
    {
        using var repo = new TempWorkspace().Write("apps/redis.yaml", "# gitops: redis statefulset with 10Gi storage\n");
        await using var client = LspClient.Start();
        var capabilities = (await client.InitializeAsync(repo.Root)).GetProperty("capabilities");
        var uri = repo.UriOf("apps/redis.yaml");
        await client.OpenAsync(uri, "# gitops: redis statefulset with 10Gi storage\n");

        var actions = await client.RequestAsync("textDocument/codeAction", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri },
            ["range"] = LspClient.Range(0, 3, 0, 3),
            ["context"] = new JsonObject { ["diagnostics"] = new JsonArray() },
        });
        var lenses = await client.RequestAsync("textDocument/codeLens", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri } });

        Assert.That(capabilities.GetProperty("executeCommandProvider").GetProperty("commands")[0].GetString(), Is.EqualTo("gitopsAi.generate"));
        var action = actions.EnumerateArray().Single(a => a.GetProperty("title").GetString() == "Generate manifests from this comment");
        Assert.That(action.GetProperty("command").GetProperty("command").GetString(), Is.EqualTo("gitopsAi.generate"));
        Assert.That(action.GetProperty("command").GetProperty("arguments")[0].GetProperty("line").GetInt32(), Is.EqualTo(0));
        Assert.That(lenses.EnumerateArray().Single().GetProperty("command").GetProperty("command").GetString(), Is.EqualTo("gitopsAi.generate"));
    }

    [Test]
    public async Task Executing_the_command_inserts_gated_documents_below_the_comment_and_keeps_the_comment()
    {
        const string text = "# gitops: redis statefulset with 10Gi storage\n";
        using var repo = new TempWorkspace().Write("apps/redis.yaml", text);
        await using var client = LspClient.Start();
        await client.InitializeAsync(repo.Root);
        var uri = repo.UriOf("apps/redis.yaml");
        await client.OpenAsync(uri, text, version: 4);

        var result = await ExecuteAsync(client, Arguments(uri, 0));

        Assert.That(result.GetProperty("applied").GetBoolean(), Is.True, result.ToString());
        var change = client.AppliedEdits.Single().GetProperty("documentChanges")[0];
        Assert.That(change.GetProperty("textDocument").GetProperty("uri").GetString(), Is.EqualTo(uri));
        Assert.That(change.GetProperty("textDocument").GetProperty("version").GetInt32(), Is.EqualTo(4));
        var edit = change.GetProperty("edits")[0];
        Assert.That(edit.GetProperty("range").GetProperty("start").GetProperty("line").GetInt32(), Is.EqualTo(1));
        Assert.That(edit.GetProperty("range").GetProperty("end").GetProperty("line").GetInt32(), Is.EqualTo(1), "an insertion, nothing replaced");
        Assert.That(edit.GetProperty("newText").GetString(), Does.StartWith("apiVersion: apps/v1\nkind: StatefulSet\n").And.Contain("storage: 10Gi"));
    }

    [Test]
    public async Task A_request_naming_a_new_file_creates_it_and_lists_it_in_the_folders_kustomization()
    {
        using var repo = new TempWorkspace()
            .Write("apps/api/kustomization.yaml", Kustomization)
            .Write("apps/api/deployment.yaml", Deployment)
            .Write("apps/api/notes.yaml", "# gitops: service for deployment api in apps/api/service.yaml\n");
        await using var client = LspClient.Start();
        await client.InitializeAsync(repo.Root);
        var uri = repo.UriOf("apps/api/notes.yaml");
        await client.OpenAsync(uri, "# gitops: service for deployment api in apps/api/service.yaml\n");

        var result = await ExecuteAsync(client, Arguments(uri, 0));

        Assert.That(result.GetProperty("applied").GetBoolean(), Is.True, result.ToString());
        var changes = client.AppliedEdits.Single().GetProperty("documentChanges").EnumerateArray().ToList();
        Assert.That(changes[0].GetProperty("kind").GetString(), Is.EqualTo("create"));
        Assert.That(changes[0].GetProperty("uri").GetString(), Is.EqualTo(repo.UriOf("apps/api/service.yaml")));
        Assert.That(changes[0].GetProperty("options").GetProperty("ignoreIfExists").GetBoolean(), Is.True);
        var created = changes[1].GetProperty("edits")[0].GetProperty("newText").GetString();
        Assert.That(created, Does.Contain("namespace: shop").And.Contain("app: api").And.Contain("port: 8080"));
        var listing = changes[2];
        Assert.That(listing.GetProperty("textDocument").GetProperty("uri").GetString(), Is.EqualTo(repo.UriOf("apps/api/kustomization.yaml")));
        Assert.That(listing.GetProperty("edits")[0].GetProperty("newText").GetString(), Is.EqualTo("  - service.yaml\n"));
    }

    [Test]
    public async Task A_request_whose_output_fails_the_gate_inserts_nothing_and_shows_the_finding()
    {
        using var repo = new TempWorkspace().Write("clusters/prod/apps.yaml", "# gitops: flux kustomization apps path ./apps/missing\n");
        await using var client = LspClient.Start();
        await client.InitializeAsync(repo.Root);
        var uri = repo.UriOf("clusters/prod/apps.yaml");
        await client.OpenAsync(uri, "# gitops: flux kustomization apps path ./apps/missing\n");

        var result = await ExecuteAsync(client, Arguments(uri, 0));

        Assert.That(result.GetProperty("applied").GetBoolean(), Is.False);
        Assert.That(client.AppliedEdits, Is.Empty);
        Assert.That(result.GetProperty("findings").EnumerateArray().Select(f => f.GetString()), Has.Some.Contains("flux-path-not-found"));
    }

    [Test]
    public async Task A_request_sent_with_the_command_goes_below_the_given_line_of_any_document()
    {
        const string text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: v\n";
        using var repo = new TempWorkspace().Write("apps/config.yaml", text);
        await using var client = LspClient.Start();
        await client.InitializeAsync(repo.Root);
        var uri = repo.UriOf("apps/config.yaml");
        await client.OpenAsync(uri, text);

        var arguments = Arguments(uri, 5);
        arguments["request"] = "configmap b with MODE=fast";
        var result = await ExecuteAsync(client, arguments);

        Assert.That(result.GetProperty("applied").GetBoolean(), Is.True, result.ToString());
        var edit = client.AppliedEdits.Single().GetProperty("documentChanges")[0].GetProperty("edits")[0];
        Assert.That(edit.GetProperty("newText").GetString(), Does.StartWith("---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n"));
    }

    [Test]
    public async Task A_provider_that_cannot_be_used_falls_back_to_the_offline_engine_and_says_why()
    {
        const string text = "# gitops: namespace team-a\n";
        using var repo = new TempWorkspace().Write("ns.yaml", text);
        await using var client = LspClient.Start();
        // Both ways settings arrive: initializationOptions, and the answer to the server's workspace/configuration pull.
        client.Settings = new JsonObject { ["generation"] = new JsonObject { ["provider"] = "azure" } };
        await client.InitializeAsync(repo.Root, initializationOptions: (JsonObject)client.Settings.DeepClone());
        var uri = repo.UriOf("ns.yaml");
        await client.OpenAsync(uri, text);

        var result = await ExecuteAsync(client, Arguments(uri, 0));

        Assert.That(result.GetProperty("applied").GetBoolean(), Is.True, result.ToString());
        Assert.That(result.GetProperty("engine").GetString(), Is.EqualTo("offline"));
        Assert.That(result.GetProperty("notes")[0].GetString(), Does.Contain("azure provider needs"));
    }

    private static JsonObject ModelSettings(FakeOpenAiServer model) =>
        new() { ["generation"] = new JsonObject { ["provider"] = "ollama", ["endpoint"] = model.BaseUrl.ToString(), ["model"] = "test-model" } };

    [Test]
    public async Task A_configured_model_answers_through_the_server_and_its_reply_is_gated_and_inserted()
    {
        const string text = "# gitops: configmap settings with MODE=fast\n";
        await using var model = new FakeOpenAiServer(Reply.Chat("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  MODE: fast\n"));
        using var repo = new TempWorkspace().Write("apps/settings.yaml", text);
        await using var client = LspClient.Start();
        client.Settings = ModelSettings(model);
        await client.InitializeAsync(repo.Root, initializationOptions: (JsonObject)client.Settings.DeepClone());
        var uri = repo.UriOf("apps/settings.yaml");
        await client.OpenAsync(uri, text);

        var result = await client.RequestAsync("workspace/executeCommand", new JsonObject
        {
            ["command"] = "gitopsAi.generate",
            ["arguments"] = new JsonArray(Arguments(uri, 0)),
            ["workDoneToken"] = "generate-1",
        });

        Assert.That(result.GetProperty("engine").GetString(), Is.EqualTo("ollama"), result.ToString());
        for (var waited = 0; client.Progress.Count(p => p.GetProperty("value").GetProperty("kind").GetString() == "end" && p.GetProperty("token").ValueKind == JsonValueKind.String) == 0 && waited < 5_000; waited += 50)
        {
            await Task.Delay(50); // notifications may trail the response
        }

        var progress = client.Progress.Where(p => p.GetProperty("token").ValueKind == JsonValueKind.String && p.GetProperty("token").GetString() == "generate-1")
            .Select(p => p.GetProperty("value").GetProperty("kind").GetString()).ToList();
        Assert.That(progress, Is.EqualTo(new[] { "begin", "end" }), "work-done progress while the model answers");
        Assert.That(result.GetProperty("applied").GetBoolean(), Is.True);
        Assert.That(model.Requests, Has.Count.EqualTo(1));
        Assert.That(client.AppliedEdits.Single().GetProperty("documentChanges")[0].GetProperty("edits")[0].GetProperty("newText").GetString(), Does.Contain("MODE: fast"));
    }

    [Test]
    public async Task Cancelling_the_command_while_a_slow_model_answers_inserts_nothing()
    {
        const string text = "# gitops: configmap settings with MODE=fast\n";
        await using var model = new FakeOpenAiServer(Reply.Chat("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n", delay: TimeSpan.FromSeconds(3)));
        using var repo = new TempWorkspace().Write("apps/settings.yaml", text);
        await using var client = LspClient.Start();
        client.Settings = ModelSettings(model);
        await client.InitializeAsync(repo.Root, initializationOptions: (JsonObject)client.Settings.DeepClone());
        var uri = repo.UriOf("apps/settings.yaml");
        await client.OpenAsync(uri, text);

        using var cancel = new CancellationTokenSource();
        var call = client.RequestAsync("workspace/executeCommand", new JsonObject { ["command"] = "gitopsAi.generate", ["arguments"] = new JsonArray(Arguments(uri, 0)) }, cancel.Token);
        for (var waited = 0; model.Requests.IsEmpty && waited < 30_000; waited += 50)
        {
            await Task.Delay(50);
        }

        Assert.That(model.Requests, Is.Not.Empty, "the model was asked");
        await cancel.CancelAsync();

        Assert.That(async () => await call, Throws.InstanceOf<OperationCanceledException>());
        await Task.Delay(TimeSpan.FromSeconds(4)); // past the model's answer: a generation still running would apply its edit now
        Assert.That(client.AppliedEdits, Is.Empty);
        Assert.That(model.Requests, Has.Count.EqualTo(1), "no offline fallback or repair after a cancel");
    }

    [Test]
    public async Task The_request_prefix_is_configurable()
    {
        const string text = "# ai: namespace team-a\n# gitops: namespace team-b\n";
        using var repo = new TempWorkspace().Write("ns.yaml", text);
        await using var client = LspClient.Start();
        client.Settings = new JsonObject { ["generation"] = new JsonObject { ["prefix"] = "ai:" } };
        await client.InitializeAsync(repo.Root, initializationOptions: (JsonObject)client.Settings.DeepClone());
        var uri = repo.UriOf("ns.yaml");
        await client.OpenAsync(uri, text);

        var lenses = await client.RequestAsync("textDocument/codeLens", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri } });

        Assert.That(lenses.EnumerateArray().Select(l => l.GetProperty("range").GetProperty("start").GetProperty("line").GetInt32()), Is.EqualTo(new[] { 0 }));
    }
}
