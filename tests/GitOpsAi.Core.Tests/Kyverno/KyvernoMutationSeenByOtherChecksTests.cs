using static GitOpsAi.Core.Tests.Kyverno.KyvernoMutationSupport;

namespace GitOpsAi.Core.Tests.Kyverno;

/// <summary>
/// The cluster stores the object as the repository's Kyverno mutate rules leave it, so a built-in rule or a CEL
/// policy finding that a mutation fixes becomes a hint naming the policy, and one it does not fix stays.
/// </summary>
public class KyvernoMutationSeenByOtherChecksTests
{
    private static readonly string AddLabel = MutatePolicy("""
                patchStrategicMerge:
                  metadata:
                    labels:
                      +(team): shop
        """, name: "add-team", rule: "label");

    private static IReadOnlyList<Diagnostic> Analyze(params (string Path, string Text)[] files)
    {
        var fileSystem = new InMemoryFileSystem().Add("apps/pod.yaml", Pod);
        foreach (var (path, text) in files)
        {
            fileSystem.Add(path, text);
        }

        return TestAnalysis.AnalyzeAll(fileSystem, "apps/pod.yaml");
    }

    [Test]
    public void A_mutate_policy_adding_runAsNonRoot_turns_the_built_in_finding_into_a_hint_naming_the_policy()
    {
        var asWritten = Analyze().Single(d => d.Code == "run-as-non-root");
        Assert.That(asWritten.Severity, Is.LessThanOrEqualTo(DiagnosticSeverity.Warning), "the text alone fails the rule");

        var diagnostics = Analyze(("policies/mutate.yaml", AddNonRoot));
        Assert.That(diagnostics.Where(d => d.Code == "run-as-non-root"), Is.Empty);
        var resolved = diagnostics.Single(d => d.Message.StartsWith("run-as-non-root is resolved at admission", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(resolved.Severity, Is.EqualTo(DiagnosticSeverity.Information));
            Assert.That(resolved.Code, Is.EqualTo("kyverno:add-non-root/default-non-root"));
            Assert.That(resolved.Span, Is.EqualTo(asWritten.Span), "at the place the finding was");
            Assert.That(resolved.Message, Does.Contain("Kyverno policy 'add-non-root' (rule 'default-non-root') sets spec.securityContext.runAsNonRoot to true"));
            Assert.That(resolved.Message, Does.Contain("As written: " + asWritten.Message));
        });
    }

    [Test]
    public void A_mutation_that_does_not_fix_a_finding_leaves_it_as_it_was()
    {
        var asWritten = Analyze().Where(d => d.Severity <= DiagnosticSeverity.Warning).Select(d => (d.Code, d.Severity)).ToList();
        var mutated = Analyze(("policies/mutate.yaml", AddLabel)).Where(d => d.Severity <= DiagnosticSeverity.Warning).Select(d => (d.Code, d.Severity)).ToList();
        Assert.That(asWritten, Does.Contain(("run-as-non-root", asWritten.Single(f => f.Code == "run-as-non-root").Severity)));
        Assert.That(mutated, Is.EquivalentTo(asWritten));
    }

    [Test]
    public void A_CEL_policy_judges_the_object_the_mutation_admits()
    {
        const string policy = """
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicy
            metadata:
              name: non-root-pods
            spec:
              matchConstraints:
                resourceRules:
                  - apiGroups: [""]
                    apiVersions: ["v1"]
                    operations: ["CREATE", "UPDATE"]
                    resources: ["pods"]
              validations:
                - expression: "has(object.spec.securityContext) && has(object.spec.securityContext.runAsNonRoot) && object.spec.securityContext.runAsNonRoot"
                  message: "pods must run as non-root"
            ---
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicyBinding
            metadata:
              name: non-root-pods
            spec:
              policyName: non-root-pods
              validationActions: [Deny]
            """;
        var asWritten = Analyze(("policies/vap.yaml", policy)).Where(d => d.Message.Contains("pods must run as non-root", StringComparison.Ordinal)).ToList();
        Assert.That(asWritten.Select(d => d.Severity), Is.EqualTo(new[] { DiagnosticSeverity.Error }));

        var diagnostics = Analyze(("policies/vap.yaml", policy), ("policies/mutate.yaml", AddNonRoot));
        var cel = diagnostics.Where(d => d.Message.Contains("pods must run as non-root", StringComparison.Ordinal)).ToList();
        Assert.That(cel.Select(d => (d.Severity, d.Code)), Is.EqualTo(new[] { (DiagnosticSeverity.Information, "kyverno:add-non-root/default-non-root") }));
        Assert.That(cel[0].Message, Does.StartWith(asWritten[0].Code + " is resolved at admission"));
    }
}
