using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Kyverno;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Workspace;

/// <summary>
/// An edit of an object a Kyverno policy reads through a context entry (configMap, apiCall GET) reaches the files the
/// policy evaluates, which share no name or label with it; without such a policy the edit stays local.
/// </summary>
public sealed class ContextReadChangeImpactTests
{
    private static string Policy(string context) => $$$"""
        apiVersion: kyverno.io/v1
        kind: ClusterPolicy
        metadata:
          name: allowed-registries
        spec:
          validationFailureAction: Enforce
          rules:
            - name: registries
              match:
                any:
                  - resources:
                      kinds: [Pod]
              context:
        {{{context}}}
                - name: allowed
                  variable:
                    jmesPath: registries.data.allowed
              validate:
                message: "Images must come from {{ allowed }}."
                foreach:
                  - list: request.object.spec.containers
                    deny:
                      conditions:
                        all:
                          - key: "{{ element.image }}"
                            operator: NotEquals
                            value: "{{ allowed }}"
        """;

    private static readonly string ReadsConfigMap = Policy("""
                - name: registries
                  configMap:
                    name: registries
                    namespace: platform
        """);

    private static readonly string ReadsByApiCall = Policy("""
                - name: registries
                  apiCall:
                    urlPath: "/api/v1/namespaces/{{request.namespace}}/configmaps/registries"
        """);

    private const string NoContext = """
        apiVersion: kyverno.io/v1
        kind: ClusterPolicy
        metadata:
          name: no-latest
        spec:
          rules:
            - name: no-latest
              match:
                any:
                  - resources:
                      kinds: [Pod]
              validate:
                message: "No latest tag."
                pattern:
                  spec:
                    containers:
                      - image: "!*:latest"
        """;

    private static string ConfigMap(string name, string ns, string allowed) =>
        $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n  namespace: {ns}\ndata:\n  allowed: \"{allowed}\"\n";

    private const string Pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  containers:\n    - name: web\n      image: corp.io/nginx:1.27\n";

    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api
          namespace: shop
        spec:
          selector:
            matchLabels:
              app: api
          template:
            metadata:
              labels:
                app: api
            spec:
              containers:
                - name: api
                  image: corp.io/api:2
        """;

    private const string Service = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  ports:\n    - port: 80\n";

    private static readonly Analyzer Analyzer = new(AnalyzerFeatures.All);

    private sealed record Repository(WorkspaceSnapshot Workspace, WorkspaceFile Read, WorkspaceFile Other, WorkspaceFile Pod, WorkspaceFile Deployment, WorkspaceFile Service);

    private static Repository Load(string policy, string readNamespace)
    {
        var fileSystem = new InMemoryFileSystem()
            .Add("policies/policy.yaml", policy)
            .Add("config/registries.yaml", ConfigMap("registries", readNamespace, "corp.io/*"))
            .Add("config/other.yaml", ConfigMap("other", readNamespace, "corp.io/*"))
            .Add("apps/pod.yaml", Pod)
            .Add("apps/deployment.yaml", Deployment)
            .Add("apps/service.yaml", Service);
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem);
        WorkspaceFile File(string path) => workspace.GetFile(InMemoryFileSystem.PathOf(path))!;
        return new Repository(workspace, File("config/registries.yaml"), File("config/other.yaml"), File("apps/pod.yaml"), File("apps/deployment.yaml"), File("apps/service.yaml"));
    }

    /// <summary>Replaces the file's text, as a keystroke does: the impact is computed against the snapshot holding the edit.</summary>
    private static (ChangeImpact Impact, WorkspaceSnapshot After) Edit(Repository repository, WorkspaceFile file, string text)
    {
        var after = WorkspaceFile.FromText(file.Path, InMemoryFileSystem.Root, text, file);
        var snapshot = repository.Workspace.WithFile(file.Path, after);
        return (ChangeImpact.Of(file, after, InMemoryFileSystem.Root, snapshot), snapshot);
    }

    private static string Findings(WorkspaceSnapshot workspace, WorkspaceFile file) =>
        string.Join("\n", Analyzer.Analyze(workspace, workspace.GetFile(file.Path)!).Diagnostics
            .Where(d => d.Source == DiagnosticSources.Kyverno).Select(d => $"{d.Code} {d.Span} {d.Message}"));

    [Test]
    public void Editing_the_ConfigMap_a_policy_reads_affects_the_pods_and_controllers_it_evaluates_and_nothing_else()
    {
        var repository = Load(ReadsConfigMap, "platform");

        var (impact, after) = Edit(repository, repository.Read, ConfigMap("registries", "platform", "docker.io/*"));

        Assert.That(impact.AffectsEverything, Is.False);
        Assert.That(impact.Affects(repository.Pod), Is.True, "the rule evaluates the Pod");
        Assert.That(impact.Affects(repository.Deployment), Is.True, "autogen evaluates the Deployment's pod template");
        Assert.That(impact.Affects(repository.Service), Is.False, "no rule reading the ConfigMap evaluates a Service");
        Assert.That(Findings(after, repository.Pod), Is.Not.EqualTo(Findings(repository.Workspace, repository.Pod)), "the Pod's verdict really depends on the edit");
    }

    [Test]
    public void Editing_a_ConfigMap_no_context_entry_reads_stays_local()
    {
        var repository = Load(ReadsConfigMap, "platform");

        var (impact, _) = Edit(repository, repository.Other, ConfigMap("other", "platform", "docker.io/*"));

        Assert.That(impact.Affects(repository.Pod), Is.False);
        Assert.That(impact.Affects(repository.Deployment), Is.False);
    }

    [Test]
    public void A_variable_in_an_apiCall_path_counts_every_namespace_as_read()
    {
        var repository = Load(ReadsByApiCall, "shop");

        var (impact, after) = Edit(repository, repository.Read, ConfigMap("registries", "shop", "docker.io/*"));
        var (other, _) = Edit(repository, repository.Other, ConfigMap("other", "shop", "docker.io/*"));

        Assert.That(impact.Affects(repository.Pod), Is.True);
        Assert.That(impact.Affects(repository.Service), Is.False);
        Assert.That(other.Affects(repository.Pod), Is.False, "another name is not read");
        Assert.That(Findings(after, repository.Pod), Is.Not.EqualTo(Findings(repository.Workspace, repository.Pod)), "the Pod's verdict really depends on the edit");
    }

    [Test]
    public void In_a_repository_whose_policies_read_no_context_a_ConfigMap_edit_stays_local()
    {
        var repository = Load(NoContext, "platform");

        var (impact, _) = Edit(repository, repository.Read, ConfigMap("registries", "platform", "docker.io/*"));

        Assert.That(impact.AffectsEverything, Is.False);
        Assert.That(new[] { repository.Pod, repository.Deployment, repository.Service }.Where(impact.Affects), Is.Empty);
    }

    [Test]
    public void A_file_holding_an_object_a_policy_reads_affects_other_files_in_that_workspace()
    {
        var reading = Load(ReadsConfigMap, "platform");
        var notReading = Load(NoContext, "platform");

        Assert.That(KyvernoPolicies.AffectsOtherFiles(reading.Read, reading.Workspace), Is.True);
        Assert.That(KyvernoPolicies.AffectsOtherFiles(reading.Other, reading.Workspace), Is.False);
        Assert.That(KyvernoPolicies.AffectsOtherFiles(notReading.Read, notReading.Workspace), Is.False);
    }
}
