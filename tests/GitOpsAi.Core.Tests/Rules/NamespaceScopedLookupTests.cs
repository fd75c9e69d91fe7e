using GitOpsAi.Core.Rules.Templates;

namespace GitOpsAi.Core.Tests.Rules;

/// <summary>
/// A workload meets the network policies and budgets of its namespace, an Ingress its namespace's Services, and a
/// PodDisruptionBudget the workloads its selector can match, not every policy, budget, Service or workload of the
/// repository (issue 13: with one of each per namespace these rules grew with the square of the repository).
/// </summary>
public sealed class NamespaceScopedLookupTests
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
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: app-{i}
          namespace: ns-{i}
        spec:
          selector:
            app: app-{i}
          ports:
            - port: 80
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: app-{i}
          namespace: ns-{i}
        spec:
          rules:
            - http:
                paths:
                  - path: /
                    pathType: Prefix
                    backend:
                      service:
                        name: app-{i}
                        port:
                          number: {(i == 0 ? 81 : 80)}
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

    private sealed record Counts(int Policies, int Budgets, int Services, int Unlabelled, IReadOnlyList<string> Codes);

    private static Counts AnalyzeFirstApp(InMemoryFileSystem fileSystem)
    {
        var policies = MissingNetworkPolicyTemplate.PoliciesMatchedOnThisThread;
        var budgets = MissingPdbTemplate.BudgetsMatchedOnThisThread;
        var services = DanglingTemplate.ServicesListedOnThisThread;
        var unlabelled = PdbMinAvailableTemplate.UnlabelledWorkloadsListedOnThisThread;
        var codes = TestAnalysis.AnalyzeAll(fileSystem, "app-0.yaml").Problems().Select(d => $"{d.Code} {d.Message}").ToList();
        return new Counts(
            MissingNetworkPolicyTemplate.PoliciesMatchedOnThisThread - policies, MissingPdbTemplate.BudgetsMatchedOnThisThread - budgets,
            DanglingTemplate.ServicesListedOnThisThread - services, PdbMinAvailableTemplate.UnlabelledWorkloadsListedOnThisThread - unlabelled, codes);
    }

    [Test]
    public void A_workload_meets_the_policies_and_budgets_and_an_ingress_the_services_of_its_namespace_only()
    {
        var small = AnalyzeFirstApp(Repository(10));
        var large = AnalyzeFirstApp(Repository(40));

        Assert.That((small.Policies, small.Budgets, small.Services), Is.EqualTo((1, 1, 1)));
        Assert.That((large.Policies, large.Budgets, large.Services), Is.EqualTo((1, 1, 1)));
        Assert.That(large.Codes, Is.EqualTo(small.Codes));
        Assert.That(small.Codes, Has.None.StartsWith("missing-network-policy").And.None.StartsWith("missing-pod-disruption-budget"), "its namespace's policy and budget select it");
        Assert.That(small.Codes.Count(c => c.StartsWith("dangling-ingress", StringComparison.Ordinal)), Is.EqualTo(1), "its namespace's Service has no port 81");
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

/// <summary>
/// A Service meets the Flagger Canaries of its namespace, and one no workload backs the workloads without a pod spec,
/// not every Canary or workload of the repository (issue 13: a Canary per app made dangling-service grow with their square).
/// </summary>
public sealed class CanaryScopedLookupTests
{
    private static InMemoryFileSystem Repository(int apps)
    {
        var fileSystem = new InMemoryFileSystem();
        for (var i = 0; i < apps; i++)
        {
            fileSystem.Add($"app-{i}.yaml", $"""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: app-{i}
                  namespace: ns-{i}
                spec:
                  selector:
                    matchLabels:
                      app: app-{i}
                  template:
                    metadata:
                      labels:
                        app: app-{i}
                    spec:
                      containers:
                        - name: app
                          image: nginx:1.27
                ---
                apiVersion: v1
                kind: Service
                metadata:
                  name: app-{i}
                  namespace: ns-{i}
                spec:
                  selector:
                    app: {(i == 0 ? "gone" : $"app-{i}")}
                  ports:
                    - port: 80
                ---
                apiVersion: flagger.app/v1beta1
                kind: Canary
                metadata:
                  name: app-{i}
                  namespace: ns-{i}
                spec:
                  targetRef:
                    apiVersion: apps/v1
                    kind: Deployment
                    name: app-{i}
                """);
        }

        return fileSystem;
    }

    private static (int Canaries, int WithoutPodSpec, IReadOnlyList<string> Dangling) AnalyzeFirstApp(InMemoryFileSystem fileSystem)
    {
        var (canaries, withoutPodSpec) = (WorkspaceObjects.CanariesExaminedOnThisThread, DanglingTemplate.WorkloadsWithoutPodSpecListedOnThisThread);
        var dangling = TestAnalysis.AnalyzeAll(fileSystem, "app-0.yaml").Problems().Where(d => d.Code == "dangling-service").Select(d => d.Message).ToList();
        return (WorkspaceObjects.CanariesExaminedOnThisThread - canaries, DanglingTemplate.WorkloadsWithoutPodSpecListedOnThisThread - withoutPodSpec, dangling);
    }

    [Test]
    public void A_service_no_workload_backs_meets_its_namespaces_canary_and_no_workload_of_other_namespaces()
    {
        var small = AnalyzeFirstApp(Repository(10));
        var large = AnalyzeFirstApp(Repository(40));

        Assert.That((small.Canaries, small.WithoutPodSpec), Is.EqualTo((large.Canaries, large.WithoutPodSpec)));
        Assert.That(large.Canaries, Is.InRange(1, 3), "the first app's Canary, for each rule that asks");
        Assert.That(large.WithoutPodSpec, Is.Zero);
        Assert.That(large.Dangling, Has.Count.EqualTo(1), "its selector matches no pod");
    }
}

/// <summary>
/// A pod's references and ServiceAccount meet the objects of that name in its namespace, not those of every namespace
/// holding the name (issue 13: the same ServiceAccount, ConfigMap and sealed Secret in every namespace made
/// non-existent-configmap, non-existent-secret and automount-service-account-token grow with the square of the repository).
/// </summary>
public sealed class SameNameLookupTests
{
    private static InMemoryFileSystem Repository(int namespaces)
    {
        var fileSystem = new InMemoryFileSystem();
        for (var i = 0; i < namespaces; i++)
        {
            // The first namespace's ConfigMap and sealed Secret are elsewhere: its references are reported.
            var elsewhere = i == 0 ? "other" : $"ns-{i}";
            fileSystem.Add($"app-{i}.yaml", $"""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  namespace: ns-{i}
                spec:
                  selector:
                    matchLabels:
                      app: web
                  template:
                    metadata:
                      labels:
                        app: web
                    spec:
                      serviceAccountName: web
                      containers:
                        - name: web
                          image: nginx:1.27
                          envFrom:
                            - configMapRef:
                                name: web-config
                            - secretRef:
                                name: web-secret
                ---
                apiVersion: v1
                kind: ServiceAccount
                metadata:
                  name: web
                  namespace: ns-{i}
                automountServiceAccountToken: false
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: web-config
                  namespace: {elsewhere}
                ---
                apiVersion: bitnami.com/v1alpha1
                kind: SealedSecret
                metadata:
                  name: web-secret
                  namespace: {elsewhere}
                """);
        }

        return fileSystem;
    }

    private static (int References, int Accounts, IReadOnlyList<string> Codes) AnalyzeFirstApp(InMemoryFileSystem fileSystem)
    {
        var (references, accounts) = (ReferenceTemplate.ReferencesExaminedOnThisThread, ServiceAccountTokenTemplate.AccountsExaminedOnThisThread);
        var codes = TestAnalysis.AnalyzeAll(fileSystem, "app-0.yaml").Problems().Select(d => d.Code).Where(c => c.StartsWith("non-existent", StringComparison.Ordinal) || c.StartsWith("automount", StringComparison.Ordinal)).Order().ToList();
        return (ReferenceTemplate.ReferencesExaminedOnThisThread - references, ServiceAccountTokenTemplate.AccountsExaminedOnThisThread - accounts, codes);
    }

    [Test]
    public void A_pod_meets_the_objects_of_a_name_in_its_namespace_however_many_namespaces_hold_the_name()
    {
        var small = AnalyzeFirstApp(Repository(20));
        var large = AnalyzeFirstApp(Repository(80));

        Assert.That((large.References, large.Accounts), Is.EqualTo((small.References, small.Accounts)));
        Assert.That(large.Accounts, Is.EqualTo(1), "its namespace's ServiceAccount");
        Assert.That(large.References, Is.LessThanOrEqualTo(2));
        Assert.That(large.Codes, Is.EqualTo(new[] { "non-existent-configmap", "non-existent-secret" }), "its ConfigMap and Secret are in another namespace");
    }
}
