using GitOpsAi.Core.Drift;
using GitOpsAi.Core.Schemas;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Cluster;

/// <summary>
/// The CustomResourceDefinitions a cluster serves, as schemas for validation while connected: they win over the bundled
/// ones, so a CRD a vendor patched (an extra enum value, a new field) is no longer a false error.
/// </summary>
public static class ClusterSchemas
{
    public static bool IsCrd(LiveObject live) => live.Key.Kind == "CustomResourceDefinition" && live.Key.Group == "apiextensions.k8s.io";

    /// <summary>Changes when a CRD is added, removed or changed (names and resourceVersions), so schemas are rebuilt only then.</summary>
    public static string Fingerprint(IEnumerable<LiveObject> crds) =>
        string.Join('\n', crds.Select(c => $"{c.Key.Name}@{LiveValues.AsString(c.Metadata?["resourceVersion"])}").Order(StringComparer.Ordinal));

    public static IReadOnlyList<KindSchema> From(IEnumerable<LiveObject> crds)
    {
        var schemas = new List<KindSchema>();
        foreach (var crd in crds)
        {
            // The JSON is YAML too: parsed into the positioned tree the extractor reads.
            if (YamlParser.Parse(crd.Root.ToJsonString()).Documents.FirstOrDefault()?.Root is YamlMapping root && CrdSchemaExtractor.IsCrd(root))
            {
                schemas.AddRange(CrdSchemaExtractor.Extract(root, SchemaRegistry.Default.ObjectMeta, SchemaOrigin.ClusterCrd, null));
            }
        }

        return schemas;
    }
}
