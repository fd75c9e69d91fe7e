using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Tests.Kustomize;

/// <summary>
/// The images transformer's walk for containers (kustomize's legacy image filter: any containers or initContainers list
/// anywhere in the object), now skipping scalars: every container still found, in document order.
/// </summary>
public sealed class ContainerCollectionTests
{
    private const string Object = """
        apiVersion: example.com/v1
        kind: Odd
        metadata:
          name: odd
        containers:
          - name: top
            containers:
              - name: nested
          - plain
        spec:
          initContainers:
            - name: init
          jobs:
            - template:
                containers:
                  - name: in-list
            - [ { containers: [ { name: deep } ] } ]
          containers: not-a-list
          data:
            containers: "a string"
        """;

    [Test]
    public void Every_container_map_anywhere_in_the_object_is_found_in_document_order()
    {
        var root = RenderMap.FromYaml(YamlParser.Parse(Object).Documents[0].RootMapping!, "/repo/odd.yaml");
        var containers = new List<RenderMap>();

        Images.CollectContainers(root, containers);

        Assert.That(containers.Select(c => c.String("name")), Is.EqualTo(new[] { "top", "nested", "init", "in-list", "deep" }));
    }
}
