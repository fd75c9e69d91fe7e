using System.Text.Json;

namespace GitOpsAi.Cli.Tests;

/// <summary>Checking part of a repository uses the whole repository as context and names paths from its root (issue 11).</summary>
public sealed class RepositoryScopeTests
{
    private const string AppsKustomization = """
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata:
          name: apps
          namespace: flux-system
        spec:
          interval: 10m
          path: ./apps
          prune: true
          sourceRef:
            kind: GitRepository
            name: flux-system

        """;

    private const string ConfigMap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n";

    [Test]
    public void Checking_one_cluster_file_finds_the_apps_folder_at_the_repository_root()
    {
        using var repo = FluxRepository();

        var result = CliRun.AsProcess("check", repo.PathOf("clusters/my-cluster/apps.yaml"), "--format", "json");

        Assert.That(result.Stdout, Does.Not.Contain("flux-path-not-found"));
        Assert.That(result.ExitCode, Is.EqualTo(0), result.Stdout + result.Stderr);
    }

    [Test]
    public void Paths_in_every_format_are_relative_to_the_repository_root_when_a_sub_folder_is_checked()
    {
        using var repo = FluxRepository().Write("apps/broken.yaml", ConfigMap.Replace("\ndata:", "\ndta:"));

        var json = CliRun.InProcess("check", repo.PathOf("apps"), "--format", "json");
        var sarif = CliRun.InProcess("check", repo.PathOf("apps"), "--format", "sarif");
        var text = CliRun.InProcess("check", repo.PathOf("apps"));

        using var jsonReport = JsonDocument.Parse(json.Stdout);
        Assert.That(jsonReport.RootElement.GetProperty("diagnostics")[0].GetProperty("path").GetString(), Is.EqualTo("apps/broken.yaml"));
        using var sarifReport = JsonDocument.Parse(sarif.Stdout);
        var location = sarifReport.RootElement.GetProperty("runs")[0].GetProperty("results")[0].GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation");
        Assert.That(location.GetProperty("uri").GetString(), Is.EqualTo("apps/broken.yaml"));
        Assert.That(text.Stdout, Does.StartWith("apps/broken.yaml:5:1: "));
    }

    [Test]
    public void Several_files_named_like_a_pre_commit_hook_does_are_each_reported_once_from_the_root()
    {
        using var repo = FluxRepository().Write("apps/broken.yaml", ConfigMap.Replace("\ndata:", "\ndta:")).Write("apps/other.yaml", ConfigMap.Replace("settings", "other").Replace("\ndata:", "\ndta:"));

        var result = CliRun.InProcess("check", repo.PathOf("apps/broken.yaml"), repo.PathOf("apps/other.yaml"), repo.PathOf("clusters/my-cluster/apps.yaml"));

        Assert.That(result.Stdout.Split('\n').Where(l => l.Contains("schema-unknown-field")), Is.EqualTo(new[]
        {
            "apps/broken.yaml:5:1: error schema-unknown-field: Unknown field 'dta'; did you mean 'data'?",
            "apps/other.yaml:5:1: error schema-unknown-field: Unknown field 'dta'; did you mean 'data'?",
        }));
        Assert.That(result.Stdout, Does.Not.Contain("flux-path-not-found").And.EndWith("3 files checked: 2 errors, 0 warnings, 0 notes.\n"));
    }

    [Test]
    public void An_empty_folder_is_exit_2_with_a_message_not_a_silent_pass()
    {
        using var repo = new TempRepo().Write("docs/readme.md", "nothing here");

        var result = CliRun.AsProcess("check", repo.Root);

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Stderr, Does.Contain("no YAML files to check under"));
    }

    [Test]
    public void A_folder_of_jinja_templates_is_exit_2_naming_the_templates()
    {
        using var repo = new TempRepo().Write("roles/web/deployment.yaml.j2", "replicas: {{ replicas }}\n").Write("roles/web/service.yml.j2", "{% if x %}a: 1{% endif %}\n");

        var result = CliRun.InProcess("check", repo.Root);

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Stderr, Does.Contain("2 template files (.j2, .tmpl, .gotmpl...) were skipped"));
    }

    [TestCase("notes.md", "is not a YAML file")]
    [TestCase("deployment.yaml.j2", "is a template")]
    public void A_file_named_explicitly_that_is_not_yaml_is_exit_2(string name, string message)
    {
        using var repo = new TempRepo().Write(name, "kind: x\n");

        var result = CliRun.InProcess("check", repo.PathOf(name));

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Stderr, Does.Contain(message));
    }

    [Test]
    public void A_jinja_template_with_a_yaml_name_gets_one_note_and_the_other_files_are_checked()
    {
        using var repo = new TempRepo()
            .Write("playbook/configmap.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n{% if debug %}\ndata:\n  level: debug\n{% endif %}\n")
            .Write("settings.yaml", ConfigMap.Replace("\ndata:", "\ndta:"));

        var result = CliRun.InProcess("check", repo.Root, "--format", "json");

        using var json = JsonDocument.Parse(result.Stdout);
        var findings = json.RootElement.GetProperty("diagnostics").EnumerateArray().Select(d => (Path: d.GetProperty("path").GetString(), Code: d.GetProperty("code").GetString())).ToList();
        Assert.That(findings.Where(f => f.Path == "playbook/configmap.yaml"), Is.EqualTo(new[] { ("playbook/configmap.yaml", "jinja-template-skipped") }));
        Assert.That(findings, Does.Contain(("settings.yaml", "schema-unknown-field")));
    }

    [Test]
    public void A_folder_the_configuration_ignores_is_still_checked_when_named_explicitly()
    {
        using var repo = FluxRepository()
            .Write(".gitops-ai/rules.yaml", "ignore: [fixtures/]\n")
            .Write("fixtures/broken.yaml", ConfigMap.Replace("\ndata:", "\ndta:"));

        var whole = CliRun.InProcess("check", repo.Root);
        var named = CliRun.InProcess("check", repo.PathOf("fixtures"));

        Assert.That(whole.Stdout, Does.Not.Contain("fixtures/broken.yaml"));
        Assert.That(named.Stdout, Does.Contain("fixtures/broken.yaml:5:1: error schema-unknown-field"));
    }

    [Test]
    public void Check_dot_on_the_gitops_ai_repository_itself_is_clean()
    {
        var root = RepositoryRoot();

        var result = CliRun.AsProcess("check", root);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Stdout + result.Stderr);
        Assert.That(result.Stdout, Does.EndWith("0 errors, 0 warnings, 0 notes.\n"));
    }

    private static TempRepo FluxRepository() => new TempRepo()
        .Write(".git/HEAD", "ref: refs/heads/main\n")
        .Write("clusters/my-cluster/apps.yaml", AppsKustomization)
        .Write("apps/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - settings.yaml\n")
        .Write("apps/settings.yaml", ConfigMap);

    /// <summary>The GitOpsAi checkout the tests run from (the folder holding GitOpsAi.sln).</summary>
    internal static string RepositoryRoot()
    {
        for (var directory = AppContext.BaseDirectory; directory is not null; directory = Path.GetDirectoryName(directory))
        {
            if (File.Exists(Path.Combine(directory, "GitOpsAi.sln")))
            {
                return directory;
            }
        }

        throw new InvalidOperationException("the tests do not run inside a GitOpsAi checkout");
    }
}
