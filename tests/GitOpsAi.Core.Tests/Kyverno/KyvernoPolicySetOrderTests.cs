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
}
