using GitOpsAi.Core.Expressions.JmesPath;
using GitOpsAi.Core.Kyverno;
using GitOpsAi.Core.Kyverno.Generation;
using GitOpsAi.Core.Workspace;
using static GitOpsAi.Core.Tests.Kyverno.KyvernoTestSupport;

namespace GitOpsAi.Core.Tests.Kyverno;

/// <summary>
/// Generate rules in the form of kyverno/policies' <c>.kyverno-test</c> cases (a trigger, the expected
/// <c>generatedResource</c>): data with variables, clones of repository objects, preconditions; and the note the
/// trigger gets. The cases are our own.
/// </summary>
public class KyvernoGenerationTests
{
    private static string GeneratePolicy(string generate, string kinds = "Namespace", string extraRule = "", string name = "add-quota") => $"""
        apiVersion: kyverno.io/v1
        kind: ClusterPolicy
        metadata:
          name: {name}
        spec:
          rules:
            - name: generate
              match:
                any:
                  - resources:
                      kinds: [{kinds}]
        {extraRule}
              generate:
        {generate}
        """;

    private const string Namespace = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: [|shop|]
          labels:
            team: payments

        """;

    private static readonly string Quota = GeneratePolicy("""
                apiVersion: v1
                kind: ResourceQuota
                name: default-quota
                namespace: "{{ request.object.metadata.name }}"
                synchronize: true
                data:
                  metadata:
                    labels:
                      owner: "{{ request.object.metadata.labels.team }}"
                  spec:
                    hard:
                      requests.cpu: "4"
        """);

    private static GenerationResult Generate(string policyYaml, string triggerYaml, params string[] repository)
    {
        var policyFile = WorkspaceFile.FromText("/repo/policy.yaml", "/repo", policyYaml);
        var rule = KyvernoPolicyLoader.Load(policyFile, policyFile.Manifests[0]).Rules[0];
        Assert.That(rule.UnsupportedReasons, Is.Empty);
        var triggerFile = WorkspaceFile.FromText("/repo/trigger.yaml", "/repo", Markup.Parse(triggerYaml).Text);
        var trigger = ResourceInfo.From(triggerFile.Manifests[0], _ => new Dictionary<string, string>());
        var objects = repository.Select(text => JValue.FromYaml(WorkspaceFile.FromText("/repo/o.yaml", "/repo", text).Manifests[0].Root)).OfType<JObject>().ToList();
        return RuleGenerator.Generate(rule, trigger, (kind, ns, name) => objects.FirstOrDefault(o =>
            (o.Get("kind") as JString)?.Value == kind && ((o.Get("metadata") as JObject)?.Get("name") as JString)?.Value == name
            && (((o.Get("metadata") as JObject)?.Get("namespace") as JString)?.Value ?? string.Empty) == ns));
    }

    private static void AssertGenerated(GenerationResult result, string generatedResource)
    {
        Assert.That(result.Status, Is.EqualTo(RuleStatus.Pass), result.Detail);
        var expected = JValue.Strip(JValue.FromYaml(WorkspaceFile.FromText("/repo/x.yaml", "/repo", generatedResource).Manifests[0].Root));
        Assert.That(result.Generated!.ToJson(), Is.EqualTo(expected.ToJson()));
    }

    [Test]
    public void Data_is_generated_with_the_trigger_s_variables_in_name_namespace_and_body()
    {
        AssertGenerated(Generate(Quota, Namespace), """
            apiVersion: v1
            kind: ResourceQuota
            metadata:
              name: default-quota
              namespace: shop
              labels:
                owner: payments
            spec:
              hard:
                requests.cpu: "4"
            """);
    }

    [Test]
    public void A_clone_copies_the_repository_object_under_the_target_s_name_and_namespace()
    {
        var policy = GeneratePolicy("""
                    apiVersion: v1
                    kind: Secret
                    name: regcred
                    namespace: "{{ request.object.metadata.name }}"
                    clone:
                      namespace: default
                      name: regcred
            """);
        const string source = """
            apiVersion: v1
            kind: Secret
            metadata:
              name: regcred
              namespace: default
              resourceVersion: "12"
            type: kubernetes.io/dockerconfigjson
            data:
              .dockerconfigjson: e30=
            """;
        AssertGenerated(Generate(policy, Namespace, source), """
            apiVersion: v1
            kind: Secret
            metadata:
              name: regcred
              namespace: shop
            type: kubernetes.io/dockerconfigjson
            data:
              .dockerconfigjson: e30=
            """);
        var missing = Generate(policy, Namespace);
        Assert.That(missing.Unknown, Is.True, "a clone source outside the repository is never guessed");
        Assert.That(missing.Detail, Does.Contain("default/regcred"));
    }

    [Test]
    public void Preconditions_that_do_not_hold_generate_nothing()
    {
        var policy = GeneratePolicy("""
                    apiVersion: v1
                    kind: ConfigMap
                    name: marker
                    namespace: "{{ request.object.metadata.name }}"
                    data:
                      data:
                        a: b
            """, extraRule: """
                  preconditions:
                    all:
                      - key: "{{ request.object.metadata.labels.team || '' }}"
                        operator: Equals
                        value: platform
            """);
        Assert.That(Generate(policy, Namespace).Status, Is.EqualTo(RuleStatus.Skip));
    }

    [Test]
    public void The_trigger_gets_a_note_with_the_generated_resource()
    {
        var diagnostics = AssertAt(Evaluate(Quota, Namespace, out var markup), markup);
        Assert.That(diagnostics[0].Severity, Is.EqualTo(DiagnosticSeverity.Information));
        Assert.That(diagnostics[0].Code, Is.EqualTo("kyverno:add-quota/generate"));
        Assert.That(diagnostics[0].Message, Does.StartWith("At admission, rule 'generate' of Kyverno policy 'add-quota' generates ResourceQuota shop/default-quota: {"));
    }

    [Test]
    public void Generating_for_each_element_or_cloning_a_list_is_noted_as_not_evaluated()
    {
        var policy = GeneratePolicy("""
                    cloneList:
                      namespace: default
                      kinds: [v1/Secret]
            """);
        var file = WorkspaceFile.FromText("/repo/policy.yaml", "/repo", policy);
        Assert.That(KyvernoPolicyLoader.Load(file, file.Manifests[0]).Rules[0].UnsupportedReasons, Has.Some.Contains("cloneList"));
    }

    [Test]
    public void The_corpus_add_ns_quota_policy_generates_a_quota_and_a_limit_range_for_a_new_namespace()
    {
        var path = Path.Combine(SharedData.RequireCorpus(), "kyverno__policies", "best-practices", "add-ns-quota", "add-ns-quota.yaml");
        if (!File.Exists(path))
        {
            Assert.Ignore($"The Kyverno policy corpus has no {path}; skipping.");
        }

        var fileSystem = new InMemoryFileSystem().Add("policies/add-ns-quota.yaml", File.ReadAllText(path)).Add("namespaces/shop.yaml", Markup.Parse(Namespace).Text);
        var notes = TestAnalysis.AnalyzeAll(fileSystem, "namespaces/shop.yaml").Kyverno();
        Assert.That(notes.Select(n => n.Message).ToList(), Is.EquivalentTo(new[]
        {
            "At admission, rule 'generate-resourcequota' of Kyverno policy 'add-ns-quota' generates ResourceQuota shop/default-resourcequota: "
                + "{\"apiVersion\":\"v1\",\"kind\":\"ResourceQuota\",\"metadata\":{\"name\":\"default-resourcequota\",\"namespace\":\"shop\"},"
                + "\"spec\":{\"hard\":{\"limits.cpu\":\"4\",\"limits.memory\":\"16Gi\",\"requests.cpu\":\"4\",\"requests.memory\":\"16Gi\"}}}.",
            "At admission, rule 'generate-limitrange' of Kyverno policy 'add-ns-quota' generates LimitRange shop/default-limitrange: "
                + "{\"apiVersion\":\"v1\",\"kind\":\"LimitRange\",\"metadata\":{\"name\":\"default-limitrange\",\"namespace\":\"shop\"},"
                + "\"spec\":{\"limits\":[{\"default\":{\"cpu\":\"500m\",\"memory\":\"1Gi\"},\"defaultRequest\":{\"cpu\":\"200m\",\"memory\":\"256Mi\"},\"type\":\"Container\"}]}}.",
        }));
    }

    [Test]
    public void A_generated_resource_that_does_not_conform_to_its_schema_is_a_warning_on_the_trigger()
    {
        var policy = GeneratePolicy("""
                    apiVersion: v1
                    kind: ResourceQuota
                    name: default-quota
                    namespace: "{{ request.object.metadata.name }}"
                    data:
                      spec:
                        hardLimits:
                          requests.cpu: "4"
            """);
        var diagnostics = AssertAt(Evaluate(policy, Namespace, out var markup), markup);
        Assert.That(diagnostics[0].Severity, Is.EqualTo(DiagnosticSeverity.Warning));
        Assert.That(diagnostics[0].Message, Does.Contain("does not conform to its schema").And.Contain("hardLimits"));
    }
}
