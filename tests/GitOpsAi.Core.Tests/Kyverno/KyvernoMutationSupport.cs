using GitOpsAi.Core.Expressions.JmesPath;
using GitOpsAi.Core.Kyverno;
using GitOpsAi.Core.Kyverno.Mutation;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Kyverno;

/// <summary>
/// Kyverno's <c>kyverno test</c> for mutate rules: the policy applied to a resource, and the result compared with the
/// expected <c>patchedResource</c> (as JSON, so key order does not matter).
/// </summary>
internal static class KyvernoMutationSupport
{
    /// <summary>The resource after every mutate rule of the policy that matches it (with auto-gen copies for controllers).</summary>
    public static (RuleStatus Status, JObject Patched, string? Error) Patch(string policyYaml, string resourceYaml)
    {
        var policyFile = WorkspaceFile.FromText("/repo/policy.yaml", "/repo", policyYaml);
        var policy = KyvernoPolicyLoader.Load(policyFile, policyFile.Manifests[0]);
        var resourceFile = WorkspaceFile.FromText("/repo/resource.yaml", "/repo", resourceYaml);
        var resource = ResourceInfo.From(resourceFile.Manifests[0], _ => new Dictionary<string, string>());
        var status = RuleStatus.Skip;
        foreach (var rule in policy.Rules)
        {
            Assert.That(rule.UnsupportedReasons, Is.Empty, $"rule {rule.Name} is evaluated");
            var autogen = rule.MatchesPod && policy.AutogenControllers.Contains(resource.Kind) ? resource.Kind : null;
            if (!rule.Match!.Matches(resource, forExclude: false, autogen is not null) || (rule.Exclude?.Matches(resource, forExclude: true, autogen is not null) ?? false))
            {
                continue;
            }

            var result = RuleMutator.Mutate(rule, resource, autogen);
            if (result.Status == RuleStatus.Error)
            {
                return (RuleStatus.Error, resource.Object, result.Detail);
            }

            if (result.Status == RuleStatus.Pass)
            {
                status = RuleStatus.Pass;
                resource = resource.WithObject(result.Object);
            }
        }

        return (status, resource.Object, null);
    }

    /// <summary>Asserts that the policy turns <paramref name="resource"/> into <paramref name="patchedResource"/>.</summary>
    public static void AssertPatched(string policy, string resource, string patchedResource)
    {
        var (status, patched, error) = Patch(policy, resource);
        Assert.That(error, Is.Null);
        var expected = Parse(patchedResource);
        Assert.That(JValue.Strip(patched).ToJson(), Is.EqualTo(expected.ToJson()));
        // Kyverno reports pass when the rule changed the resource, skip when it left it as it was.
        Assert.That(status, Is.EqualTo(JValue.DeepEquals(expected, Parse(resource)) ? RuleStatus.Skip : RuleStatus.Pass));
    }

    private static JValue Parse(string yaml) => JValue.Strip(JValue.FromYaml(WorkspaceFile.FromText("/repo/x.yaml", "/repo", yaml).Manifests[0].Root));

    /// <summary>A mutate policy that sets runAsNonRoot on pods that do not say (Kyverno's add-if-absent anchor).</summary>
    public static readonly string AddNonRoot = MutatePolicy("""
                patchStrategicMerge:
                  spec:
                    securityContext:
                      +(runAsNonRoot): true
        """, name: "add-non-root", rule: "default-non-root");

    /// <summary>A pod that sets no security context: built-in rules report runAsNonRoot on it.</summary>
    public const string Pod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
          namespace: shop
        spec:
          containers:
            - name: web
              image: nginx:1.27.0
        """;

    /// <summary>A ClusterPolicy with one mutate rule; <paramref name="mutate"/> is the YAML under mutate:, indented by 8.</summary>
    public static string MutatePolicy(string mutate, string kinds = "Pod", string extraRule = "", string annotations = "", string name = "mutate-policy", string rule = "mutate")
    {
        var kindList = string.Join("\n", kinds.Split(',').Select(k => $"                - {k.Trim()}"));
        return $"""
            apiVersion: kyverno.io/v1
            kind: ClusterPolicy
            metadata:
              name: {name}
            {annotations}
            spec:
              rules:
                - name: {rule}
                  match:
                    any:
                      - resources:
                          kinds:
            {kindList}
            {extraRule}
                  mutate:
            {mutate}
            """;
    }
}
