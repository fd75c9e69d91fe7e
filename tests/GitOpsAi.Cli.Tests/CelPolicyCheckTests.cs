namespace GitOpsAi.Cli.Tests;

/// <summary>The real program gates CI on the repository's own CEL policies (ValidatingAdmissionPolicy, Kyverno ValidatingPolicy).</summary>
public sealed class CelPolicyCheckTests
{
    private const string Policy = """
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicy
        metadata:
          name: max-replicas
        spec:
          matchConstraints:
            resourceRules:
              - apiGroups: ["apps"]
                apiVersions: ["v1"]
                operations: ["CREATE", "UPDATE"]
                resources: ["deployments"]
          validations:
            - expression: "object.spec.replicas <= 3"
              message: "at most 3 replicas"
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicyBinding
        metadata:
          name: max-replicas
        spec:
          policyName: max-replicas
          validationActions: [Deny]
        """;

    private static string Deployment(int replicas) => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: shop
        spec:
          replicas: {replicas}
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
        """;

    // The built-in rules' errors are turned off so that the exit code is the policy's alone.
    private const string RulesConfig = "rules:\n  privilege-escalation: off\n  run-as-non-root: off\n";

    [Test]
    public void A_deployment_a_bound_admission_policy_denies_fails_the_run_at_the_field()
    {
        using var repo = new TempRepo().Write("policies/max-replicas.yaml", Policy).Write("apps/web.yaml", Deployment(5)).Write(".gitops-ai/rules.yaml", RulesConfig);

        var result = CliRun.AsProcess("check", repo.Root);

        Assert.That(result.ExitCode, Is.EqualTo(1), result.Stdout + result.Stderr);
        Assert.That(result.Stdout, Does.Contain("apps/web.yaml:7:3: error admission:max-replicas: ValidatingAdmissionPolicy 'max-replicas': at most 3 replicas"));
    }

    [Test]
    public void A_deployment_within_the_policy_passes()
    {
        using var repo = new TempRepo().Write("policies/max-replicas.yaml", Policy).Write("apps/web.yaml", Deployment(2)).Write(".gitops-ai/rules.yaml", RulesConfig);

        var result = CliRun.InProcess("check", repo.Root);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Stdout);
        Assert.That(result.Stdout, Does.Not.Contain("admission:"));
    }
}
