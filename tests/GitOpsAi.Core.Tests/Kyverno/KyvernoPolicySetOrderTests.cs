using GitOpsAi.Core.Kyverno;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Kyverno;

/// <summary>
/// The policies are parsed on every core (issue 13): the set still lists them by file path, and within a file as
/// written, ClusterPolicies before Policies of the same file (the order rules are evaluated and reported in).
/// </summary>
public class KyvernoPolicySetOrderTests
{
    private static string Policy(string kind, string name) => $"""
        apiVersion: kyverno.io/v1
        kind: {kind}
        metadata:
          name: {name}
        spec:
          rules:
            - name: named
              match:
                any:
                  - resources:
                      kinds: [ConfigMap]
              validate:
                message: "m"
                pattern:
                  metadata:
                    name: "?*"
        """;

    [Test]
    public void Policies_parsed_on_every_core_are_listed_by_file_and_as_written()
    {
        var fileSystem = new InMemoryFileSystem();
        var random = new Random(13);
        var expected = new List<string>();
        foreach (var folder in Enumerable.Range(0, 40).Select(i => $"p{i:D2}"))
        {
            var count = random.Next(1, 5);
            var documents = Enumerable.Range(0, count).Select(j => (Kind: random.Next(3) == 0 ? "Policy" : "ClusterPolicy", Name: $"{folder}-{j}")).ToList();
            fileSystem.Add($"policies/{folder}/policies.yaml", string.Join("\n---\n", documents.Select(d => Policy(d.Kind, d.Name))));
            expected.AddRange(documents.Where(d => d.Kind == "ClusterPolicy").Concat(documents.Where(d => d.Kind == "Policy")).Select(d => d.Name));
        }

        for (var round = 0; round < 5; round++)
        {
            var set = KyvernoPolicySet.For(WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem));

            Assert.That(set.AllPolicies.Select(p => p.Name), Is.EqualTo(expected), $"round {round}");
        }
    }

    private static string MutatePolicy(string name, params string[] rules) => $"""
        apiVersion: kyverno.io/v1
        kind: ClusterPolicy
        metadata:
          name: {name}
        spec:
          rules:
        {string.Concat(rules.Select(rule => $"""
            - name: {rule}
              match:
                any:
                  - resources:
                      kinds: [ConfigMap]
              mutate:
                patchStrategicMerge:
                  metadata:
                    labels:
                      +({rule}): "yes"

        """))}
        """;

    [Test]
    public void The_mutate_rules_of_a_kind_come_in_admission_order_worked_out_once_per_set()
    {
        var fileSystem = new InMemoryFileSystem()
            .Add("policies/b.yaml", MutatePolicy("b", "b-first", "b-second"))
            .Add("policies/a.yaml", MutatePolicy("a", "a-only"))
            .Add("policies/v.yaml", Policy("ClusterPolicy", "validate-only"));
        var set = KyvernoPolicySet.For(WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem));

        var mutators = set.AdmissionMutatorsFor("ConfigMap");

        Assert.That(mutators.Select(m => $"{m.Policy.Name}/{m.Rule.Name}"), Is.EqualTo(new[] { "a/a-only", "b/b-first", "b/b-second" }));
        Assert.That(set.AdmissionMutatorsFor("ConfigMap"), Is.SameAs(mutators));
        Assert.That(set.AdmissionMutatorsFor("Secret"), Is.Empty);
    }

    [Test]
    public void A_rules_code_is_made_once_and_names_the_policy_and_the_rule()
    {
        var fileSystem = new InMemoryFileSystem().Add("policies/b.yaml", MutatePolicy("b", "b-first", "b-second"));
        var policy = KyvernoPolicySet.For(WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem)).AllPolicies.Single();

        Assert.That(policy.Rules.Select(policy.Code), Is.EqualTo(new[] { "kyverno:b/b-first", "kyverno:b/b-second" }));
        var first = policy.Code(policy.Rules[1]);
        Assert.That(policy.Code(policy.Rules[1]), Is.SameAs(first));
        Assert.That(policy.Code(policy.Rules[0].AutogenCopy("Deployment")), Is.EqualTo("kyverno:b/b-first"));
    }
}
