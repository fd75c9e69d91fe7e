using System.Text.Json;

namespace GitOpsAi.Cli.Tests;

public sealed class CheckCommandTests
{
    private const string ValidConfigMap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n";
    private const string DeploymentWithTypo = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replica: 2
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
                - name: web
                  image: nginx:1.27

        """;

    private const string DeprecatedFluxSource = "apiVersion: source.toolkit.fluxcd.io/v1beta2\nkind: HelmRepository\nmetadata:\n  name: charts\nspec:\n  url: https://charts.example.com\n";

    [Test]
    public void A_clean_repository_exits_with_zero_and_reports_nothing()
    {
        using var repo = new TempRepo().Write("config.yaml", ValidConfigMap);

        var result = CliRun.InProcess("check", repo.Root);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Stdout + result.Stderr);
        Assert.That(result.Stdout.Trim(), Is.EqualTo("1 file checked: 0 errors, 0 warnings, 0 notes."));
    }

    [Test]
    public void Text_output_is_path_line_column_severity_code_message_and_errors_exit_with_one()
    {
        using var repo = new TempRepo().Write("apps/web.yaml", DeploymentWithTypo);

        var result = CliRun.InProcess("check", repo.Root);

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Stdout, Does.Contain("apps/web.yaml:6:3: error schema-unknown-field: Unknown field 'replica' in spec; did you mean 'replicas'?\n"));
    }

    [Test]
    public void Json_output_has_relative_forward_slash_paths_and_one_based_positions()
    {
        using var repo = new TempRepo().Write("apps/web.yaml", DeploymentWithTypo);

        var result = CliRun.InProcess("check", repo.Root, "--format", "json");

        using var json = JsonDocument.Parse(result.Stdout);
        var diagnostic = json.RootElement.GetProperty("diagnostics").EnumerateArray().Single(d => d.GetProperty("code").GetString() == "schema-unknown-field");
        Assert.Multiple(() =>
        {
            Assert.That(diagnostic.GetProperty("path").GetString(), Is.EqualTo("apps/web.yaml"));
            Assert.That(diagnostic.GetProperty("line").GetInt32(), Is.EqualTo(6));
            Assert.That(diagnostic.GetProperty("column").GetInt32(), Is.EqualTo(3));
            Assert.That(diagnostic.GetProperty("endLine").GetInt32(), Is.EqualTo(6));
            Assert.That(diagnostic.GetProperty("endColumn").GetInt32(), Is.EqualTo(10));
            Assert.That(diagnostic.GetProperty("severity").GetString(), Is.EqualTo("error"));
            Assert.That(diagnostic.GetProperty("code").GetString(), Is.EqualTo("schema-unknown-field"));
            Assert.That(diagnostic.GetProperty("source").GetString(), Is.EqualTo("gitops-ai.schema"));
            Assert.That(diagnostic.GetProperty("message").GetString(), Does.Contain("replicas"));
            Assert.That(json.RootElement.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "diagnostics" }));
        });
    }

    [Test]
    public void Sarif_output_is_sarif_2_1_0_as_github_code_scanning_expects()
    {
        using var repo = new TempRepo().Write("apps/web.yaml", DeploymentWithTypo).Write("sources.yaml", DeprecatedFluxSource);

        var result = CliRun.InProcess("check", repo.Root, "--format", "sarif");

        using var sarif = JsonDocument.Parse(result.Stdout);
        var root = sarif.RootElement;
        Assert.That(root.GetProperty("version").GetString(), Is.EqualTo("2.1.0"));
        Assert.That(root.GetProperty("$schema").GetString(), Does.Contain("sarif-2.1.0"));
        var run = root.GetProperty("runs").EnumerateArray().Single();
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
        var results = run.GetProperty("results").EnumerateArray()
            .Where(r => r.GetProperty("ruleId").GetString() is "schema-unknown-field" or "deprecated-api-version").ToList();
        Assert.That(results, Has.Count.EqualTo(2));
        foreach (var item in results)
        {
            var ruleId = item.GetProperty("ruleId").GetString();
            Assert.That(rules[item.GetProperty("ruleIndex").GetInt32()], Is.EqualTo(ruleId));
            Assert.That(item.GetProperty("level").GetString(), Is.AnyOf("error", "warning", "note"));
            Assert.That(item.GetProperty("message").GetProperty("text").GetString(), Is.Not.Empty);
            var location = item.GetProperty("locations")[0].GetProperty("physicalLocation");
            Assert.That(location.GetProperty("artifactLocation").GetProperty("uri").GetString(), Does.Not.StartWith("/"));
            Assert.That(location.GetProperty("artifactLocation").GetProperty("uriBaseId").GetString(), Is.EqualTo("%SRCROOT%"));
            Assert.That(location.GetProperty("region").GetProperty("startLine").GetInt32(), Is.GreaterThanOrEqualTo(1));
            Assert.That(location.GetProperty("region").GetProperty("startColumn").GetInt32(), Is.GreaterThanOrEqualTo(1));
        }

        Assert.That(results.Select(r => r.GetProperty("level").GetString()), Is.EquivalentTo(new[] { "error", "warning" }));
        Assert.That(run.GetProperty("results").EnumerateArray().All(r => rules.Contains(r.GetProperty("ruleId").GetString())), Is.True);
        Assert.That(run.GetProperty("originalUriBaseIds").GetProperty("%SRCROOT%").GetProperty("uri").GetString(), Does.StartWith("file:///"));
    }

    [Test]
    public void Sarif_locations_of_several_checked_folders_resolve_against_the_one_source_root()
    {
        using var repo = new TempRepo().Write("apps/web.yaml", DeploymentWithTypo).Write("infra/sources.yaml", DeprecatedFluxSource);

        var result = CliRun.InProcess("check", repo.PathOf("apps"), repo.PathOf("infra"), "--format", "sarif");

        using var sarif = JsonDocument.Parse(result.Stdout);
        var run = sarif.RootElement.GetProperty("runs")[0];
        var sourceRoot = new Uri(run.GetProperty("originalUriBaseIds").GetProperty("%SRCROOT%").GetProperty("uri").GetString()!);
        var resolved = run.GetProperty("results").EnumerateArray()
            .Where(r => r.GetProperty("ruleId").GetString() is "schema-unknown-field" or "deprecated-api-version")
            .Select(r => new Uri(sourceRoot, r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString()).LocalPath)
            .ToList();
        Assert.That(resolved, Is.EquivalentTo(new[] { repo.PathOf("apps/web.yaml"), repo.PathOf("infra/sources.yaml") }));
    }

    [Test]
    public void Warnings_fail_the_run_only_with_fail_on_warning()
    {
        using var repo = new TempRepo().Write("sources.yaml", DeprecatedFluxSource);

        Assert.That(CliRun.InProcess("check", repo.Root).ExitCode, Is.EqualTo(0));
        Assert.That(CliRun.InProcess("check", repo.Root, "--fail-on", "warning").ExitCode, Is.EqualTo(1));
    }

    [Test]
    public void A_single_file_can_be_checked_and_its_path_is_reported_relative_to_its_folder()
    {
        using var repo = new TempRepo().Write("apps/web.yaml", DeploymentWithTypo).Write("apps/other.yaml", DeploymentWithTypo);

        var result = CliRun.InProcess("check", repo.PathOf("apps/web.yaml"));

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Stdout.Split('\n').Count(l => l.Contains("schema-unknown-field", StringComparison.Ordinal)), Is.EqualTo(1));
        Assert.That(result.Stdout, Does.Contain("web.yaml:6:3: error schema-unknown-field"));
        Assert.That(result.Stdout, Does.Not.Contain("other.yaml"));
    }

    [TestCase("check", "--format", "xml", "somewhere")]
    [TestCase("check")]
    [TestCase("check", "--no-such-option", ".")]
    [TestCase("frobnicate")]
    public void Usage_errors_exit_with_two_and_explain_on_stderr(params string[] args)
    {
        var result = CliRun.InProcess(args);

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Stderr, Does.StartWith("gitops-ai: "));
        Assert.That(result.Stdout, Is.Empty);
    }

    [Test]
    public void A_path_that_does_not_exist_exits_with_two_and_names_it()
    {
        var result = CliRun.InProcess("check", "/nonexistent/gitops-repo");

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Stderr, Does.Contain("no such file or directory: /nonexistent/gitops-repo"));
    }

    [Test]
    public void An_unreadable_file_exits_with_two_names_the_file_and_still_reports_the_rest()
    {
        using var repo = new TempRepo().Write("apps/web.yaml", DeploymentWithTypo);
        File.CreateSymbolicLink(repo.PathOf("broken.yaml"), repo.PathOf("missing-target.yaml"));

        var result = CliRun.InProcess("check", repo.Root);

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Stderr, Does.Contain("broken.yaml"));
        Assert.That(result.Stdout, Does.Contain("broken.yaml:1:1: error file-unreadable"));
        Assert.That(result.Stdout, Does.Contain("apps/web.yaml:6:3: error schema-unknown-field"));
    }

    [Test]
    public void The_real_program_writes_only_the_report_to_stdout_and_returns_the_exit_code()
    {
        using var repo = new TempRepo().Write("apps/web.yaml", DeploymentWithTypo);

        var result = CliRun.AsProcess("check", repo.Root, "--format", "json");

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.DoesNotThrow(() => JsonDocument.Parse(result.Stdout));
        Assert.That(result.Stderr, Is.Empty);
    }

    [Test]
    public void Help_describes_the_check_command()
    {
        var result = CliRun.InProcess("check", "--help");

        Assert.That(result.ExitCode, Is.EqualTo(0));
        Assert.That(result.Stdout, Does.Contain("--format").And.Contain("--fail-on"));
    }
}
