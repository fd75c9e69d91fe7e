using GitOpsAi.Core.Kyverno;
using GitOpsAi.Core.Workspace;
using static GitOpsAi.Core.Tests.Kyverno.KyvernoTestSupport;

namespace GitOpsAi.Core.Tests.Kyverno;

/// <summary>
/// <c>apiCall</c> context entries that list objects, answered from the repository as the desired cluster state (cases
/// modelled on kyverno/policies' require-netpol, unique-ingress-host and namespace-selector tests). The object being
/// admitted is not in its own list (a CREATE), and a list the repository cannot know is a note, never a verdict.
/// </summary>
public class KyvernoApiCallListTests
{
    private const string RequireNetworkPolicy = """
        apiVersion: kyverno.io/v1
        kind: ClusterPolicy
        metadata:
          name: require-netpol
        spec:
          validationFailureAction: Enforce
          rules:
            - name: pods-have-netpol
              match:
                any:
                  - resources:
                      kinds: [Deployment]
              context:
                - name: policies
                  apiCall:
                    urlPath: "/apis/networking.k8s.io/v1/namespaces/{{ request.namespace }}/networkpolicies"
                    jmesPath: "items[?label_match(spec.podSelector.matchLabels, `{{ request.object.spec.template.metadata.labels }}`)] | length(@)"
              validate:
                message: "Every Deployment needs a NetworkPolicy selecting its pods."
                deny:
                  conditions:
                    any:
                      - key: "{{ policies }}"
                        operator: LessThan
                        value: 1
        """;

    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: [|web|]
          namespace: shop
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
        """;

    private static string NetworkPolicy(string ns, string app, bool withNamespace = true) => $"""
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: allow-{app}
        {(withNamespace ? $"  namespace: {ns}" : string.Empty)}
        spec:
          podSelector:
            matchLabels:
              app: {app}
        """;

    [Test]
    public void A_list_of_network_policies_is_answered_from_the_objects_of_the_namespace_in_the_repository()
    {
        Assert.That(Evaluate(RequireNetworkPolicy, Deployment, out _, ("netpol/web.yaml", NetworkPolicy("shop", "web"))), Is.Empty);

        var missing = Evaluate(RequireNetworkPolicy, Deployment, out var markup, ("netpol/api.yaml", NetworkPolicy("shop", "api")));
        AssertAt(missing, markup);
        Assert.That(missing[0].Message, Is.EqualTo("Every Deployment needs a NetworkPolicy selecting its pods."));
        Assert.That(missing[0].Severity, Is.EqualTo(DiagnosticSeverity.Error));

        var elsewhere = Evaluate(RequireNetworkPolicy, Deployment, out _, ("netpol/web.yaml", NetworkPolicy("other", "web")));
        Assert.That(elsewhere.Select(d => d.Severity), Is.EqualTo(new[] { DiagnosticSeverity.Error }), "a policy in another namespace does not count");
    }

    [Test]
    public void A_repository_without_any_object_of_the_listed_kind_gives_an_empty_list_and_a_verdict()
    {
        var diagnostics = Evaluate(RequireNetworkPolicy, Deployment);
        Assert.That(diagnostics.Select(d => d.Message), Is.EqualTo(new[] { "Every Deployment needs a NetworkPolicy selecting its pods." }));
    }

    [Test]
    public void An_object_of_the_listed_kind_without_a_namespace_makes_the_list_unknown_and_gives_a_note()
    {
        var diagnostics = Evaluate(RequireNetworkPolicy, Deployment, out var markup, ("netpol/web.yaml", NetworkPolicy("shop", "web", withNamespace: false)));
        Assert.That(diagnostics, Has.Count.EqualTo(1));
        Assert.That(diagnostics[0].Severity, Is.EqualTo(DiagnosticSeverity.Information));
        Assert.That(diagnostics[0].Span, Is.EqualTo(markup.Spans[0]));
        Assert.That(diagnostics[0].Message, Does.Contain("NetworkPolicy allow-web without a namespace"));
    }

    [Test]
    public void A_list_in_the_namespace_of_an_object_written_without_one_is_a_note_not_an_error()
    {
        var policy = RequireNetworkPolicy.Replace("{{ request.namespace }}/networkpolicies", "{{ request.object.metadata.namespace }}/networkpolicies", StringComparison.Ordinal);
        var deployment = Deployment.Replace("  namespace: shop\n", string.Empty, StringComparison.Ordinal);
        foreach (var tried in new[] { policy, RequireNetworkPolicy })
        {
            var diagnostics = Evaluate(tried, deployment, out _, ("netpol/web.yaml", NetworkPolicy("shop", "web")));
            Assert.That(diagnostics.Select(d => d.Severity), Is.EqualTo(new[] { DiagnosticSeverity.Information }), string.Join("\n", diagnostics.Select(d => d.Message)));
            Assert.That(diagnostics[0].Message, Does.Contain("gets only when applied"));
        }
    }

    private const string UniqueIngressHost = """
        apiVersion: kyverno.io/v1
        kind: ClusterPolicy
        metadata:
          name: unique-ingress-host
        spec:
          validationFailureAction: Audit
          rules:
            - name: check-single-host
              match:
                any:
                  - resources:
                      kinds: [Ingress]
              context:
                - name: hosts
                  apiCall:
                    urlPath: "/apis/networking.k8s.io/v1/ingresses"
                    jmesPath: "items[].spec.rules[].host"
              validate:
                message: "The Ingress host name must be unique."
                deny:
                  conditions:
                    all:
                      - key: "{{ request.object.spec.rules[0].host }}"
                        operator: AnyIn
                        value: "{{ hosts }}"
        """;

    private static string Ingress(string name, string ns, string host) => $"""
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: {name}
          namespace: {ns}
        spec:
          rules:
            - host: {host}
        """;

    [Test]
    public void A_cluster_wide_list_sees_every_namespace_but_not_the_object_being_created()
    {
        var web = Ingress("[|web|]", "shop", "shop.example.com");
        Assert.That(Evaluate(UniqueIngressHost, web), Is.Empty, "the Ingress alone: the cluster does not have it before it is created");

        var clash = Evaluate(UniqueIngressHost, web, out var markup, ("other/ingress.yaml", Ingress("legacy", "legacy", "shop.example.com")));
        AssertAt(clash, markup);
        Assert.That(clash[0].Severity, Is.EqualTo(DiagnosticSeverity.Warning));

        Assert.That(Evaluate(UniqueIngressHost, web, out _, ("other/ingress.yaml", Ingress("blog", "blog", "blog.example.com"))), Is.Empty);
    }

    [Test]
    public void Label_and_field_selectors_filter_the_list_and_every_cluster_has_its_built_in_namespaces()
    {
        var policy = """
            apiVersion: kyverno.io/v1
            kind: ClusterPolicy
            metadata:
              name: critical-namespaces
            spec:
              validationFailureAction: Audit
              rules:
                - name: only-critical
                  match:
                    any:
                      - resources:
                          kinds: [Pod]
                  context:
                    - name: critical
                      apiCall:
                        urlPath: "/api/v1/namespaces?labelSelector=appPriority%3Dcritical"
                        jmesPath: "items[].metadata.name"
                    - name: all
                      apiCall:
                        urlPath: "/api/v1/namespaces?fieldSelector=metadata.name!=shop"
                        jmesPath: "items[].metadata.name"
                  validate:
                    message: "critical={{ critical }} others={{ all }}"
                    deny:
                      conditions:
                        all:
                          - key: "{{ request.namespace }}"
                            operator: AnyNotIn
                            value: "{{ critical }}"
            """;
        const string pod = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: [|web|]
              namespace: shop
            spec:
              containers:
                - name: web
                  image: nginx:1.27
            """;
        static string Namespace(string name, string priority) => $"""
            apiVersion: v1
            kind: Namespace
            metadata:
              name: {name}
              labels:
                appPriority: {priority}
            """;

        var diagnostics = Evaluate(policy, pod, out _, ("ns/shop.yaml", Namespace("shop", "low")), ("ns/pay.yaml", Namespace("pay", "critical")));
        Assert.That(diagnostics.Select(d => d.Message), Is.EqualTo(new[]
        {
            """critical=["pay"] others=["pay","default","kube-node-lease","kube-public","kube-system"]""",
        }));
        Assert.That(Evaluate(policy, pod, out _, ("ns/shop.yaml", Namespace("shop", "critical"))), Is.Empty);
    }

    [TestCase("/api/v1/namespaces/{{ request.namespace }}/pods", "it lists pods, which the cluster creates")]
    [TestCase("/api/v1/namespaces/kubed/secrets", "it lists secrets, which the cluster creates")]
    [TestCase("/apis/apps/v1/namespaces/{{ request.namespace }}/deployments?labelSelector=tier in (web,api)", "it uses context API calls")]
    [TestCase("/apis/apps/v1/namespaces/{{ request.namespace }}/deployments?limit=1", "it uses context API calls")]
    [TestCase("/version", "it uses context API calls")]
    public void Lists_the_cluster_fills_itself_and_paths_the_repository_cannot_answer_are_skipped_with_a_reason(string url, string reason)
    {
        var rule = LoadRule(url);
        Assert.That(rule.IsSupported, Is.False);
        Assert.That(rule.UnsupportedReasons, Has.Some.StartsWith(reason));
    }

    [TestCase("/apis/networking.k8s.io/v1/ingresses")]
    [TestCase("/api/v1/namespaces/{{ request.namespace }}/services")]
    [TestCase("/apis/apps/v1/namespaces/{{request.namespace}}/deployments?fieldSelector=metadata.name={{request.name}}")]
    [TestCase("/api/v1/namespaces?labelSelector=appPriority%3Dcritical")]
    public void Lists_of_declared_objects_are_evaluated(string url) =>
        Assert.That(LoadRule(url).IsSupported, Is.True, string.Join("; ", LoadRule(url).UnsupportedReasons));

    [Test]
    public void Editing_an_object_of_a_listed_kind_is_a_context_read_for_the_rule_that_lists_it()
    {
        var fileSystem = new InMemoryFileSystem()
            .Add("policies/policy.yaml", RequireNetworkPolicy)
            .Add("netpol/web.yaml", NetworkPolicy("shop", "web"))
            .Add("netpol/secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  namespace: shop\n");
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem);
        var reads = ContextReads.For(workspace);
        Assert.That(reads.Reads(workspace.GetFile(InMemoryFileSystem.PathOf("netpol/web.yaml"))!.Manifests[0]), Is.True);
        Assert.That(reads.Reads(workspace.GetFile(InMemoryFileSystem.PathOf("netpol/secret.yaml"))!.Manifests[0]), Is.False);
    }

    private static KyvernoRule LoadRule(string url)
    {
        var policy = RequireNetworkPolicy.Replace(
            "/apis/networking.k8s.io/v1/namespaces/{{ request.namespace }}/networkpolicies", url, StringComparison.Ordinal);
        var file = WorkspaceFile.FromText("/repo/policy.yaml", "/repo", policy);
        return KyvernoPolicyLoader.Load(file, file.Manifests[0]).Rules[0];
    }
}
