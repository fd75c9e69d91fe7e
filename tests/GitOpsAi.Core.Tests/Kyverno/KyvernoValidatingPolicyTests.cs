using static GitOpsAi.Core.Tests.Kyverno.KyvernoTestSupport;

namespace GitOpsAi.Core.Tests.Kyverno;

/// <summary>Kyverno's CEL policies (policies.kyverno.io ValidatingPolicy), evaluated like a ValidatingAdmissionPolicy.</summary>
public class KyvernoValidatingPolicyTests
{
    private static string RequireRunAsNonRoot(string actions = "[Audit]", string kind = "ValidatingPolicy", string ns = "") => $"""
        apiVersion: policies.kyverno.io/v1alpha1
        kind: {kind}
        metadata:
          name: require-run-as-non-root
        {ns}
        spec:
          validationActions: {actions}
          matchConstraints:
            resourceRules:
              - apiGroups: [""]
                apiVersions: [v1]
                operations: [CREATE, UPDATE]
                resources: [pods]
          variables:
            - name: allContainers
              expression: "object.spec.containers + object.spec.?initContainers.orValue([])"
          validations:
            - expression: "variables.allContainers.all(c, c.?securityContext.?runAsNonRoot.orValue(false) == true)"
              message: "Every container must set securityContext.runAsNonRoot to true."
        """;

    private const string RootPod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
          namespace: shop
        spec:
          [|containers|]:
            - name: web
              image: nginx
          initContainers:
            - name: init
              image: busybox
              securityContext:
                runAsNonRoot: true
        """;

    private const string NonRootPod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
          namespace: shop
        spec:
          containers:
            - name: web
              image: nginx
              securityContext:
                runAsNonRoot: true
        """;

    [Test]
    public void A_pod_that_fails_the_validation_is_reported_at_the_field_the_expression_reads()
    {
        var findings = Evaluate(RequireRunAsNonRoot(), RootPod, out var markup);

        AssertAt(findings, markup);
        var finding = findings.Single();
        Assert.That(finding.Code, Is.EqualTo("kyverno:require-run-as-non-root"));
        Assert.That(finding.Severity, Is.EqualTo(DiagnosticSeverity.Warning));
        Assert.That(finding.Message, Is.EqualTo("ValidatingPolicy 'require-run-as-non-root': Every container must set securityContext.runAsNonRoot to true."));
    }

    [Test]
    public void A_pod_that_passes_has_no_finding() => Assert.That(Evaluate(RequireRunAsNonRoot(), NonRootPod), Is.Empty);

    [Test]
    public void Deny_makes_it_an_error() => Assert.That(Evaluate(RequireRunAsNonRoot("[Deny]"), RootPod).Single().Severity, Is.EqualTo(DiagnosticSeverity.Error));

    [Test]
    public void A_namespaced_policy_sees_only_its_own_namespace()
    {
        Assert.That(Evaluate(RequireRunAsNonRoot(kind: "NamespacedValidatingPolicy", ns: "  namespace: shop"), RootPod), Has.Count.EqualTo(1));
        Assert.That(Evaluate(RequireRunAsNonRoot(kind: "NamespacedValidatingPolicy", ns: "  namespace: other"), RootPod), Is.Empty);
    }

    [Test]
    public void A_policy_calling_kyverno_only_functions_is_noted_once_and_gives_no_verdict()
    {
        var notes = PolicyNotes("""
            apiVersion: policies.kyverno.io/v1alpha1
            kind: ValidatingPolicy
            metadata:
              name: check-deployment
            spec:
              validationActions: [Deny]
              matchConstraints:
                resourceRules:
                  - {apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [pods]}
              validations:
                - expression: [|"resource.Get('apps/v1', 'deployments', object.metadata.namespace, 'x').spec.replicas > 1"|]
            """, out var markup);

        AssertAt(notes, markup);
        Assert.That(notes.Single().Message, Does.Contain("uses Get(), which GitOpsAi does not evaluate"));
    }
}
