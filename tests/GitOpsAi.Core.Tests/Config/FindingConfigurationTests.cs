using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Config;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Config;

/// <summary>One step applies off, exemptions, severities and editor overrides to the findings of every source.</summary>
public sealed class FindingConfigurationTests
{
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
                      kinds: [ConfigMap]
              validate:
                message: "ConfigMaps need a team label."
                pattern:
                  metadata:
                    labels:
                      team: "?*"
        """;

    private const string ConfigMaps = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
        data:
          mode: fast
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: legacy-settings
        data:
          mode: slow
        """;

    private static IReadOnlyList<Diagnostic> Analyze(string rulesYaml, WorkspaceOptions? options = null)
    {
        var fileSystem = new InMemoryFileSystem().Add(".gitops-ai/rules.yaml", rulesYaml).Add("policies/policy.yaml", Policy).Add("apps/config.yaml", ConfigMaps);
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem, options);
        var file = workspace.GetFile(InMemoryFileSystem.PathOf("apps/config.yaml"))!;
        return new Analyzer(AnalyzerFeatures.All).Analyze(workspace, file).Diagnostics;
    }

    private static IReadOnlyList<(string Code, DiagnosticSeverity Severity)> Kyverno(IReadOnlyList<Diagnostic> diagnostics) =>
        diagnostics.Where(d => d.Code.StartsWith("kyverno:", StringComparison.Ordinal)).Select(d => (d.Code, d.Severity)).ToList();

    [Test]
    public void Without_configuration_each_source_keeps_its_own_severity()
    {
        Assert.That(Kyverno(Analyze("rules: {}\n")), Is.EqualTo(new[] { ("kyverno:require-team/check-team", DiagnosticSeverity.Error), ("kyverno:require-team/check-team", DiagnosticSeverity.Error) }));
    }

    [TestCase("kyverno:require-team/check-team")]
    [TestCase("kyverno:require-team")]
    public void A_policy_or_one_of_its_rules_is_turned_off_with_off(string code)
    {
        Assert.That(Kyverno(Analyze($"rules:\n  {code}: off\n")), Is.Empty);
    }

    [Test]
    public void A_policy_severity_applies_to_each_of_its_rules()
    {
        Assert.That(Kyverno(Analyze("rules:\n  kyverno:require-team: hint\n")).Select(d => d.Severity), Is.All.EqualTo(DiagnosticSeverity.Hint));
    }

    [Test]
    public void An_exemption_for_a_whole_policy_covers_its_rules_on_the_objects_it_names()
    {
        var diagnostics = Analyze("exemptions:\n  - rules: [kyverno:require-team]\n    name: legacy-*\n");
        Assert.That(Kyverno(diagnostics), Has.Count.EqualTo(1));
    }

    [Test]
    public void Editor_overrides_win_over_the_repository_and_can_turn_a_code_off()
    {
        var hint = new WorkspaceOptions { SeverityOverrides = new Dictionary<string, DiagnosticSeverity?> { ["kyverno:require-team"] = DiagnosticSeverity.Hint } };
        var off = new WorkspaceOptions { SeverityOverrides = new Dictionary<string, DiagnosticSeverity?> { ["kyverno:require-team/check-team"] = null } };
        Assert.Multiple(() =>
        {
            Assert.That(Kyverno(Analyze("rules:\n  kyverno:require-team: warning\n", hint)).Select(d => d.Severity), Is.All.EqualTo(DiagnosticSeverity.Hint));
            Assert.That(Kyverno(Analyze("rules:\n  kyverno:require-team: warning\n", off)), Is.Empty);
        });
    }

    [TestCase("none")]
    [TestCase("disabled")]
    [TestCase("false")]
    [TestCase("ignore")]
    public void Off_has_one_spelling_and_any_other_is_reported_in_the_configuration(string word)
    {
        var config = RulesConfigLoader.Load("/repo/.gitops-ai/rules.yaml", $"rules:\n  latest-tag: {word}\n");
        Assert.Multiple(() =>
        {
            Assert.That(config.Rules, Does.Not.ContainKey("latest-tag"));
            Assert.That(config.Diagnostics.Select(d => d.Code), Is.EqualTo(new[] { "config-invalid" }));
            Assert.That(ConfiguredLevel.TryParse(word, out _), Is.False);
            Assert.That(ConfiguredLevel.TryParse("off", out var severity) && severity is null, Is.True);
        });
    }

    [Test]
    public void Codes_of_later_sources_are_configured_by_their_own_name_or_their_parent()
    {
        // A CEL or drift source only has to name its findings source:name/part to be configured like Kyverno's.
        var config = new RulesConfig(null, new Dictionary<string, RuleSetting>
        {
            ["cel:require-team"] = new(false, null, null),
            ["drift:web"] = new(null, DiagnosticSeverity.Error, null),
        }, [], [], new RulesSettings(), []);
        var findings = new FindingConfiguration(config);
        Assert.Multiple(() =>
        {
            Assert.That(FindingConfiguration.CodeAndParents("cel:require-team/validations/0"), Is.EqualTo(new[] { "cel:require-team/validations/0", "cel:require-team/validations", "cel:require-team" }));
            Assert.That(FindingConfiguration.CodeAndParents("latest-tag"), Is.EqualTo(new[] { "latest-tag" }));
            Assert.That(findings.IsOff("cel:require-team/validations/0"), Is.True);
            Assert.That(findings.SeverityOf("drift:web/replicas", DiagnosticSeverity.Warning), Is.EqualTo(DiagnosticSeverity.Error));
            Assert.That(findings.SeverityOf("drift:api/replicas", DiagnosticSeverity.Warning), Is.EqualTo(DiagnosticSeverity.Warning));
        });
    }
}
