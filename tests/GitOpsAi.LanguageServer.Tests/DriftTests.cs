using GitOpsAi.KubeEmulator;

namespace GitOpsAi.LanguageServer.Tests;

/// <summary>Drift in the editor: the real server process against the loopback API emulator.</summary>
[NonParallelizable] // the server processes inherit GITOPSAI_STATE_DIR
public sealed class DriftTests
{
    private string _state = null!;

    [SetUp]
    public void KeepTheBaselineInATemporaryFolder()
    {
        _state = Path.Combine(Path.GetTempPath(), "gitops-ai-lsp-state-" + Guid.NewGuid().ToString("N"));
        Environment.SetEnvironmentVariable("GITOPSAI_STATE_DIR", _state);
    }

    [TearDown]
    public void RemoveTheBaseline()
    {
        Environment.SetEnvironmentVariable("GITOPSAI_STATE_DIR", null);
        if (Directory.Exists(_state))
        {
            Directory.Delete(_state, recursive: true);
        }
    }

    private const string Deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  replicas: 3\n  selector:\n    matchLabels: { app: web }\n  template:\n    metadata:\n      labels: { app: web }\n    spec:\n      containers:\n        - name: web\n          image: ghcr.io/acme/web:1.4.2\n";

    private const string Live = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: shop
          managedFields:
            - manager: kustomize-controller
              operation: Apply
              time: "2026-11-20T10:00:00Z"
              fieldsV1: { "f:spec": { "f:replicas": {} } }
            - manager: kubectl-set
              operation: Update
              time: "2026-12-02T10:00:00Z"
              fieldsV1: { "f:spec": { "f:template": { "f:spec": { "f:containers": { 'k:{"name":"web"}': { "f:image": {} } } } } } }
        spec:
          replicas: 3
          selector:
            matchLabels: { app: web }
          template:
            metadata:
              labels: { app: web }
            spec:
              containers:
                - name: web
                  image: ghcr.io/acme/web:1.4.3-hotfix
                  imagePullPolicy: IfNotPresent
                  terminationMessagePath: /dev/termination-log
              dnsPolicy: ClusterFirst
        status: { replicas: 3 }
        """;

    private static IEnumerable<JsonElement> Items(JsonElement published) => published.GetProperty("diagnostics").EnumerateArray();

    private static bool HasDrift(JsonElement published) => Items(published).Any(d => d.GetProperty("code").GetString() == "drift-field");

    private static async Task EventuallyAsync(Func<bool> condition, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the condition did not become true in time");
            await Task.Delay(100);
        }
    }

    private static JsonObject ClusterOn(string kubeconfig) =>
        new() { ["cluster"] = new JsonObject { ["enabled"] = true, ["kubeconfig"] = kubeconfig } };

    [Test]
    public async Task With_the_cluster_on_a_hand_edit_shows_as_a_diagnostic_hint_lens_hover_and_two_code_actions_sending_only_GETs()
    {
        await using var emulator = new KubeApiEmulator();
        emulator.Apply(Live);
        using var repo = new TempWorkspace().Write("web.yaml", Deployment);
        var kubeconfig = emulator.WriteKubeconfig(repo.Root);
        await using var client = LspClient.Start();
        client.Settings = ClusterOn(kubeconfig);
        await client.InitializeAsync(repo.Root, initializationOptions: ClusterOn(kubeconfig));
        var uri = repo.UriOf("web.yaml");

        await client.OpenAsync(uri, Deployment);
        var published = await client.WaitForDiagnosticsAsync(uri, 1, HasDrift);

        var drift = Items(published).Single(d => d.GetProperty("code").GetString() == "drift-field");
        Assert.That(drift.GetProperty("source").GetString(), Is.EqualTo("gitops-ai.drift"));
        Assert.That(drift.GetProperty("message").GetString(), Does.StartWith("live: ghcr.io/acme/web:1.4.3-hotfix (kubectl-set, "));
        Assert.That(drift.GetProperty("range").GetProperty("start").GetProperty("line").GetInt32(), Is.EqualTo(15));
        Assert.That(drift.GetProperty("range").GetProperty("start").GetProperty("character").GetInt32(), Is.EqualTo(17));

        var hints = await client.RequestAsync("textDocument/inlayHint", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri }, ["range"] = LspClient.Range(0, 0, 20, 0) });
        Assert.That(hints.EnumerateArray().Single().GetProperty("label").GetString(), Is.EqualTo("live: ghcr.io/acme/web:1.4.3-hotfix"));

        var lenses = await client.RequestAsync("textDocument/codeLens", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri } });
        Assert.That(lenses.EnumerateArray().Single().GetProperty("command").GetProperty("title").GetString(), Does.StartWith("emulator: 1 field drifted, score "));

        var hover = await client.RequestAsync("textDocument/hover", LspClient.TextDocumentPosition(uri, 15, 25));
        Assert.That(hover.GetProperty("contents").GetProperty("value").GetString(), Does.Contain("- Live: `ghcr.io/acme/web:1.4.3-hotfix`"));

        var actions = await client.RequestAsync("textDocument/codeAction", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri },
            ["range"] = LspClient.Range(15, 20, 15, 20),
            ["context"] = new JsonObject { ["diagnostics"] = new JsonArray() },
        });
        var accept = actions.EnumerateArray().Single(a => a.GetProperty("title").GetString()!.StartsWith("Accept the live value into Git", StringComparison.Ordinal));
        Assert.That(accept.GetProperty("edit").GetProperty("changes").GetProperty(uri)[0].GetProperty("newText").GetString(), Is.EqualTo("ghcr.io/acme/web:1.4.3-hotfix"));
        var copy = actions.EnumerateArray().Single(a => a.GetProperty("title").GetString() == "Copy the kubectl command that restores Git");
        Assert.That(copy.GetProperty("command").GetProperty("command").GetString(), Is.EqualTo("gitopsAi.copyToClipboard"));
        Assert.That(copy.GetProperty("command").GetProperty("arguments")[0].GetString(), Does.StartWith("kubectl --context emulator -n shop patch deployment.apps/web --type=strategic"));

        Assert.That(client.ClusterStatuses.Select(s => s.GetProperty("state").GetString()), Does.Contain("drifted"));
        Assert.That(emulator.Requests.Select(r => r.Method).Distinct(), Is.EqualTo(new[] { "GET" }));

        // The baseline is saved to the user's cache folder when the server stops, with field identities, never values.
        await client.ShutdownAndExitAsync();
        var state = File.ReadAllText(Directory.GetFiles(_state, "drift-history-*.json").Single());
        Assert.That(state, Does.Contain("spec.template.spec.containers[name=web].image").And.Not.Contain("1.4.3-hotfix"));
    }

    [Test]
    public async Task Paths_mapped_to_another_context_are_compared_against_that_cluster_which_connects_only_when_such_a_file_is_opened()
    {
        await using var dev = new KubeApiEmulator();
        await using var prod = new KubeApiEmulator();
        dev.Apply(Live.Replace("1.4.3-hotfix", "1.4.2-dev-patch", StringComparison.Ordinal));
        prod.Apply(Live);
        using var repo = new TempWorkspace()
            .Write(".gitops-ai/rules.yaml", "drift:\n  clusters:\n    - path: clusters/prod/**\n      context: prod-eu\n")
            .Write("clusters/dev/web.yaml", Deployment)
            .Write("clusters/prod/web.yaml", Deployment);
        var kubeconfig = KubeApiEmulator.WriteKubeconfig(repo.Root, ("dev", dev), ("prod-eu", prod));
        await using var client = LspClient.Start();
        client.Settings = ClusterOn(kubeconfig);
        await client.InitializeAsync(repo.Root, initializationOptions: ClusterOn(kubeconfig));

        var devUri = repo.UriOf("clusters/dev/web.yaml");
        await client.OpenAsync(devUri, Deployment);
        var devDrift = Items(await client.WaitForDiagnosticsAsync(devUri, 1, HasDrift)).Single(d => d.GetProperty("code").GetString() == "drift-field");
        Assert.That(devDrift.GetProperty("message").GetString(), Does.StartWith("live: ghcr.io/acme/web:1.4.2-dev-patch (kubectl-set, "));
        Assert.That(prod.Requests, Is.Empty, "the prod-eu cluster is connected only once a file mapped to it is analysed");

        var prodUri = repo.UriOf("clusters/prod/web.yaml");
        await client.OpenAsync(prodUri, Deployment);
        var prodDrift = Items(await client.WaitForDiagnosticsAsync(prodUri, 1, HasDrift)).Single(d => d.GetProperty("code").GetString() == "drift-field");
        Assert.That(prodDrift.GetProperty("message").GetString(), Does.StartWith("live: ghcr.io/acme/web:1.4.3-hotfix (kubectl-set, "));

        var lenses = await client.RequestAsync("textDocument/codeLens", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = prodUri } });
        Assert.That(lenses.EnumerateArray().Single().GetProperty("command").GetProperty("title").GetString(), Does.StartWith("prod-eu: 1 field drifted"));

        await EventuallyAsync(() => client.ClusterStatuses.Any(s => s.TryGetProperty("clusters", out var all) && all.ValueKind == JsonValueKind.Array
            && all.EnumerateArray().Select(c => (c.GetProperty("context").GetString(), c.GetProperty("state").GetString())).ToHashSet().SetEquals(new (string?, string?)[] { ("dev", "drifted"), ("prod-eu", "drifted") })));
        Assert.That(dev.Requests.Concat(prod.Requests).Select(r => r.Method).Distinct(), Is.EqualTo(new[] { "GET" }));
    }

    [Test]
    public async Task The_context_setting_picks_a_cluster_other_than_the_kubeconfigs_current_context()
    {
        await using var current = new KubeApiEmulator();
        await using var chosen = new KubeApiEmulator();
        current.Apply(Live.Replace("1.4.3-hotfix", "1.4.2-dev-patch", StringComparison.Ordinal));
        chosen.Apply(Live);
        using var repo = new TempWorkspace().Write("web.yaml", Deployment);
        var kubeconfig = KubeApiEmulator.WriteKubeconfig(repo.Root, ("dev", current), ("staging", chosen));
        var settings = ClusterOn(kubeconfig);
        ((JsonObject)settings["cluster"]!)["context"] = "staging";
        await using var client = LspClient.Start();
        client.Settings = settings;
        await client.InitializeAsync(repo.Root, initializationOptions: (JsonObject)settings.DeepClone());

        var uri = repo.UriOf("web.yaml");
        await client.OpenAsync(uri, Deployment);
        var drift = Items(await client.WaitForDiagnosticsAsync(uri, 1, HasDrift)).Single(d => d.GetProperty("code").GetString() == "drift-field");

        Assert.That(drift.GetProperty("message").GetString(), Does.StartWith("live: ghcr.io/acme/web:1.4.3-hotfix (kubectl-set, "));
        Assert.That(current.Requests, Is.Empty, "the kubeconfig's current context is never connected");
        Assert.That(chosen.Requests.Select(r => r.Method).Distinct(), Is.EqualTo(new[] { "GET" }));
    }

    [Test]
    public async Task A_Secret_that_drifted_shows_key_names_only_no_value_reaches_a_diagnostic_hint_hover_lens_or_the_log()
    {
        const string secret = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: shop\ntype: Opaque\nstringData:\n  password: git-side-value\n";
        await using var emulator = new KubeApiEmulator();
        emulator.Apply("""
            apiVersion: v1
            kind: Secret
            metadata:
              name: db
              namespace: shop
              annotations:
                kubectl.kubernetes.io/last-applied-configuration: '{"data":{"password":"bGFzdC1hcHBsaWVkLXZhbHVl"}}'
              managedFields:
                - manager: kubectl-edit
                  operation: Update
                  time: "2026-12-02T10:00:00Z"
                  fieldsV1: { "f:data": { "f:password": {}, "f:token": {} } }
            type: Opaque
            data:
              password: bGl2ZS1wYXNzd29yZA==
              token: bGl2ZS10b2tlbi12YWx1ZQ==
            """);
        using var repo = new TempWorkspace().Write("secret.yaml", secret);
        var kubeconfig = emulator.WriteKubeconfig(repo.Root);
        await using var client = LspClient.Start();
        client.Settings = ClusterOn(kubeconfig);
        await client.InitializeAsync(repo.Root, initializationOptions: ClusterOn(kubeconfig));
        var uri = repo.UriOf("secret.yaml");

        await client.OpenAsync(uri, secret);
        var published = await client.WaitForDiagnosticsAsync(uri, 1, p => Items(p).Any(d => d.GetProperty("source").GetString() == "gitops-ai.drift"));
        var hints = await client.RequestAsync("textDocument/inlayHint", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri }, ["range"] = LspClient.Range(0, 0, 10, 0) });
        var lenses = await client.RequestAsync("textDocument/codeLens", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri } });
        var hovers = new List<string>();
        foreach (var line in new[] { 3, 6, 7 })
        {
            var hover = await client.RequestAsync("textDocument/hover", LspClient.TextDocumentPosition(uri, line, 4));
            hovers.Add(hover.ValueKind == JsonValueKind.Null ? string.Empty : hover.GetRawText());
        }

        var seen = string.Join("\n", published.GetRawText(), hints.GetRawText(), lenses.GetRawText(), string.Join("\n", hovers), client.Stderr);
        Assert.That(seen, Does.Contain("token"), "the key the cluster has and Git lacks is named");
        foreach (var value in new[] { "bGl2ZS1wYXNzd29yZA==", "live-password", "bGl2ZS10b2tlbi12YWx1ZQ==", "live-token-value", "bGFzdC1hcHBsaWVkLXZhbHVl", "last-applied-value" })
        {
            Assert.That(seen, Does.Not.Contain(value));
        }

        Assert.That(emulator.Requests.Select(r => r.Method).Distinct(), Is.EqualTo(new[] { "GET" }));
    }

    [Test]
    public async Task The_cluster_is_off_by_default_and_an_unreachable_one_is_one_status_while_static_findings_still_arrive()
    {
        using var repo = new TempWorkspace().Write("web.yaml", Samples.DeploymentWithTypo);
        await using (var offClient = LspClient.Start())
        {
            await offClient.InitializeAsync(repo.Root);
            await offClient.OpenAsync(repo.UriOf("web.yaml"), Samples.DeploymentWithTypo);
            var off = await offClient.WaitForDiagnosticsAsync(repo.UriOf("web.yaml"), 1);
            Assert.That(Items(off).Select(d => d.GetProperty("source").GetString()), Does.Not.Contain("gitops-ai.drift"));
        }

        string kubeconfig;
        await using (var stopped = new KubeApiEmulator())
        {
            kubeconfig = stopped.WriteKubeconfig(repo.Root);
        }

        await using var client = LspClient.Start();
        client.Settings = ClusterOn(kubeconfig);
        await client.InitializeAsync(repo.Root, initializationOptions: ClusterOn(kubeconfig));
        await client.OpenAsync(repo.UriOf("web.yaml"), Samples.DeploymentWithTypo);

        var published = await client.WaitForDiagnosticsAsync(repo.UriOf("web.yaml"), 1, p => Items(p).Any(d => d.GetProperty("code").GetString() == "schema-unknown-field"));
        Assert.That(Items(published).Count(d => d.GetProperty("code").GetString() == "drift-field"), Is.Zero);
        var deadline = DateTime.UtcNow.AddSeconds(40);
        while (!client.ClusterStatuses.Any(s => s.GetProperty("state").GetString() == "unreachable") && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.That(client.ClusterStatuses.Select(s => s.GetProperty("state").GetString()), Does.Contain("unreachable"));
        Assert.That(client.ClusterStatuses.Single(s => s.GetProperty("state").GetString() == "unreachable").GetProperty("message").GetString(), Does.Contain("Cannot reach emulator"));
        var withNote = await client.WaitForDiagnosticsAsync(repo.UriOf("web.yaml"), 1, p => Items(p).Any(d => d.GetProperty("code").GetString() == "drift-cluster-status"));
        Assert.That(Items(withNote).Count(d => d.GetProperty("code").GetString() == "drift-cluster-status"), Is.EqualTo(1), "one note per file, not a storm");
        Assert.That(Items(withNote).Any(d => d.GetProperty("code").GetString() == "schema-unknown-field"), Is.True, "static findings are unaffected");
    }

    [Test]
    public async Task While_connected_the_CRDs_the_cluster_serves_are_schemas_for_validation()
    {
        const string widget = "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n  namespace: shop\nspec:\n  size: big\n";
        await using var emulator = new KubeApiEmulator();
        emulator.Apply("""
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: { name: widgets.example.com }
            spec:
              group: example.com
              scope: Namespaced
              names: { kind: Widget, plural: widgets, singular: widget, listKind: WidgetList }
              versions:
                - name: v1
                  served: true
                  storage: true
                  schema:
                    openAPIV3Schema:
                      type: object
                      properties:
                        spec:
                          type: object
                          properties:
                            size: { type: integer }
            """);
        using var repo = new TempWorkspace().Write("widget.yaml", widget);
        var kubeconfig = emulator.WriteKubeconfig(repo.Root);
        await using var client = LspClient.Start();
        client.Settings = ClusterOn(kubeconfig);
        await client.InitializeAsync(repo.Root, initializationOptions: ClusterOn(kubeconfig));
        var uri = repo.UriOf("widget.yaml");

        await client.OpenAsync(uri, widget);
        var published = await client.WaitForDiagnosticsAsync(uri, 1, p => Items(p).Any(d => d.GetProperty("code").GetString() == "schema-type-mismatch"));

        var mismatch = Items(published).Single(d => d.GetProperty("code").GetString() == "schema-type-mismatch");
        Assert.That(mismatch.GetProperty("range").GetProperty("start").GetProperty("line").GetInt32(), Is.EqualTo(6));
        Assert.That(Items(published).Any(d => d.GetProperty("code").GetString() == "no-schema"), Is.False);
    }

    [Test]
    public async Task While_connected_a_bundled_kind_whose_CRD_the_vendor_patched_is_validated_with_the_clusters_CRD()
    {
        // Flux's bundled schema does not allow deletionPolicy Keep; this cluster's Kustomization CRD does (a vendor's patch).
        const string flux = "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n  namespace: flux-system\nspec:\n  interval: 10m\n  prune: true\n  sourceRef: { kind: GitRepository, name: flux-system }\n  deletionPolicy: Keep\n";
        await using var emulator = new KubeApiEmulator();
        emulator.Apply(SampleCrds.FluxKustomizationAllowingKeep);
        using var repo = new TempWorkspace().Write("flux.yaml", flux);
        var kubeconfig = emulator.WriteKubeconfig(repo.Root);
        static bool KeepIsAnError(JsonElement published) =>
            Items(published).Any(d => d.GetProperty("range").GetProperty("start").GetProperty("line").GetInt32() == 9 && d.GetProperty("severity").GetInt32() == 1);

        await using (var off = LspClient.Start())
        {
            await off.InitializeAsync(repo.Root);
            await off.OpenAsync(repo.UriOf("flux.yaml"), flux);
            Assert.That(KeepIsAnError(await off.WaitForDiagnosticsAsync(repo.UriOf("flux.yaml"), 1)), Is.True, "without the cluster the bundled schema rejects Keep");
        }

        await using var client = LspClient.Start();
        client.Settings = ClusterOn(kubeconfig);
        await client.InitializeAsync(repo.Root, initializationOptions: ClusterOn(kubeconfig));
        var uri = repo.UriOf("flux.yaml");
        await client.OpenAsync(uri, flux);

        var published = await client.WaitForDiagnosticsAsync(uri, 1, p => !KeepIsAnError(p));

        Assert.That(KeepIsAnError(published), Is.False);

        // The cluster's enum is what validates now: a value it lacks is still an error.
        await client.ChangeAsync(uri, 2, 9, 18, 9, 22, "Sometimes");
        Assert.That(KeepIsAnError(await client.WaitForDiagnosticsAsync(uri, 2)), Is.True);
        Assert.That(emulator.Requests.Select(r => r.Method).Distinct(), Is.EqualTo(new[] { "GET" }));
    }

    [Test]
    public async Task Editing_an_immutable_selector_is_an_error_against_Git_HEAD_with_no_cluster()
    {
        using var repo = new TempWorkspace().Write("web.yaml", Deployment);
        if (!Git(repo.Root, "init", "-q") || !Git(repo.Root, "add", ".") || !Git(repo.Root, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "init"))
        {
            Assert.Ignore("git is not available");
        }

        await using var client = LspClient.Start();
        await client.InitializeAsync(repo.Root);
        var uri = repo.UriOf("web.yaml");
        await client.OpenAsync(uri, Deployment);
        await client.WaitForDiagnosticsAsync(uri, 1);

        await client.ChangeAsync(uri, 2, 8, 19, 8, 22, "api"); // matchLabels: { api: web }
        var published = await client.WaitForDiagnosticsAsync(uri, 2);

        var error = Items(published).Single(d => d.GetProperty("code").GetString() == "immutable-field-change");
        Assert.That(error.GetProperty("severity").GetInt32(), Is.EqualTo(1));
        Assert.That(error.GetProperty("message").GetString(), Does.Contain("spec.selector of a Deployment is immutable and differs from Git HEAD"));
        Assert.That(error.GetProperty("range").GetProperty("start").GetProperty("line").GetInt32(), Is.EqualTo(8));
    }

    [Test]
    public async Task Committing_the_edited_selector_clears_the_error_with_no_edit_and_no_polling()
    {
        using var repo = new TempWorkspace().Write("web.yaml", Deployment);
        if (!Git(repo.Root, "init", "-q") || !Git(repo.Root, "add", ".") || !Git(repo.Root, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "init"))
        {
            Assert.Ignore("git is not available");
        }

        await using var client = LspClient.Start();
        await client.InitializeAsync(repo.Root);
        var uri = repo.UriOf("web.yaml");
        await client.OpenAsync(uri, Deployment);
        await client.WaitForDiagnosticsAsync(uri, 1);
        await client.ChangeAsync(uri, 2, 8, 19, 8, 22, "api");
        await client.WaitForDiagnosticsAsync(uri, 2, p => Items(p).Any(d => d.GetProperty("code").GetString() == "immutable-field-change"));

        // The user saves and commits the new selector: HEAD now has it, so the open document no longer changes it.
        // The save alone re-checks the document (a file changed on disk); let that settle, so only the commit is left to notice.
        File.WriteAllText(Path.Combine(repo.Root, "web.yaml"), Deployment.Replace("matchLabels: { app: web }", "matchLabels: { api: web }", StringComparison.Ordinal));
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.That(Git(repo.Root, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qam", "new selector"), Is.True);

        var published = await client.WaitForDiagnosticsAsync(uri, 2, p => Items(p).All(d => d.GetProperty("code").GetString() != "immutable-field-change"), timeoutSeconds: 10);
        Assert.That(Items(published), Is.Not.Empty, "the other findings are still published");
    }

    private static bool Git(string directory, params string[] arguments)
    {
        try
        {
            var start = new System.Diagnostics.ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using var process = System.Diagnostics.Process.Start(start)!;
            process.WaitForExit(30_000);
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
