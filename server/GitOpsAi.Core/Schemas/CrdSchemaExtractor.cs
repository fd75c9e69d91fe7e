using System.Text.Json.Nodes;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Schemas;

/// <summary>Turns a CustomResourceDefinition manifest into one schema per served version (v1 and the old v1beta1 layout).</summary>
public static class CrdSchemaExtractor
{
    public static bool IsCrd(YamlMapping root) =>
        root.GetString("kind") == "CustomResourceDefinition" && root.GetString("apiVersion")?.StartsWith("apiextensions.k8s.io/", StringComparison.Ordinal) == true;

    public static IEnumerable<KindSchema> Extract(YamlMapping crd, SchemaNode objectMeta, SchemaOrigin origin, string? sourcePath)
    {
        var spec = crd.GetMapping("spec");
        var group = spec?.GetString("group");
        var kind = spec?.GetMapping("names")?.GetString("kind");
        if (spec is null || group is null || kind is null)
        {
            yield break;
        }

        var sharedSchema = (spec.At("validation", "openAPIV3Schema")) as YamlMapping; // v1beta1
        var versions = spec.GetSequence("versions")?.Items.OfType<YamlMapping>().ToList() ?? [];
        if (versions.Count == 0 && spec.GetString("version") is { } onlyVersion && sharedSchema is not null)
        {
            yield return Create(group, onlyVersion, kind, sharedSchema, objectMeta, origin, sourcePath, crd);
            yield break;
        }

        foreach (var version in versions)
        {
            var name = version.GetString("name");
            var schema = version.At("schema", "openAPIV3Schema") as YamlMapping ?? sharedSchema;
            if (name is null || schema is null || version.GetString("served") == "false")
            {
                continue;
            }

            yield return Create(group, name, kind, schema, objectMeta, origin, sourcePath, crd);
        }
    }

    private static KindSchema Create(string group, string version, string kind, YamlMapping schemaNode, SchemaNode objectMeta, SchemaOrigin origin, string? sourcePath, YamlMapping crd)
    {
        var json = YamlToJson.Convert(schemaNode) as JsonObject ?? new JsonObject();
        var root = KindSchemaNormalizer.Normalize(new SchemaLoader(json, SchemaDialect.Structural).Load(), objectMeta);
        return new KindSchema(group + "/" + version, kind, root, origin) { SourcePath = sourcePath, SourceSpan = crd.Span };
    }
}
