using static GitOpsAi.Core.Tests.Kyverno.KyvernoTestSupport;

namespace GitOpsAi.Core.Tests.Kyverno;

public class KyvernoMatchAndSeverityTests
{
    private const string RequireTeam = """
                message: "The label team is required."
                pattern:
                  metadata:
                    labels:
                      team: "?*"
        """;

    private static string ConfigMap(string name = "web", string? ns = "shop", string labels = "") => $"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {name}
        {(ns is null ? string.Empty : $"  namespace: {ns}")}
          labels:
            app: web
        {labels}
        """;

    private static string RuleWith(string match, string exclude = "", string validate = RequireTeam, string kind = "ClusterPolicy", string ns = "", string action = "Audit", string annotations = "", string ruleExtra = "") => $"""
        apiVersion: kyverno.io/v1
        kind: {kind}
        metadata:
          name: team-label
        {ns}
        {annotations}
        spec:
          validationFailureAction: {action}
          rules:
            - name: require-team
              match:
        {match}
        {exclude}
        {ruleExtra}
              validate:
        {validate}
        """;

    private static string Any(string resources) => "          any:\n            - resources:\n" + resources;

    [TestCase("Audit", DiagnosticSeverity.Warning)]
    [TestCase("audit", DiagnosticSeverity.Warning)]
    [TestCase("Enforce", DiagnosticSeverity.Error)]
    [TestCase("enforce", DiagnosticSeverity.Error)]
    public void The_failure_action_sets_the_severity(string action, DiagnosticSeverity severity)
    {
        var diagnostics = Evaluate(Policy(RequireTeam, kinds: "ConfigMap", action: action), ConfigMap());
        Assert.That(diagnostics.Single().Severity, Is.EqualTo(severity));
    }

    [TestCase("gitops-ai.dev/enforce: \"true\"")]
    [TestCase("stackgen.io/ai-enforce: 'true'")]
    public void The_enforce_annotation_makes_an_audit_policy_gate_ci(string annotation)
    {
        var policy = Policy(RequireTeam, kinds: "ConfigMap", action: "Audit", annotations: "  annotations:\n    " + annotation);
        Assert.That(Evaluate(policy, ConfigMap()).Single().Severity, Is.EqualTo(DiagnosticSeverity.Error));
    }

    [Test]
    public void A_rule_failure_action_and_namespace_overrides_win_over_the_policys()
    {
        var ruleEnforce = RuleWith(Any("                kinds: [ConfigMap]"), validate: "        failureAction: Enforce\n" + RequireTeam);
        Assert.That(Evaluate(ruleEnforce, ConfigMap()).Single().Severity, Is.EqualTo(DiagnosticSeverity.Error));

        var overridden = RuleWith(Any("                kinds: [ConfigMap]"), action: "Enforce\n  validationFailureActionOverrides:\n    - action: Audit\n      namespaces: [shop]");
        Assert.That(Evaluate(overridden, ConfigMap()).Single().Severity, Is.EqualTo(DiagnosticSeverity.Warning));
        Assert.That(Evaluate(overridden, ConfigMap(ns: "billing")).Single().Severity, Is.EqualTo(DiagnosticSeverity.Error));
    }

    [Test]
    public void The_rules_configuration_sets_severity_or_turns_off_a_rule_or_a_whole_policy()
    {
        var policy = RuleWith(Any("                kinds: [ConfigMap]"));
        Assert.That(Evaluate(policy, ConfigMap(), out _, (".gitops-ai/rules.yaml", "rules:\n  kyverno:team-label/require-team: error\n")).Single().Severity, Is.EqualTo(DiagnosticSeverity.Error));
        Assert.That(Evaluate(policy, ConfigMap(), out _, (".gitops-ai/rules.yaml", "rules:\n  kyverno:team-label: off\n")), Is.Empty);
        Assert.That(Evaluate(policy, ConfigMap(), out _, (".gitops-ai/rules.yaml", "exemptions:\n  - rules: [kyverno:team-label/require-team]\n    namespace: shop\n")), Is.Empty);
    }

    [Test]
    public void Kinds_match_by_name_group_version_and_wildcard()
    {
        Assert.That(Evaluate(RuleWith(Any("                kinds: [v1/ConfigMap]")), ConfigMap()), Has.Count.EqualTo(1));
        Assert.That(Evaluate(RuleWith(Any("                kinds: [apps/v1/ConfigMap]")), ConfigMap()), Is.Empty);
        Assert.That(Evaluate(RuleWith(Any("                kinds: [\"*\"]")), ConfigMap()), Has.Count.EqualTo(1));
        Assert.That(Evaluate(RuleWith(Any("                kinds: [Config*]")), ConfigMap()), Has.Count.EqualTo(1));
        Assert.That(Evaluate(RuleWith(Any("                kinds: [Secret]")), ConfigMap()), Is.Empty);
        Assert.That(Evaluate(RuleWith("          resources:\n            kinds: [ConfigMap]"), ConfigMap()), Has.Count.EqualTo(1), "legacy match.resources");
    }

    [Test]
    public void Names_namespaces_selectors_annotations_and_operations_filter()
    {
        Assert.That(Evaluate(RuleWith(Any("                kinds: [ConfigMap]\n                names: [\"we?\"]")), ConfigMap()), Has.Count.EqualTo(1));
        Assert.That(Evaluate(RuleWith(Any("                kinds: [ConfigMap]\n                name: \"api-*\"")), ConfigMap()), Is.Empty);
        Assert.That(Evaluate(RuleWith(Any("                kinds: [ConfigMap]\n                namespaces: [\"sh*\"]")), ConfigMap()), Has.Count.EqualTo(1));
        Assert.That(Evaluate(RuleWith(Any("                kinds: [ConfigMap]\n                namespaces: [prod]")), ConfigMap()), Is.Empty);
        Assert.That(Evaluate(RuleWith(Any("                kinds: [ConfigMap]\n                selector:\n                  matchLabels:\n                    app: \"w*\"")), ConfigMap()), Has.Count.EqualTo(1));
        Assert.That(Evaluate(RuleWith(Any("                kinds: [ConfigMap]\n                selector:\n                  matchExpressions:\n                    - {key: app, operator: NotIn, values: [web]}")), ConfigMap()), Is.Empty);
        Assert.That(Evaluate(RuleWith(Any("                kinds: [ConfigMap]\n                annotations:\n                  owner: \"*\"")), ConfigMap()), Is.Empty);
        Assert.That(Evaluate(RuleWith(Any("                kinds: [ConfigMap]\n                operations: [UPDATE]")), ConfigMap()), Is.Empty);
        Assert.That(Evaluate(RuleWith(Any("                kinds: [ConfigMap]\n                operations: [CREATE, UPDATE]")), ConfigMap()), Has.Count.EqualTo(1));
    }

    [Test]
    public void Match_all_needs_every_filter()
    {
        var all = "          all:\n            - resources:\n                kinds: [ConfigMap]\n            - resources:\n                namespaces: [billing]";
        Assert.That(Evaluate(RuleWith(all), ConfigMap()), Is.Empty);
        Assert.That(Evaluate(RuleWith(all), ConfigMap(ns: "billing")), Has.Count.EqualTo(1));
    }

    [Test]
    public void Exclude_removes_matching_resources()
    {
        var match = Any("                kinds: [ConfigMap]");
        var exclude = "      exclude:\n        any:\n          - resources:\n              namespaces: [kube-system, shop]";
        Assert.That(Evaluate(RuleWith(match, exclude), ConfigMap()), Is.Empty);
        Assert.That(Evaluate(RuleWith(match, exclude), ConfigMap(ns: "billing")), Has.Count.EqualTo(1));
    }

    [Test]
    public void Subjects_and_roles_hold_in_a_match_but_never_exclude_and_the_policy_says_so()
    {
        var match = "          any:\n            - resources:\n                kinds: [ConfigMap]\n              subjects:\n                - kind: User\n                  name: alice";
        var exclude = "      exclude:\n        any:\n          - clusterRoles: [cluster-admin]";
        var policy = RuleWith(match, exclude);
        Assert.That(Evaluate(policy, ConfigMap()), Has.Count.EqualTo(1));

        var notes = PolicyNotes(policy.Replace("- name: require-team", "- name: [|require-team|]", StringComparison.Ordinal), out var markup);
        AssertAt(notes, markup);
        Assert.That(notes.Single().Severity, Is.EqualTo(DiagnosticSeverity.Information));
        Assert.That(notes.Single().Message, Does.Contain("only exist at admission"));
    }

    [Test]
    public void A_namespace_selector_reads_the_labels_of_namespaces_in_the_repository()
    {
        var policy = RuleWith(Any("                kinds: [ConfigMap]\n                namespaceSelector:\n                  matchLabels:\n                    env: prod"));
        var prodNamespace = ("namespaces/shop.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    env: prod\n");
        Assert.That(Evaluate(policy, ConfigMap(), out _, prodNamespace), Has.Count.EqualTo(1));
        Assert.That(Evaluate(policy, ConfigMap()), Is.Empty, "unknown namespace: no labels but its name");

        var byName = RuleWith(Any("                kinds: [ConfigMap]\n                namespaceSelector:\n                  matchLabels:\n                    kubernetes.io/metadata.name: shop"));
        Assert.That(Evaluate(byName, ConfigMap()), Has.Count.EqualTo(1));
    }

    [Test]
    public void A_namespaced_policy_applies_only_in_its_namespace()
    {
        var policy = RuleWith(Any("                kinds: [ConfigMap]"), kind: "Policy", ns: "  namespace: shop");
        Assert.That(Evaluate(policy, ConfigMap()), Has.Count.EqualTo(1));
        Assert.That(Evaluate(policy, ConfigMap(ns: "billing")), Is.Empty);
    }

    [Test]
    public void A_policy_exception_exempts_the_resources_it_matches()
    {
        var policy = RuleWith(Any("                kinds: [ConfigMap]"));
        var exception = ("policies/exception.yaml", """
            apiVersion: kyverno.io/v2
            kind: PolicyException
            metadata:
              name: legacy
              namespace: shop
            spec:
              exceptions:
                - policyName: team-label
                  ruleNames: [require-team]
              match:
                any:
                  - resources:
                      kinds: [ConfigMap]
                      names: [legacy-*]
            """);
        Assert.That(Evaluate(policy, ConfigMap(name: "legacy-web"), out _, exception), Is.Empty);
        Assert.That(Evaluate(policy, ConfigMap(name: "web"), out _, exception), Has.Count.EqualTo(1));

        var conditional = (exception.Item1, exception.Item2 + "\n" + """
              conditions:
                any:
                  - key: "{{ request.object.metadata.labels.app }}"
                    operator: Equals
                    value: api
            """);
        Assert.That(Evaluate(policy, ConfigMap(name: "legacy-web"), out _, conditional), Has.Count.EqualTo(1), "the exception's conditions do not hold");
        var holds = (conditional.Item1, conditional.Item2.Replace("value: api", "value: web", StringComparison.Ordinal));
        Assert.That(Evaluate(policy, ConfigMap(name: "legacy-web"), out _, holds), Is.Empty, "the exception's conditions hold");
    }

    [Test]
    public void Policies_exceptions_and_namespaces_affect_other_files()
    {
        static GitOpsAi.Core.Workspace.WorkspaceFile File(string text) => GitOpsAi.Core.Workspace.WorkspaceFile.FromText("/repo/f.yaml", "/repo", text);
        Assert.Multiple(() =>
        {
            Assert.That(GitOpsAi.Core.Kyverno.KyvernoPolicies.AffectsOtherFiles(File(RuleWith(Any("                kinds: [ConfigMap]")))), Is.True);
            Assert.That(GitOpsAi.Core.Kyverno.KyvernoPolicies.AffectsOtherFiles(File("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n")), Is.True);
            Assert.That(GitOpsAi.Core.Kyverno.KyvernoPolicies.AffectsOtherFiles(File(ConfigMap())), Is.False);
        });
    }

    [Test]
    public void Findings_can_be_suppressed_by_code_like_any_other()
    {
        var resource = "# gitops-ai-disable-file kyverno:team-label/require-team\n" + ConfigMap();
        Assert.That(Evaluate(RuleWith(Any("                kinds: [ConfigMap]")), resource), Is.Empty);
    }

    [Test]
    public void Kustomizations_and_patches_are_not_evaluated()
    {
        var policy = RuleWith(Any("                kinds: [\"*\"]"));
        var fileSystem = new InMemoryFileSystem()
            .Add("policies/policy.yaml", policy)
            .Add("app/kustomization.yaml", "resources: [cm.yaml]\npatches:\n  - path: patch.yaml\n")
            .Add("app/cm.yaml", ConfigMap())
            .Add("app/patch.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\ndata:\n  a: b\n");
        Assert.Multiple(() =>
        {
            Assert.That(TestAnalysis.AnalyzeAll(fileSystem, "app/kustomization.yaml").Kyverno(), Is.Empty);
            Assert.That(TestAnalysis.AnalyzeAll(fileSystem, "app/patch.yaml").Kyverno(), Is.Empty);
            Assert.That(TestAnalysis.AnalyzeAll(fileSystem, "app/cm.yaml").Kyverno(), Has.Count.EqualTo(1));
        });
    }
}
