using System.Diagnostics;
using System.Text.Json;

namespace GitOpsAi.Cli.Tests;

[NonParallelizable] // sets GITOPSAI_STATE_DIR for the process
public sealed class DriftCheckTests
{
    private string _stateFolder = null!;

    [SetUp]
    public void KeepTheBaselineInATemporaryFolder()
    {
        _stateFolder = Path.Combine(Path.GetTempPath(), "gitops-ai-state-" + Guid.NewGuid().ToString("N"));
        Environment.SetEnvironmentVariable("GITOPSAI_STATE_DIR", _stateFolder);
    }

    [TearDown]
    public void RemoveTheBaseline()
    {
        Environment.SetEnvironmentVariable("GITOPSAI_STATE_DIR", null);
        if (Directory.Exists(_stateFolder))
        {
            Directory.Delete(_stateFolder, recursive: true);
        }
    }

    private static string RepositoryRoot
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "GitOpsAi.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException("GitOpsAi.sln not found above the test assembly");
        }
    }

    private const string Deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  replicas: 3\n  selector:\n    matchLabels: { app: web }\n  template:\n    metadata:\n      labels: { app: web }\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n";

    private const string ScaledDown = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\n  managedFields:\n    - manager: kubectl-scale\n      operation: Update\n      time: \"2026-12-01T00:00:00Z\"\n      fieldsV1: { f:spec: { f:replicas: {} } }\nspec:\n  replicas: 1\n  selector:\n    matchLabels: { app: web }\n  template:\n    metadata:\n      labels: { app: web }\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n";

    [Test]
    public void The_example_snapshot_reports_the_hand_edited_image_the_scaled_down_replicas_the_immutable_selector_and_an_unmanaged_object()
    {
        var root = RepositoryRoot;

        var result = CliRun.InProcess("check", Path.Combine(root, "examples", "flux-repo"), "--snapshot", Path.Combine(root, "examples", "cluster-snapshot.yaml"));

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(1));
            Assert.That(result.Stdout, Does.Contain("apps/base/podinfo/deployment.yaml:19:18: warning drift-field: live: ghcr.io/stefanprodan/podinfo:6.7.2-hotfix (kubectl-set, "));
            Assert.That(result.Stdout, Does.Contain("apps/base/podinfo/cache.yaml:8:13: warning drift-field: live: 1 (kubectl-scale, "));
            Assert.That(result.Stdout, Does.Contain("apps/base/podinfo/cache.yaml:10:5: error immutable-field-change: spec.selector of a Deployment is immutable"));
            Assert.That(result.Stdout, Does.Contain("apps/base/podinfo/namespace.yaml:4:9: information drift-unmanaged: 1 object is in namespace podinfo"));
            var driftLines = result.Stdout.Split('\n').Where(line => line.Contains(" drift-", StringComparison.Ordinal)).ToList();
            Assert.That(driftLines, Has.Count.EqualTo(5), result.Stdout);
            Assert.That(driftLines.Where(line => line.Contains("hpa.yaml:", StringComparison.Ordinal) || line.Contains("service.yaml:", StringComparison.Ordinal)), Is.Empty,
                "replicas under the HPA and server defaults are not drift");
        });
    }

    [TestCase("json")]
    [TestCase("sarif")]
    public void Drift_codes_appear_in_every_format(string format)
    {
        var root = RepositoryRoot;

        var result = CliRun.InProcess("check", Path.Combine(root, "examples", "flux-repo"), "--snapshot", Path.Combine(root, "examples", "cluster-snapshot.yaml"), "--format", format);

        using var json = JsonDocument.Parse(result.Stdout);
        foreach (var code in new[] { "drift-field", "drift-unmanaged", "immutable-field-change" })
        {
            Assert.That(result.Stdout, Does.Contain($"\"{code}\""), code);
        }
    }

    [Test]
    public void A_drift_warning_fails_the_run_with_fail_on_warning_unless_it_is_at_or_below_maxDriftScore()
    {
        const string settings = "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings, namespace: shop }\ndata:\n  mode: fast\n";
        const string edited = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: shop\n  managedFields:\n    - manager: kubectl-edit\n      operation: Update\n      time: \"2026-12-01T00:00:00Z\"\n      fieldsV1: { f:data: { f:mode: {} } }\ndata:\n  mode: slow\n";
        using var repo = new TempRepo().Write("settings.yaml", settings);
        using var cluster = new TempRepo().Write("cluster.yaml", edited);
        var snapshot = cluster.PathOf("cluster.yaml");

        var lenient = CliRun.InProcess("check", repo.Root, "--snapshot", snapshot);
        var strict = CliRun.InProcess("check", repo.Root, "--snapshot", snapshot, "--fail-on", "warning");
        repo.Write(".gitops-ai/rules.yaml", "drift:\n  maxDriftScore: 95\n");
        var tuned = CliRun.InProcess("check", repo.Root, "--snapshot", snapshot, "--fail-on", "warning");

        Assert.That(lenient.ExitCode, Is.EqualTo(0), lenient.Stdout);
        Assert.That(strict.ExitCode, Is.EqualTo(1), strict.Stdout);
        Assert.That(strict.Stdout, Does.Contain("settings.yaml:5:9: warning drift-field: live: slow (kubectl-edit,"));
        Assert.That(tuned.ExitCode, Is.EqualTo(0), tuned.Stdout);
        Assert.That(tuned.Stdout, Does.Contain("information drift-field"));
    }

    [Test]
    public void An_overlay_repository_is_compared_as_rendered_and_the_drift_is_reported_at_the_overlay_lines()
    {
        const string deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  selector:\n    matchLabels: { app: web }\n  template:\n    metadata:\n      labels: { app: web }\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n";
        const string overlay = "namespace: shop\nresources:\n  - ../../base\npatches:\n  - path: replicas.yaml\nimages:\n  - name: nginx\n    newTag: \"1.28\"\n";
        const string patch = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 5\n";
        const string live = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\n  managedFields:\n    - manager: kubectl-scale\n      operation: Update\n      time: \"2026-12-01T00:00:00Z\"\n      fieldsV1: { f:spec: { f:replicas: {} } }\n    - manager: kubectl-set\n      operation: Update\n      time: \"2026-12-01T00:00:00Z\"\n      fieldsV1: { f:spec: { f:template: { f:spec: { f:containers: { 'k:{\"name\":\"web\"}': { f:image: {} } } } } } }\nspec:\n  replicas: 1\n  selector:\n    matchLabels: { app: web }\n  template:\n    metadata:\n      labels: { app: web }\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29\n";
        using var repo = new TempRepo()
            .Write("base/deployment.yaml", deployment).Write("base/kustomization.yaml", "resources:\n  - deployment.yaml\n")
            .Write("overlays/prod/kustomization.yaml", overlay).Write("overlays/prod/replicas.yaml", patch);
        using var cluster = new TempRepo().Write("cluster.yaml", live);

        var result = CliRun.InProcess("check", repo.Root, "--snapshot", cluster.PathOf("cluster.yaml"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Stdout, Does.Contain("overlays/prod/replicas.yaml:6:13: warning drift-field: live: 1 (kubectl-scale, "));
            Assert.That(result.Stdout, Does.Contain("overlays/prod/kustomization.yaml:8:13: warning drift-field: live: nginx:1.29 (kubectl-set, "));
            Assert.That(result.Stdout, Does.Not.Contain("drift-missing"), "the Deployment is matched in the overlay's namespace");
            Assert.That(result.Stdout.Split('\n').Where(line => line.Contains(" drift-", StringComparison.Ordinal)).ToList(), Has.Count.EqualTo(2), "nothing at the base's replicas: 3 or image");
        });
    }

    [Test]
    public void A_missing_snapshot_is_a_usage_error_and_a_broken_document_is_named_by_file_and_line()
    {
        using var repo = new TempRepo().Write("web.yaml", Deployment).Write("snap/cluster.yaml", "- not an object\n---\n" + ScaledDown);

        var missing = CliRun.InProcess("check", repo.Root, "--snapshot", repo.PathOf("nope.yaml"));
        var broken = CliRun.InProcess("check", repo.PathOf("web.yaml"), "--snapshot", repo.PathOf("snap/cluster.yaml"));

        Assert.That(missing.ExitCode, Is.EqualTo(2));
        Assert.That(missing.Stderr, Does.Contain("no such snapshot file"));
        Assert.That(broken.Stderr, Does.Contain("cluster.yaml:1: This document is not a Kubernetes object or a List; it was skipped."));
        Assert.That(broken.Stdout, Does.Contain("drift-field"), "the rest of the snapshot is still used");
    }

    [Test]
    public void The_baseline_is_kept_in_the_cache_folder_and_never_in_the_repository()
    {
        using var repo = new TempRepo().Write("web.yaml", Deployment).Write("snap/cluster.yaml", ScaledDown);

        CliRun.InProcess("check", repo.PathOf("web.yaml"), "--snapshot", repo.PathOf("snap/cluster.yaml"));

        var state = Directory.GetFiles(_stateFolder, "drift-history-*.json").Single();
        Assert.That(File.ReadAllText(state), Does.Contain("spec.replicas"));
        Assert.That(Directory.GetFiles(repo.Root, "*.json", SearchOption.AllDirectories), Is.Empty);
    }

    [Test]
    public void An_immutable_selector_change_against_Git_HEAD_is_an_error_with_no_cluster()
    {
        using var repo = new TempRepo().Write("web.yaml", Deployment);
        if (!Git(repo.Root, "init", "-q") || !Git(repo.Root, "add", ".") || !Git(repo.Root, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "init"))
        {
            Assert.Ignore("git is not available");
        }

        repo.Write("web.yaml", Deployment.Replace("matchLabels: { app: web }", "matchLabels: { app: web, tier: front }", StringComparison.Ordinal));
        var result = CliRun.InProcess("check", repo.Root);

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Stdout, Does.Contain("web.yaml:9:5: error immutable-field-change: spec.selector of a Deployment is immutable and differs from Git HEAD."));
    }

    [Test]
    public async Task With_the_cluster_an_enum_value_its_patched_CRD_allows_is_no_longer_an_error()
    {
        const string flux = "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: { name: apps, namespace: flux-system }\nspec:\n  interval: 10m\n  prune: true\n  sourceRef: { kind: GitRepository, name: flux-system }\n  deletionPolicy: Keep\n";
        await using var emulator = new GitOpsAi.KubeEmulator.KubeApiEmulator();
        emulator.Apply(GitOpsAi.KubeEmulator.SampleCrds.FluxKustomizationAllowingKeep);
        using var repo = new TempRepo().Write("flux.yaml", flux);
        var kubeconfig = emulator.WriteKubeconfig(repo.Root);

        var bundled = CliRun.InProcess("check", repo.PathOf("flux.yaml"));
        var live = await Task.Run(() => CliRun.InProcess("check", repo.PathOf("flux.yaml"), "--cluster", "--kubeconfig", kubeconfig));

        Assert.That(bundled.Stdout, Does.Contain("flux.yaml:8:19: error").And.Contain("Keep"), bundled.Stdout + bundled.Stderr);
        Assert.That(live.Stdout, Does.Not.Contain("flux.yaml:8:"), live.Stdout + live.Stderr);
        Assert.That(emulator.Requests.Select(r => r.Method).Distinct(), Is.EqualTo(new[] { "GET" }));
    }

    [Test]
    public async Task The_live_cluster_is_compared_with_GET_requests_only_and_a_hand_edit_is_reported()
    {
        await using var emulator = new GitOpsAi.KubeEmulator.KubeApiEmulator();
        emulator.Apply("""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
              namespace: shop
              managedFields:
                - manager: kubectl-edit
                  operation: Update
                  time: "2026-12-01T00:00:00Z"
                  fieldsV1: { "f:data": { "f:mode": {} } }
            data:
              mode: slow
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: { name: leftover, namespace: shop }
            """);
        using var repo = new TempRepo().Write("settings.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings, namespace: shop }\ndata:\n  mode: fast\n");
        var kubeconfig = emulator.WriteKubeconfig(repo.Root);
        File.Move(kubeconfig, kubeconfig + ".conf");

        var result = await Task.Run(() => CliRun.InProcess("check", repo.PathOf("settings.yaml"), "--cluster", "--kubeconfig", kubeconfig + ".conf", "--fail-on", "warning"));

        Assert.That(result.ExitCode, Is.EqualTo(1), result.Stdout + result.Stderr);
        Assert.That(result.Stdout, Does.Contain("settings.yaml:5:9: warning drift-field: live: slow (kubectl-edit,"));
        Assert.That(result.Stdout, Does.Contain("drifted in emulator"));
        Assert.That(result.Stdout, Does.Contain("drift-unmanaged: 1 object is in namespace shop of emulator that no Git source produces: ConfigMap leftover."));
        Assert.That(emulator.Requests.Select(r => r.Method).Distinct(), Is.EqualTo(new[] { "GET" }));
    }

    [Test]
    public async Task Without_a_kubeconfig_option_or_KUBECONFIG_the_cluster_of_the_users_kube_config_is_compared()
    {
        await using var emulator = new GitOpsAi.KubeEmulator.KubeApiEmulator();
        emulator.Apply("apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings, namespace: shop }\ndata:\n  mode: slow\n");
        using var repo = new TempRepo().Write("settings.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings, namespace: shop }\ndata:\n  mode: fast\n");
        using var home = new TempRepo();
        Directory.CreateDirectory(Path.Combine(home.Root, ".kube"));
        File.Move(emulator.WriteKubeconfig(home.Root), Path.Combine(home.Root, ".kube", "config"));
        var environment = new Dictionary<string, string> { ["HOME"] = home.Root, ["KUBECONFIG"] = "" };

        var result = await Task.Run(() => CliRun.AsProcess(environment, "check", repo.PathOf("settings.yaml"), "--cluster"));

        Assert.That(result.Stdout, Does.Contain("settings.yaml:5:9: ").And.Contain("drift-field: live: slow"), result.Stdout + result.Stderr);
        Assert.That(emulator.Requests.Select(r => r.Method).Distinct(), Is.EqualTo(new[] { "GET" }));
    }

    [Test]
    public async Task An_unreachable_or_unauthorised_cluster_is_one_clear_error_with_exit_code_2()
    {
        using var repo = new TempRepo().Write("settings.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings, namespace: shop }\n");
        string kubeconfig;
        await using (var emulator = new GitOpsAi.KubeEmulator.KubeApiEmulator())
        {
            emulator.Unauthorized = true;
            kubeconfig = emulator.WriteKubeconfig(repo.Root);
            var unauthorized = await Task.Run(() => CliRun.InProcess("check", repo.PathOf("settings.yaml"), "--cluster", "--kubeconfig", kubeconfig));
            Assert.That(unauthorized.ExitCode, Is.EqualTo(2));
            Assert.That(unauthorized.Stderr, Does.Contain("gitops-ai: cluster emulator: emulator refused the credentials (401 Unauthorized)"));
        }

        var unreachable = await Task.Run(() => CliRun.InProcess("check", repo.PathOf("settings.yaml"), "--cluster", "--kubeconfig", kubeconfig));
        var noContext = CliRun.InProcess("check", repo.PathOf("settings.yaml"), "--cluster", "--kubeconfig", kubeconfig, "--context", "prod-eu");

        Assert.That(unreachable.ExitCode, Is.EqualTo(2));
        Assert.That(unreachable.Stderr, Does.Contain("Cannot reach emulator at http://127.0.0.1:"));
        Assert.That(noContext.ExitCode, Is.EqualTo(2));
        Assert.That(noContext.Stderr, Does.Contain("context prod-eu"));
    }

    private static bool Git(string directory, params string[] arguments)
    {
        try
        {
            var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            process.WaitForExit(30_000);
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
