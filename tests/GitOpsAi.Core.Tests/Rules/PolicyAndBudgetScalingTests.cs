using GitOpsAi.Core.Rules.Templates;

namespace GitOpsAi.Core.Tests.Rules;

/// <summary>
/// A workload meets the network policies of its namespace, and a PodDisruptionBudget the workloads its selector can
/// match, not every policy or workload of the repository (issue 13: with a policy and a budget per namespace the two
/// rules grew with the square of the repository).
/// </summary>
public sealed class PolicyAndBudgetScalingTests
{
    private static string App(int i, bool labelled = true) => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: app-{i}
          namespace: ns-{i}
        spec:
          replicas: 3
          selector:
            matchLabels:
              app: app-{i}
          template:
            metadata:
              labels: {(labelled ? $"{{app: app-{i}}}" : "{}")}
            spec:
              containers:
                - name: app
                  image: nginx:1.27
        ---
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata:
          name: app-{i}
          namespace: ns-{i}
        spec:
          minAvailable: 3
          selector:
            matchLabels:
              app: app-{i}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: app-{i}
          namespace: ns-{i}
        spec:
          podSelector:
            matchLabels:
              app: app-{i}
          policyTypes: [Ingress]
        """;

    private static InMemoryFileSystem Repository(int apps, int unlabelled = 0)
    {
        var fileSystem = new InMemoryFileSystem();
        for (var i = 0; i < apps; i++)
        {
            fileSystem.Add($"app-{i}.yaml", App(i, labelled: i >= unlabelled));
        }

        return fileSystem;
    }

    private static (int Policies, int Unlabelled, IReadOnlyList<string> Codes) AnalyzeFirstApp(InMemoryFileSystem fileSystem)
    {
        var (policies, unlabelled) = (MissingNetworkPolicyTemplate.PoliciesMatchedOnThisThread, PdbMinAvailableTemplate.UnlabelledWorkloadsListedOnThisThread);
        var codes = TestAnalysis.AnalyzeAll(fileSystem, "app-0.yaml").Problems().Select(d => $"{d.Code} {d.Message}").ToList();
        return (MissingNetworkPolicyTemplate.PoliciesMatchedOnThisThread - policies, PdbMinAvailableTemplate.UnlabelledWorkloadsListedOnThisThread - unlabelled, codes);
    }

    [Test]
    public void A_workload_meets_the_policies_of_its_namespace_only_however_many_namespaces_have_one()
    {
        var small = AnalyzeFirstApp(Repository(10));
        var large = AnalyzeFirstApp(Repository(40));

        Assert.That(small.Policies, Is.EqualTo(1));
        Assert.That(large.Policies, Is.EqualTo(1));
        Assert.That(large.Codes, Is.EqualTo(small.Codes));
        Assert.That(small.Codes, Has.None.StartsWith("missing-network-policy"), "its namespace's policy selects it");
    }

    [Test]
    public void A_budget_matches_by_their_own_selector_only_the_workloads_without_pod_labels()
    {
        var labelled = AnalyzeFirstApp(Repository(40));
        var someUnlabelled = AnalyzeFirstApp(Repository(40, unlabelled: 3));

        Assert.That(labelled.Unlabelled, Is.Zero);
        Assert.That(someUnlabelled.Unlabelled, Is.EqualTo(3));
        Assert.That(labelled.Codes.Count(c => c.StartsWith("pdb-min-available-too-high", StringComparison.Ordinal)), Is.EqualTo(1), "its budget keeps all three replicas");
        Assert.That(someUnlabelled.Codes.Count(c => c.StartsWith("pdb-min-available-too-high", StringComparison.Ordinal)), Is.EqualTo(1), "the unlabelled workload is matched by its own selector");
    }
}
