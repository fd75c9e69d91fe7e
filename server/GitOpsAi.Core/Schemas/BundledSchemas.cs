using System.Reflection;
using System.Text.Json.Nodes;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Schemas;

/// <summary>
/// The schemas shipped inside the assembly: the core Kubernetes schema (generated at build time) and the GitOps CRD
/// schemas we wrote (<c>schemas/crds</c>). Loaded on first use, once per process, and never changed afterwards.
/// </summary>
internal sealed class BundledSchemas
{
    private static readonly Lazy<BundledSchemas> Lazy = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Dictionary<string, (SchemaOrigin Origin, Lazy<KindSchema> Schema)> _kinds;

    private BundledSchemas(Dictionary<string, (SchemaOrigin Origin, Lazy<KindSchema> Schema)> kinds, SchemaNode objectMeta)
    {
        _kinds = kinds;
        ObjectMeta = objectMeta;
    }

    public static BundledSchemas Instance => Lazy.Value;

    public SchemaNode ObjectMeta { get; }

    public KindSchema? Find(string apiVersion, string kind) => KindSchema.TryFind(_kinds, apiVersion, kind, out var entry) ? entry.Schema.Value : null;

    public IEnumerable<(string ApiVersion, string Kind, SchemaOrigin Origin)> KnownKinds()
    {
        foreach (var (key, entry) in _kinds)
        {
            var separator = key.IndexOf('|');
            yield return (key[..separator], key[(separator + 1)..], entry.Origin);
        }
    }

    private static BundledSchemas Load()
    {
        var assembly = typeof(BundledSchemas).Assembly;
        var kinds = new Dictionary<string, (SchemaOrigin, Lazy<KindSchema>)>(StringComparer.Ordinal);

        var core = LoadJsonResource(assembly, "kubernetes.schema.json");
        var coreLoader = new SchemaLoader(core, SchemaDialect.JsonSchema);
        var objectMeta = coreLoader.LoadDefinition("V1ObjectMeta");
        foreach (var entry in core["x-kubernetes-kinds"]!.AsArray())
        {
            var apiVersion = entry!["apiVersion"]!.GetValue<string>();
            var kind = entry["kind"]!.GetValue<string>();
            var definition = entry["definition"]!.GetValue<string>();
            kinds[KindSchema.Key(apiVersion, kind)] = (SchemaOrigin.Kubernetes, new Lazy<KindSchema>(
                () => new KindSchema(apiVersion, kind, coreLoader.LoadDefinition(definition), SchemaOrigin.Kubernetes),
                LazyThreadSafetyMode.ExecutionAndPublication));
        }

        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("crds/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            var file = YamlParser.Parse(reader.ReadToEnd());
            if (file.Diagnostics.Count > 0)
            {
                throw new InvalidDataException($"Bundled schema {resource} is not valid YAML: {file.Diagnostics[0].Message}");
            }

            foreach (var document in file.Documents)
            {
                if (YamlToJson.Convert(document.Root) is not JsonObject json)
                {
                    continue;
                }

                var loader = new SchemaLoader(json, SchemaDialect.Structural);
                var root = new Lazy<SchemaNode>(() => KindSchemaNormalizer.Normalize(loader.Load(), objectMeta), LazyThreadSafetyMode.ExecutionAndPublication);
                foreach (var (apiVersion, kind) in GroupVersionKinds(json))
                {
                    kinds[KindSchema.Key(apiVersion, kind)] = (SchemaOrigin.Bundled, new Lazy<KindSchema>(
                        () => new KindSchema(apiVersion, kind, root.Value, SchemaOrigin.Bundled) { SourcePath = resource },
                        LazyThreadSafetyMode.ExecutionAndPublication));
                }
            }
        }

        return new BundledSchemas(kinds, objectMeta);
    }

    /// <summary>The apiVersion/kind pairs a schema document declares in <c>x-kubernetes-group-version-kind</c>.</summary>
    internal static IEnumerable<(string ApiVersion, string Kind)> GroupVersionKinds(JsonObject schema)
    {
        var list = schema["x-kubernetes-group-version-kind"] switch
        {
            JsonArray array => array.OfType<JsonObject>(),
            JsonObject single => [single],
            _ => [],
        };

        foreach (var gvk in list)
        {
            var group = gvk["group"]?.GetValue<string>() ?? string.Empty;
            var version = gvk["version"]?.GetValue<string>();
            var kind = gvk["kind"]?.GetValue<string>();
            if (version is not null && kind is not null)
            {
                yield return (group.Length == 0 ? version : group + "/" + version, kind);
            }
        }
    }

    private static JsonObject LoadJsonResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded resource {name} is missing; GitOpsAi.Core was built without its generated schema.");
        return JsonNode.Parse(stream)!.AsObject();
    }
}
