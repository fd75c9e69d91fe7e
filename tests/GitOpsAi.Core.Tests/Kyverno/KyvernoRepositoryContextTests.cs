using GitOpsAi.Core.Kyverno;
using GitOpsAi.Core.Workspace;
using static GitOpsAi.Core.Tests.Kyverno.KyvernoTestSupport;

namespace GitOpsAi.Core.Tests.Kyverno;

/// <summary>
/// Context entries that read the cluster, answered from the repository when it has the object (a <c>configMap</c>
/// entry, an <c>apiCall</c> GET of one named object); otherwise a note on the object, never a guessed verdict.
/// </summary>
public class KyvernoRepositoryContextTests
{
    private static string AllowedRegistries(string context) => $$$"""
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

    private static readonly string FromConfigMap = AllowedRegistries("""
                - name: registries
                  configMap:
                    name: registries
                    namespace: platform
                - name: allowed
                  variable:
                    jmesPath: registries.data.allowed
        """);

    private const string RegistriesConfigMap = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: registries
          namespace: platform
        data:
          allowed: "corp.io/*"
        """;

    private const string Pod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: [|web|]
          namespace: shop
        spec:
          containers:
            - name: web
              image: [|docker.io/nginx:1.27|]

        """;

    [Test]
    public void A_configMap_entry_reads_the_ConfigMap_the_repository_defines()
    {
        var markup = Markup.Parse(Pod);
        var diagnostics = Evaluate(FromConfigMap, Pod, out _, ("platform/registries.yaml", RegistriesConfigMap));
        Assert.That(diagnostics, Has.Count.EqualTo(1));
        Assert.That(diagnostics[0].Span.Start, Is.GreaterThan(markup.Spans[0].End), "on the container, not the name");
        Assert.That(diagnostics[0].Severity, Is.EqualTo(DiagnosticSeverity.Error));
        Assert.That(diagnostics[0].Message, Is.EqualTo("Images must come from corp.io/*."));

        var allowed = Pod.Replace("docker.io/nginx", "corp.io/nginx", StringComparison.Ordinal);
        Assert.That(Evaluate(FromConfigMap, allowed, out _, ("platform/registries.yaml", RegistriesConfigMap)), Is.Empty);
    }

    [Test]
    public void A_ConfigMap_the_repository_does_not_define_gives_a_note_not_a_verdict()
    {
        var diagnostics = Evaluate(FromConfigMap, Pod, out var markup);
        Assert.That(diagnostics, Has.Count.EqualTo(1));
        Assert.That(diagnostics[0].Span, Is.EqualTo(markup.Spans[0]));
        Assert.That(diagnostics[0].Severity, Is.EqualTo(DiagnosticSeverity.Information));
        Assert.That(diagnostics[0].Message, Does.Contain("configmaps platform/registries").And.Contain("not in the repository"));
    }

    [Test]
    public void An_API_call_for_one_named_object_is_answered_from_the_repository()
    {
        var policy = AllowedRegistries("""
                    - name: allowed
                      apiCall:
                        urlPath: "/api/v1/namespaces/{{ request.namespace }}"
                        jmesPath: 'metadata.annotations."corp.io/registry"'
            """);
        const string ns = """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: shop
              annotations:
                corp.io/registry: "docker.io/*"
            """;
        var first = Evaluate(policy, Pod, out _, ("namespaces/shop.yaml", ns));
        Assert.That(first, Is.Empty, string.Join("\n", first.Select(d => d.Message)));
        var strict = ns.Replace("docker.io/*", "corp.io/*", StringComparison.Ordinal);
        Assert.That(Evaluate(policy, Pod, out _, ("namespaces/shop.yaml", strict)).Select(d => d.Message).ToList(), Is.EqualTo(new[] { "Images must come from corp.io/*." }));
    }

    [TestCase("/api/v1/namespaces/{{ request.namespace }}/pods", false)]
    [TestCase("/apis/networking.k8s.io/v1/ingresses", true)]
    [TestCase("/api/v1/namespaces?labelSelector=team%3Dshop", true)]
    [TestCase("/apis/apps/v1/namespaces/staging/deployments/{{ request.object.metadata.name }}", true)]
    [TestCase("/api/v1/nodes/{{ request.object.spec.nodeName }}", true)]
    [TestCase("/version", false)]
    public void GETs_of_objects_and_lists_of_declared_objects_are_answered_and_lists_of_pods_stay_notes(string url, bool answered)
    {
        var policy = AllowedRegistries($$"""
                    - name: allowed
                      apiCall:
                        urlPath: "{{url}}"
            """);
        var file = WorkspaceFile.FromText("/repo/policy.yaml", "/repo", policy);
        var rule = KyvernoPolicyLoader.Load(file, file.Manifests[0]).Rules[0];
        Assert.That(rule.IsSupported, Is.EqualTo(answered), string.Join("; ", rule.UnsupportedReasons));
    }

    [Test]
    public void The_jmesPath_of_an_API_call_reads_the_response_but_its_functions_are_still_checked()
    {
        static KyvernoRule Rule(string jmesPath)
        {
            var policy = AllowedRegistries($$$"""
                        - name: allowed
                          apiCall:
                            urlPath: "/api/v1/namespaces/{{ request.namespace }}"
                            jmesPath: "{{{jmesPath}}}"
                """);
            var file = WorkspaceFile.FromText("/repo/policy.yaml", "/repo", policy);
            return KyvernoPolicyLoader.Load(file, file.Manifests[0]).Rules[0];
        }

        Assert.That(Rule("metadata.labels.registry").IsSupported, Is.True);
        Assert.That(Rule("time_now_utc()").UnsupportedReasons, Has.Some.Contains("time_now_utc"));
    }
}
