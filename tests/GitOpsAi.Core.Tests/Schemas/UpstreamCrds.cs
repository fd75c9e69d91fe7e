using GitOpsAi.Core.IO;
using GitOpsAi.Core.Schemas;

namespace GitOpsAi.Core.Tests.Schemas;

/// <summary>The real upstream CRDs in ../shared/crds, loaded with our own CRD extractor, keyed by apiVersion|kind.</summary>
public static class UpstreamCrds
{
    private static readonly Lazy<IReadOnlyDictionary<string, KindSchema>> Loaded = new(Load);

    public static IReadOnlyDictionary<string, KindSchema> All => Loaded.Value;

    public static KindSchema? Find(string apiVersion, string kind) => All.GetValueOrDefault(KindSchema.Key(apiVersion, kind));

    private static IReadOnlyDictionary<string, KindSchema> Load()
    {
        var result = new Dictionary<string, KindSchema>(StringComparer.Ordinal);
        var root = SharedData.RequireCrds();
        // Current CRDs win over the legacy ones for versions both list.
        var files = Directory.EnumerateFiles(root, "*.yaml", SearchOption.AllDirectories)
            .OrderBy(path => path.Contains("/legacy/", StringComparison.Ordinal) ? 0 : 1)
            .ThenBy(path => path, StringComparer.Ordinal);
        foreach (var path in files)
        {
            var file = YamlParser.Parse(TextDecoder.Decode(File.ReadAllBytes(path)).Text);
            foreach (var document in file.Documents)
            {
                if (document.Root is YamlMapping mapping && CrdSchemaExtractor.IsCrd(mapping))
                {
                    foreach (var schema in CrdSchemaExtractor.Extract(mapping, SchemaRegistry.Default.ObjectMeta, SchemaOrigin.WorkspaceCrd, path))
                    {
                        result[KindSchema.Key(schema.ApiVersion, schema.Kind)] = schema;
                    }
                }
            }
        }

        return result;
    }
}
