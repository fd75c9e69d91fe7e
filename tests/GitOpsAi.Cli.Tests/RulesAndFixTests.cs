using System.Text.Json;

namespace GitOpsAi.Cli.Tests;

public sealed class RulesAndFixTests
{
    [Test]
    public void Rules_json_lists_every_rule_with_the_documented_fields()
    {
        var result = CliRun.InProcess("rules", "--format", "json");

        Assert.That(result.ExitCode, Is.EqualTo(0));
        using var json = JsonDocument.Parse(result.Stdout);
        var rules = json.RootElement.EnumerateArray().ToList();
        Assert.That(rules, Has.Count.GreaterThan(60));
        foreach (var rule in rules)
        {
            foreach (var field in new[] { "id", "category", "severity", "description", "remediation", "equivalents" })
            {
                Assert.That(rule.TryGetProperty(field, out _), Is.True, $"{rule.GetProperty("id")} has {field}");
            }
        }

        var runAsNonRoot = rules.Single(r => r.GetProperty("id").GetString() == "run-as-non-root");
        Assert.That(runAsNonRoot.GetProperty("equivalents").EnumerateArray().Select(e => e.GetString()), Does.Contain("polaris:runAsRootAllowed").And.Contain("kube-linter:run-as-non-root"));
        Assert.That(runAsNonRoot.GetProperty("severity").GetString(), Is.EqualTo("error"));
    }

    [Test]
    public void Rules_text_names_each_rule_its_remediation_and_equivalents()
    {
        var result = CliRun.InProcess("rules");

        Assert.That(result.ExitCode, Is.EqualTo(0));
        Assert.That(result.Stdout, Does.Contain("run-as-non-root").And.Contain("equivalents: polaris:runAsRootAllowed"));
        Assert.That(result.Stdout.TrimEnd(), Does.EndWith("see docs/rules.md."));
    }

    [Test]
    public void Fix_applies_mechanical_fixes_keeps_comments_and_reports_what_remains()
    {
        var deployment = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web # the shop front end
            spec:
              replica: 2
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                    # main container
                    - name: web
                      image: nginx:1.27
                      env:
                        - name: PORT
                          value: 8080

            """;
        using var repo = new TempRepo().Write("web.yaml", deployment);

        var result = CliRun.InProcess("check", repo.Root, "--fix", "--unsafe-fixes", "--format", "json");

        var fixedText = File.ReadAllText(repo.PathOf("web.yaml"));
        Assert.Multiple(() =>
        {
            Assert.That(fixedText, Does.Contain("  replicas: 2"));
            Assert.That(fixedText, Does.Contain("value: \"8080\""));
            Assert.That(fixedText, Does.Contain("runAsNonRoot: true"));
            Assert.That(fixedText, Does.Contain("name: web # the shop front end").And.Contain("# main container"));
            Assert.That(result.Stderr, Does.Match("applied [0-9]+ fixes"));
        });
        using var json = JsonDocument.Parse(result.Stdout);
        var remaining = json.RootElement.GetProperty("diagnostics").EnumerateArray().Select(d => d.GetProperty("code").GetString()).ToList();
        Assert.That(remaining, Does.Not.Contain("schema-unknown-field").And.Not.Contain("schema-type-mismatch").And.Not.Contain("run-as-non-root"));
        Assert.That(remaining, Does.Contain("liveness-probe-missing"), "findings without a mechanical fix remain");
    }

    [Test]
    public void Fix_never_touches_a_file_without_fixable_findings()
    {
        const string Config = "# keep me\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n";
        using var repo = new TempRepo().Write("settings.yaml", Config);
        var before = File.GetLastWriteTimeUtc(repo.PathOf("settings.yaml"));

        CliRun.InProcess("check", repo.Root, "--fix");

        Assert.That(File.ReadAllText(repo.PathOf("settings.yaml")), Is.EqualTo(Config));
        Assert.That(File.GetLastWriteTimeUtc(repo.PathOf("settings.yaml")), Is.EqualTo(before));
    }
}
