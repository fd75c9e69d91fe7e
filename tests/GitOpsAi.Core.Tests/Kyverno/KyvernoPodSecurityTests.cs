using static GitOpsAi.Core.Tests.Kyverno.KyvernoTestSupport;

namespace GitOpsAi.Core.Tests.Kyverno;

/// <summary>
/// <c>validate.podSecurity</c> as Kyverno evaluates it, in the form of kyverno/policies' pod-security
/// <c>.kyverno-test</c> cases (good and bad pods, exclusions by control and image). The cases are our own.
/// </summary>
public class KyvernoPodSecurityTests
{
    private static string PodSecurity(string level, string exclude = "") =>
        Policy($"        podSecurity:\n          level: {level}\n          version: latest\n{exclude}", action: "Enforce", rule: level);

    private static string Pod(string podSecurityContext = "", string containerSecurityContext = "", string image = "nginx:1.27", string extra = "") => $"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
        {podSecurityContext}
        {extra}
          containers:
            - name: web
              image: {image}
        {containerSecurityContext}

        """;

    private const string RestrictedContainer = """
              securityContext:
                allowPrivilegeEscalation: false
                runAsNonRoot: true
                seccompProfile:
                  type: RuntimeDefault
                capabilities:
                  drop: [ALL]
        """;

    private static IReadOnlyList<Diagnostic> Findings(string policy, string pod) =>
        Evaluate(policy, pod).Where(d => d.Severity != DiagnosticSeverity.Information).ToList();

    [Test]
    public void A_pod_that_meets_the_restricted_level_passes()
    {
        Assert.That(Findings(PodSecurity("restricted"), Pod(containerSecurityContext: RestrictedContainer)), Is.Empty);
    }

    [Test]
    public void A_plain_pod_passes_baseline_and_fails_restricted_with_Kyverno_s_message()
    {
        Assert.That(Findings(PodSecurity("baseline"), Pod()), Is.Empty);
        var findings = Findings(PodSecurity("restricted"), Pod());
        Assert.That(findings, Has.Count.EqualTo(1));
        Assert.That(findings[0].Severity, Is.EqualTo(DiagnosticSeverity.Error));
        Assert.That(findings[0].Message, Does.StartWith("Validation rule 'restricted' failed. It violates PodSecurity \"restricted:latest\": (allowPrivilegeEscalation != false: container \"web\" must set securityContext.allowPrivilegeEscalation=false)"));
        Assert.That(findings[0].Message, Does.Contain("(runAsNonRoot != true:").And.Contain("(seccompProfile:").And.Contain("(unrestricted capabilities:"));
    }

    [TestCase("  hostNetwork: true", "host namespaces")]
    [TestCase("  volumes:\n    - name: root\n      hostPath:\n        path: /", "hostPath volumes")]
    [TestCase("  securityContext:\n    sysctls:\n      - name: kernel.msgmax\n        value: \"1\"", "forbidden sysctls")]
    public void Pod_level_baseline_violations_fail_the_baseline_level(string podField, string reason)
    {
        var findings = Findings(PodSecurity("baseline"), Pod(extra: podField));
        Assert.That(findings.Select(f => f.Message).ToList(), Has.Count.EqualTo(1).And.Some.Contains($"({reason}:"));
    }

    [TestCase("privileged: true", "privileged")]
    [TestCase("capabilities:\n          add: [NET_ADMIN]", "non-default capabilities")]
    [TestCase("procMount: Unmasked", "procMount")]
    [TestCase("seccompProfile:\n          type: Unconfined", "seccompProfile")]
    public void Container_baseline_violations_fail_the_baseline_level(string field, string reason)
    {
        var findings = Findings(PodSecurity("baseline"), Pod(containerSecurityContext: "      securityContext:\n        " + field));
        Assert.That(findings.Select(f => f.Message).ToList(), Has.Count.EqualTo(1).And.Some.Contains($"({reason}:"));
    }

    [Test]
    public void Pod_level_runAsNonRoot_and_seccomp_cover_every_container()
    {
        var podContext = "  securityContext:\n    runAsNonRoot: true\n    seccompProfile:\n      type: RuntimeDefault";
        var container = "      securityContext:\n        allowPrivilegeEscalation: false\n        capabilities:\n          drop: [ALL]";
        Assert.That(Findings(PodSecurity("restricted"), Pod(podContext, container)), Is.Empty);
    }

    [Test]
    public void An_exclusion_by_control_and_image_drops_that_container_s_violation_only()
    {
        const string exclude = "          exclude:\n            - controlName: Capabilities\n              images: [\"ghcr.io/corp/*\"]";
        var addsNetAdmin = RestrictedContainer.Replace("drop: [ALL]", "drop: [ALL]\n          add: [NET_ADMIN]", StringComparison.Ordinal);
        Assert.That(Findings(PodSecurity("restricted", exclude), Pod(containerSecurityContext: addsNetAdmin, image: "ghcr.io/corp/agent:1")), Is.Empty);
        Assert.That(Findings(PodSecurity("restricted", exclude), Pod(containerSecurityContext: addsNetAdmin, image: "docker.io/agent:1")), Has.Count.EqualTo(1));
    }

    [Test]
    public void An_exclusion_by_control_without_images_covers_the_pod_s_own_fields()
    {
        const string exclude = "          exclude:\n            - controlName: Host Namespaces";
        Assert.That(Findings(PodSecurity("baseline", exclude), Pod(extra: "  hostPID: true")), Is.Empty);
    }

    [Test]
    public void A_Deployment_is_checked_through_its_pod_template()
    {
        const string deployment = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
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
                      image: nginx:1.27
                      securityContext:
                        privileged: [|true|]

            """;
        var findings = AssertAt(Evaluate(PodSecurity("baseline"), deployment, out var markup), markup);
        Assert.That(findings[0].Message, Does.StartWith("Validation rule 'autogen-baseline' failed. It violates PodSecurity \"baseline:latest\": (privileged: container \"web\" must not set securityContext.privileged=true)"));
    }
}
