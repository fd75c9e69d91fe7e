namespace GitOpsAi.LanguageServer.Tests;

/// <summary>
/// The CLI and the editor apply .gitops-ai/rules.yaml in the same core step, so for the same repository they give the
/// same verdict: the same findings, at the same lines, at the same severities, for built-in rules, core checks and
/// Kyverno alike; the editor's severityOverrides change only what they name.
/// </summary>
public sealed class ConfigurationParityTests
{
    private const string RulesYaml = """
        rules:
          latest-tag: error
          kyverno:require-team: information
          no-schema: off
          priority-class-not-set: off
        exemptions:
          - rules: [kyverno:require-team]
            name: exempt-*
            reason: batch jobs belong to no team
        """;

    private const string Policy = """
        apiVersion: kyverno.io/v1
        kind: ClusterPolicy
        metadata:
          name: require-team
        spec:
          validationFailureAction: Enforce
          rules:
            - name: check-team
              match:
                any:
                  - resources:
                      kinds: [Deployment]
              validate:
                message: "Deployments need a team label."
                pattern:
                  metadata:
                    labels:
                      team: "?*"
        """;

    private const string Apps = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: 2
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
                - name: web
                  image: nginx:latest
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: exempt-batch
        spec:
          replicas: 2
          selector:
            matchLabels: {app: batch}
          template:
            metadata:
              labels: {app: batch}
            spec:
              containers:
                - name: batch
                  image: example/batch:1.0
        ---
        apiVersion: example.com/v1
        kind: Widget
        metadata:
          name: w
        """;

    private static TempWorkspace Repository() => new TempWorkspace()
        .Write(".gitops-ai/rules.yaml", RulesYaml)
        .Write("policies/require-team.yaml", Policy)
        .Write("apps/web.yaml", Apps);

    private static readonly string[] SeverityNames = ["", "error", "warning", "information", "hint"];

    private static async Task<List<(string Code, string Severity, int Line)>> CliVerdictAsync(string root)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        await GitOpsAi.Cli.CliApplication.RunAsync(["check", root, "-f", "json"], stdout, stderr);
        using var report = JsonDocument.Parse(stdout.ToString());
        return report.RootElement.GetProperty("diagnostics").EnumerateArray()
            .Where(d => d.GetProperty("path").GetString()!.Replace('\\', '/') == "apps/web.yaml")
            .Select(d => (d.GetProperty("code").GetString()!, d.GetProperty("severity").GetString()!, d.GetProperty("line").GetInt32()))
            .OrderBy(d => d.Item3).ThenBy(d => d.Item1, StringComparer.Ordinal).ToList();
    }

    private static bool HasKyvernoFinding(JsonElement published, int? severity = null) =>
        published.GetProperty("diagnostics").EnumerateArray().Any(d => d.GetProperty("code").GetString()!.StartsWith("kyverno:", StringComparison.Ordinal)
            && (severity is null || d.GetProperty("severity").GetInt32() == severity));

    /// <param name="settled">When the published diagnostics are final: the server indexes in the background and reads
    /// the editor's settings after initialize, so earlier publications may come before either.</param>
    private static async Task<List<(string Code, string Severity, int Line)>> EditorVerdictAsync(TempWorkspace repo, Func<JsonElement, bool> settled, JsonObject? settings = null)
    {
        await using var client = LspClient.Start();
        if (settings is not null)
        {
            client.Settings = settings;
        }

        await client.InitializeAsync(repo.Root);
        var uri = repo.UriOf("apps/web.yaml");
        await client.OpenAsync(uri, Apps);
        var published = await client.WaitForDiagnosticsAsync(uri, until: settled);
        return published.GetProperty("diagnostics").EnumerateArray()
            .Select(d => (d.GetProperty("code").GetString()!, SeverityNames[d.GetProperty("severity").GetInt32()], d.GetProperty("range").GetProperty("start").GetProperty("line").GetInt32() + 1))
            .OrderBy(d => d.Item3).ThenBy(d => d.Item1, StringComparer.Ordinal).ToList();
    }

    [Test]
    public async Task The_CLI_and_the_editor_give_the_same_verdict_for_the_same_configuration()
    {
        using var repo = Repository();

        var cli = await CliVerdictAsync(repo.Root);
        var editor = await EditorVerdictAsync(repo, settled: m => HasKyvernoFinding(m));

        Assert.Multiple(() =>
        {
            Assert.That(editor, Is.EqualTo(cli), "the editor and the CLI disagree");
            Assert.That(cli, Does.Contain(("latest-tag", "error", 15)), "a built-in rule at its configured severity");
            Assert.That(cli, Does.Contain(("kyverno:require-team/check-team", "information", 3)), "Kyverno configured by policy");
            Assert.That(cli.Where(d => d.Code.StartsWith("kyverno:", StringComparison.Ordinal)).ToList(), Has.Count.EqualTo(1), "the exempt Deployment has no Kyverno finding");
            Assert.That(cli.Select(d => d.Code), Has.None.EqualTo("no-schema").And.None.EqualTo("priority-class-not-set"), "codes turned off");
        });
    }

    [Test]
    public async Task Editor_overrides_change_only_the_codes_they_name_on_top_of_the_repository_configuration()
    {
        using var repo = Repository();
        var cli = await CliVerdictAsync(repo.Root);

        var editor = await EditorVerdictAsync(repo, settled: m => HasKyvernoFinding(m, severity: 4),
            new JsonObject { ["severityOverrides"] = new JsonObject { ["kyverno:require-team"] = "hint", ["latest-tag"] = "off" } });

        var expected = cli.Where(d => d.Code != "latest-tag")
            .Select(d => d.Code.StartsWith("kyverno:require-team/", StringComparison.Ordinal) ? d with { Severity = "hint" } : d)
            .ToList();
        Assert.That(editor, Is.EqualTo(expected));
    }
}
