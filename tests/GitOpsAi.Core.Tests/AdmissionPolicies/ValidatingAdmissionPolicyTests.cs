using GitOpsAi.Core.Analysis;

namespace GitOpsAi.Core.Tests.AdmissionPolicies;

public class ValidatingAdmissionPolicyTests
{
    private const string ReplicaLimit = """
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicy
        metadata:
          name: replica-limit
        spec:
          failurePolicy: Fail
          paramKind:
            apiVersion: v1
            kind: ConfigMap
          matchConstraints:
            resourceRules:
              - apiGroups: ["apps"]
                apiVersions: ["v1"]
                operations: ["CREATE", "UPDATE"]
                resources: ["deployments"]
          variables:
            - name: maxReplicas
              expression: "int(params.data.maxReplicas)"
          validations:
            - expression: "object.spec.replicas <= variables.maxReplicas"
              messageExpression: "'replicas must be at most ' + string(variables.maxReplicas)"
              reason: Invalid
        """;

    private static string Binding(string actions = "[Deny]", string policy = "replica-limit", string extra = "") => $"""
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicyBinding
        metadata:
          name: replica-limit-binding
        spec:
          policyName: {policy}
          validationActions: {actions}
          paramRef:
            name: replica-limits
            namespace: default
            parameterNotFoundAction: Deny
        {extra}
        """;

    private const string Params = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: replica-limits
          namespace: default
        data:
          maxReplicas: "3"
        """;

    private static string Deployment(int replicas, string ns = "shop") => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: {{ns}}
        spec:
          [|replicas|]: {{replicas}}
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
                - name: web
                  image: nginx
        """;

    private static IReadOnlyList<Diagnostic> Findings(string resourceMarkup, out Markup markup, params (string Path, string Text)[] others)
    {
        markup = Markup.Parse(resourceMarkup);
        var fileSystem = new InMemoryFileSystem().Add("apps/deployment.yaml", markup.Text);
        foreach (var (path, text) in others)
        {
            fileSystem.Add(path, text);
        }

        return TestAnalysis.AnalyzeAll(fileSystem, "apps/deployment.yaml").Where(d => d.Code.StartsWith("admission:", StringComparison.Ordinal)).ToList();
    }

    private static IReadOnlyList<Diagnostic> PolicyFileNotes(string policyMarkup, out Markup markup, params (string Path, string Text)[] others)
    {
        markup = Markup.Parse(policyMarkup);
        var fileSystem = new InMemoryFileSystem().Add("policies/policy.yaml", markup.Text);
        foreach (var (path, text) in others)
        {
            fileSystem.Add(path, text);
        }

        return TestAnalysis.AnalyzeAll(fileSystem, "policies/policy.yaml").Where(d => d.Code.StartsWith("admission:", StringComparison.Ordinal)).ToList();
    }

    [Test]
    public void A_deployment_over_the_limit_in_the_params_is_denied_at_the_field_the_expression_reads()
    {
        var findings = Findings(Deployment(5), out var markup, ("policies/vap.yaml", ReplicaLimit), ("policies/binding.yaml", Binding()), ("policies/params.yaml", Params));

        var finding = findings.Single();
        Assert.That(finding.Span, Is.EqualTo(markup.Spans[0]));
        Assert.That(finding.Severity, Is.EqualTo(DiagnosticSeverity.Error));
        Assert.That(finding.Code, Is.EqualTo("admission:replica-limit"));
        Assert.That(finding.Message, Is.EqualTo("ValidatingAdmissionPolicy 'replica-limit': replicas must be at most 3"));
    }

    [Test]
    public void A_deployment_within_the_limit_passes()
    {
        var findings = Findings(Deployment(2), out _, ("policies/vap.yaml", ReplicaLimit), ("policies/binding.yaml", Binding()), ("policies/params.yaml", Params));
        Assert.That(findings, Is.Empty);
    }

    [TestCase("[Warn]", DiagnosticSeverity.Warning)]
    [TestCase("[Audit]", DiagnosticSeverity.Warning)]
    [TestCase("[Warn, Deny]", DiagnosticSeverity.Error)]
    public void The_binding_validation_actions_set_the_severity(string actions, DiagnosticSeverity severity)
    {
        var findings = Findings(Deployment(5), out _, ("policies/vap.yaml", ReplicaLimit), ("policies/binding.yaml", Binding(actions)), ("policies/params.yaml", Params));
        Assert.That(findings.Single().Severity, Is.EqualTo(severity));
    }

    [Test]
    public void Without_the_params_object_in_the_repository_nothing_is_decided()
    {
        var findings = Findings(Deployment(5), out _, ("policies/vap.yaml", ReplicaLimit), ("policies/binding.yaml", Binding()));
        Assert.That(findings, Is.Empty);
    }

    [Test]
    public void A_policy_without_a_binding_says_so_once_and_checks_nothing()
    {
        var notes = PolicyFileNotes(ReplicaLimit.Replace("  name: replica-limit", "  name: [|replica-limit|]"), out var markup);
        Assert.That(notes.Select(n => n.Span), Is.EqualTo(markup.Spans));
        Assert.That(notes.Single().Severity, Is.EqualTo(DiagnosticSeverity.Information));
        Assert.That(notes.Single().Message, Does.Contain("not bound by any ValidatingAdmissionPolicyBinding"));

        var findings = Findings(Deployment(5), out _, ("policies/vap.yaml", ReplicaLimit), ("policies/params.yaml", Params));
        Assert.That(findings, Is.Empty);
    }

    [Test]
    public void The_binding_match_resources_narrow_the_policy_by_namespace_labels()
    {
        var binding = Binding(extra: """
              matchResources:
                namespaceSelector:
                  matchLabels:
                    environment: production
            """);
        string Namespace(string environment) => $"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    environment: {environment}\n";
        (string, string)[] files = [("policies/vap.yaml", ReplicaLimit), ("policies/binding.yaml", binding), ("policies/params.yaml", Params)];

        Assert.That(Findings(Deployment(5), out _, [.. files, ("ns.yaml", Namespace("production"))]), Has.Count.EqualTo(1));
        Assert.That(Findings(Deployment(5), out _, [.. files, ("ns.yaml", Namespace("staging"))]), Is.Empty);
        Assert.That(Findings(Deployment(5), out _, files), Is.Empty, "a namespace the repository does not define cannot be decided");
    }

    [Test]
    public void Two_policies_on_one_object_each_decide_on_it_and_read_its_namespace()
    {
        // The object and its namespace are converted to CEL values once and shared by every policy evaluated on them.
        var team = ReplicaLimit.Replace("name: replica-limit", "name: team-namespace")
            .Replace("object.spec.replicas <= variables.maxReplicas", "namespaceObject.metadata.labels.team == object.metadata.namespace")
            .Replace("'replicas must be at most ' + string(variables.maxReplicas)", "'the namespace must belong to the team ' + object.metadata.namespace");
        var teamBinding = Binding(policy: "team-namespace").Replace("name: replica-limit-binding", "name: team-binding");
        const string shop = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    team: payments\n";
        (string, string)[] files =
            [("policies/vap.yaml", ReplicaLimit), ("policies/binding.yaml", Binding()), ("policies/params.yaml", Params), ("policies/team.yaml", team), ("policies/team-binding.yaml", teamBinding), ("ns.yaml", shop)];

        var findings = Findings(Deployment(5), out _, files);

        Assert.That(findings.Select(f => f.Message).Order(), Is.EqualTo(new[]
        {
            "ValidatingAdmissionPolicy 'replica-limit': replicas must be at most 3",
            "ValidatingAdmissionPolicy 'team-namespace': the namespace must belong to the team shop",
        }));
        Assert.That(Findings(Deployment(2), out _, [.. files[..^1], ("ns.yaml", shop.Replace("payments", "shop"))]), Is.Empty);
    }

    [Test]
    public void Resource_rules_that_do_not_name_the_kind_leave_it_alone()
    {
        var policy = ReplicaLimit.Replace("resources: [\"deployments\"]", "resources: [\"statefulsets\"]");
        var findings = Findings(Deployment(5), out _, ("policies/vap.yaml", policy), ("policies/binding.yaml", Binding()), ("policies/params.yaml", Params));
        Assert.That(findings, Is.Empty);
    }

    [Test]
    public void A_match_condition_that_is_false_skips_the_object()
    {
        var policy = ReplicaLimit.Replace("  variables:", """
              matchConditions:
                - name: not-system
                  expression: "object.metadata.namespace != 'shop'"
              variables:
            """);
        var findings = Findings(Deployment(5), out _, ("policies/vap.yaml", policy), ("policies/binding.yaml", Binding()), ("policies/params.yaml", Params));
        Assert.That(findings, Is.Empty);
    }

    [Test]
    public void An_expression_with_an_unsupported_function_gets_one_note_and_no_verdict()
    {
        const string policy = """
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicy
            metadata:
              name: versions
            spec:
              matchConstraints:
                resourceRules:
                  - {apiGroups: ["apps"], apiVersions: ["v1"], operations: ["*"], resources: ["deployments"]}
              validations:
                - expression: [|"semver(object.metadata.labels.version).isGreaterThan(semver('1.0.0'))"|]
            """;
        var binding = "apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicyBinding\nmetadata:\n  name: b\nspec:\n  policyName: versions\n  validationActions: [Deny]\n";

        var notes = PolicyFileNotes(policy, out var markup, ("policies/binding.yaml", binding));
        Assert.That(notes.Select(n => n.Span), Is.EqualTo(markup.Spans));
        Assert.That(notes.Single().Message, Is.EqualTo("ValidatingAdmissionPolicy 'versions': this expression uses semver(), which GitOpsAi does not evaluate; objects are not checked against it."));

        var findings = Findings(Deployment(5), out _, ("policies/vap.yaml", Markup.Parse(policy).Text), ("policies/binding.yaml", binding));
        Assert.That(findings, Is.Empty);
    }

    [Test]
    public void An_expression_that_fails_on_the_object_as_written_is_information_since_the_api_server_may_default_the_field()
    {
        const string policy = """
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicy
            metadata:
              name: team-label
            spec:
              matchConstraints:
                resourceRules:
                  - {apiGroups: ["apps"], apiVersions: ["v1"], operations: ["*"], resources: ["deployments"]}
              validations:
                - expression: "object.metadata.labels.team != ''"
            """;
        var binding = "apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicyBinding\nmetadata:\n  name: b\nspec:\n  policyName: team-label\n  validationActions: [Deny]\n";

        var finding = Findings(Deployment(1), out _, ("policies/vap.yaml", policy), ("policies/binding.yaml", binding)).Single();
        Assert.That(finding.Severity, Is.EqualTo(DiagnosticSeverity.Information));
        Assert.That(finding.Message, Is.EqualTo("ValidatingAdmissionPolicy 'team-label': a validation fails on this object as written (no such key: labels); unless the API server defaults what is missing, failurePolicy Fail refuses it."));

        var ignoring = policy.Replace("spec:\n  matchConstraints", "spec:\n  failurePolicy: Ignore\n  matchConstraints");
        Assert.That(Findings(Deployment(1), out _, ("policies/vap.yaml", ignoring), ("policies/binding.yaml", binding)), Is.Empty);
    }

    [Test]
    public void The_rules_config_turns_a_policy_off_or_changes_its_severity()
    {
        (string, string)[] files = [("policies/vap.yaml", ReplicaLimit), ("policies/binding.yaml", Binding()), ("policies/params.yaml", Params)];
        var off = Findings(Deployment(5), out _, [.. files, (".gitops-ai/rules.yaml", "rules:\n  admission:replica-limit: off\n")]);
        var hint = Findings(Deployment(5), out _, [.. files, (".gitops-ai/rules.yaml", "rules:\n  admission:replica-limit: hint\n")]);

        Assert.That(off, Is.Empty);
        Assert.That(hint.Single().Severity, Is.EqualTo(DiagnosticSeverity.Hint));
    }

    [Test]
    public void Malformed_policies_and_bindings_never_crash_the_analysis()
    {
        string[] documents =
        [
            "apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\nmetadata:\n  name: x\nspec: 5\n",
            "apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\nmetadata:\n  name: x\nspec:\n  matchConstraints: {resourceRules: [5, {resources: 3}]}\n  validations: [{expression: '((('}, {expression: 7}, 3]\n",
            "apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicyBinding\nmetadata:\n  name: x\nspec:\n  policyName: [x]\n  paramRef: 4\n",
        ];
        foreach (var document in documents)
        {
            var findings = TestAnalysis.AnalyzeAll(new InMemoryFileSystem().Add("p.yaml", document).Add("d.yaml", Markup.Parse(Deployment(5)).Text), "d.yaml");
            Assert.That(findings.Where(d => d.IsInternalError()), Is.Empty, document);
            Assert.DoesNotThrow(() => TestAnalysis.AnalyzeAll(new InMemoryFileSystem().Add("p.yaml", document), "p.yaml"), document);
        }
    }
}
