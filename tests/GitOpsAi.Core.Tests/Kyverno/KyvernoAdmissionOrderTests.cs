using static GitOpsAi.Core.Tests.Kyverno.KyvernoMutationSupport;
using static GitOpsAi.Core.Tests.Kyverno.KyvernoTestSupport;

namespace GitOpsAi.Core.Tests.Kyverno;

/// <summary>
/// Validate rules see the object as admission stores it (mutate rules first, as Kyverno's mutating webhook runs before
/// the validating one), the object says which policy changes what, and a finding that only exists after a mutation
/// still lands on the object's text.
/// </summary>
public class KyvernoAdmissionOrderTests
{
    private const string RequireNonRoot = """
                message: "Containers must run as non-root."
                pattern:
                  spec:
                    securityContext:
                      runAsNonRoot: true
        """;

    private static readonly string AddNonRoot = MutatePolicy("""
                patchStrategicMerge:
                  spec:
                    securityContext:
                      +(runAsNonRoot): true
        """, name: "add-non-root", rule: "default-non-root");

    private const string Pod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: [|web|]
        spec:
          containers:
            - name: web
              image: nginx:1.27

        """;

    private const string PodAtSpec = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        [|spec|]:
          containers:
            - name: web
              image: nginx:1.27

        """;

    [Test]
    public void A_policy_that_adds_a_default_removes_the_false_finding_of_another()
    {
        var validate = Policy(RequireNonRoot, name: "require-non-root");
        Assert.That(Evaluate(validate, Pod).Where(d => d.Severity != DiagnosticSeverity.Information).ToList(), Has.Count.EqualTo(1), "without the mutation the pod fails");
        var diagnostics = Evaluate(validate, Pod, out _, ("policies/mutate.yaml", AddNonRoot));
        Assert.That(diagnostics.Where(d => d.Severity != DiagnosticSeverity.Information), Is.Empty);
    }

    [Test]
    public void The_object_gets_a_hint_naming_the_policy_the_field_and_the_value()
    {
        // (The built-in run-as-non-root finding the mutation resolves is a hint of its own, KyvernoMutationSeenByOtherChecksTests.)
        var diagnostics = AssertAt(Evaluate(AddNonRoot, Pod, out var markup).Where(d => !d.Message.Contains(" is resolved at admission", StringComparison.Ordinal)).ToList(), markup);
        Assert.That(diagnostics[0].Severity, Is.EqualTo(DiagnosticSeverity.Information));
        Assert.That(diagnostics[0].Code, Is.EqualTo("kyverno:add-non-root/default-non-root"));
        Assert.That(diagnostics[0].Message, Does.Contain("'add-non-root'").And.Contain("sets spec.securityContext.runAsNonRoot to true"));
    }

    [Test]
    public void A_finding_that_exists_only_after_the_mutation_lands_on_the_nearest_field_the_object_has()
    {
        var addPrivileged = MutatePolicy("""
                    patchStrategicMerge:
                      spec:
                        hostNetwork: true
            """, name: "add-host-network");
        var forbid = Policy("""
                    message: "hostNetwork is not allowed."
                    pattern:
                      spec:
                        =(hostNetwork): false
            """, name: "no-host-network");
        var findings = Evaluate(forbid, PodAtSpec, out var markup, ("policies/mutate.yaml", addPrivileged)).Where(d => d.Severity != DiagnosticSeverity.Information).ToList();
        AssertAt(findings, markup);
        Assert.That(findings[0].Code, Is.EqualTo("kyverno:no-host-network/check"));
    }

    [Test]
    public void A_finding_on_a_field_the_object_already_had_stays_on_that_field()
    {
        var addLabel = MutatePolicy("""
                    patchStrategicMerge:
                      metadata:
                        labels:
                          team: payments
            """, name: "add-team");
        var pinned = Policy("""
                    message: "Images must be pinned."
                    pattern:
                      spec:
                        containers:
                          - image: "!*:latest"
            """, name: "pin-images");
        const string latest = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
            spec:
              containers:
                - name: web
                  image: [|nginx:latest|]

            """;
        var findings = Evaluate(pinned, latest, out var markup, ("policies/mutate.yaml", addLabel)).Where(d => d.Severity != DiagnosticSeverity.Information).ToList();
        AssertAt(findings, markup);
    }

    [Test]
    public void A_mutate_rule_that_errors_is_reported_on_the_object()
    {
        var policy = MutatePolicy("""
                    patchStrategicMerge:
                      metadata:
                        labels:
                          team: "{{ request.object.metadata.labels.team }}"
            """, name: "copy-team");
        var diagnostics = AssertAt(Evaluate(policy, Pod, out var markup), markup);
        Assert.That(diagnostics[0].Severity, Is.EqualTo(DiagnosticSeverity.Warning));
        Assert.That(diagnostics[0].Message, Does.StartWith("Kyverno reports an error for mutate rule mutate of policy copy-team"));
    }
}
