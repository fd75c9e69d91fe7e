using System.Runtime.CompilerServices;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Kustomize;

/// <summary>
/// Reads a kustomization document into its <see cref="KustomizationModel"/>, once per version of the file: the model is
/// kept with the parsed document (a new version of the file is a new parse, so it gets a new model), and the renderer,
/// the structure walk and the inclusion graph all ask here.
/// </summary>
internal static class KustomizationReader
{
    private static readonly ConditionalWeakTable<YamlMapping, KustomizationModel> Models = new();

    private static int s_reads;

    private static readonly string[] NotRenderedFields = ["helmCharts", "helmChartInflationGenerator", "generators", "validators", "replacements", "vars", "openapi", "buildMetadata"];

    /// <summary>How many kustomization documents were read in this process (tests check each version is read once).</summary>
    internal static int Reads => Volatile.Read(ref s_reads);

    /// <summary>The model of the kustomization whose document root is <paramref name="root"/>, in the file at <paramref name="path"/>.</summary>
    public static KustomizationModel Of(YamlMapping root, string path) =>
        Models.GetValue(root, r => Read((RenderMap)RenderNode.FromYaml(r, path), path));

    private static KustomizationModel Read(RenderMap root, string path)
    {
        Interlocked.Increment(ref s_reads);
        return Model(root, path);
    }

    private static KustomizationModel Model(RenderMap root, string path) => new()
    {
        Path = path,
        Source = root.Source ?? new SourceRef(path, default),
        Kind = root.String("kind") ?? "Kustomization",
        Resources = [.. Paths(root["resources"], "resources"), .. Paths(root["bases"], "bases")],
        Components = Paths(root["components"], "components"),
        Crds = Paths(root["crds"], "crds"),
        Configurations = Paths(root["configurations"], "configurations"),
        Plugins = [.. Paths(root["generators"], "generators"), .. Paths(root["transformers"], "transformers"), .. Paths(root["validators"], "validators")],
        PatchesStrategicMerge = Items(root["patchesStrategicMerge"]).Select(StrategicMergeEntry).ToList(),
        Patches = PatchEntries(root["patches"], "patches"),
        PatchesJson6902 = PatchEntries(root["patchesJson6902"], "patchesJson6902"),
        Generators = [.. GeneratorEntries(root["configMapGenerator"], "configMapGenerator", "ConfigMap"), .. GeneratorEntries(root["secretGenerator"], "secretGenerator", "Secret")],
        GeneratorOptions = root.Map("generatorOptions"),
        Images = ImageEntries(root["images"]),
        Replicas = Items(root["replicas"]).OfType<RenderMap>().Where(e => e.String("name") is not null).Select(e => new ReplicaEntry(e.String("name")!, NonNull(e["count"]), e.Source)).ToList(),
        Namespace = NonNull(root["namespace"]),
        NamePrefix = NonNull(root["namePrefix"]),
        NameSuffix = NonNull(root["nameSuffix"]),
        Labels = Items(root["labels"]).OfType<RenderMap>().Where(e => e.Map("pairs") is not null).Select(LabelEntryOf).ToList(),
        CommonLabels = root.Map("commonLabels"),
        CommonAnnotations = root.Map("commonAnnotations"),
        DataInputs = [.. DataInputs(root)],
        OpenApi = root.At("openapi", "path") is RenderScalar { IsNull: false } openApi && openApi.Value.Trim().Length > 0 ? new KustomizationPath("openapi", openApi) : null,
        NotStrings = [.. NotStrings(root)],
        WrongShapes = [.. WrongShapes(root)],
        SortOptions = root.Map("sortOptions") is { } sort ? SortOptionsOf(sort) : null,
        PullsCharts = root["helmCharts"] is RenderSequence { Items.Count: > 0 } || root["helmChartInflationGenerator"] is not null,
        NotRendered = [.. NotRenderedFields.Select(root.Find).OfType<RenderEntry>().Where(e => e.Value is not RenderScalar { IsNull: true }).Select(e => (e.Key, e.KeySource))],
    };

    /// <summary>The entries of a Flux Kustomization's spec.patches, spec.images and spec.components: read as a kustomization's.</summary>
    public static List<PatchEntry> PatchEntries(RenderNode? node, string field) => Items(node).Select(item => PatchEntryOf(item, field)).ToList();

    public static List<ImageEntry> ImageEntries(RenderNode? node) =>
        Items(node).OfType<RenderMap>().Where(e => e.String("name") is not null)
            .Select(e => new ImageEntry(e.String("name")!, NonNull(e["newName"]), NonNull(e["newTag"]), NonNull(e["digest"]), e.Source)).ToList();

    /// <summary>The non-null, non-blank scalars of a list of paths.</summary>
    public static List<KustomizationPath> Paths(RenderNode? node, string field) =>
        Items(node).OfType<RenderScalar>().Where(s => !s.IsNull && s.Value.Trim().Length > 0).Select(s => new KustomizationPath(field, s)).ToList();

    private static PatchEntry StrategicMergeEntry(RenderNode item) => item is RenderScalar { IsNull: false } entry
        ? new PatchEntry("patchesStrategicMerge", item, KustomizationModel.IsInlineDocument(entry.Value) ? PatchForm.Inline : PatchForm.File, entry, null, false)
        : new PatchEntry("patchesStrategicMerge", item, PatchForm.Malformed, null, null, false);

    /// <summary>A patches or patchesJson6902 entry: a mapping with path: or patch: and an optional target:.</summary>
    private static PatchEntry PatchEntryOf(RenderNode item, string field)
    {
        if (item is not RenderMap entry)
        {
            // A bare string is not a patch entry kustomize accepts, but the file it names is still meant as a patch.
            return new PatchEntry(field, item, PatchForm.Malformed, item as RenderScalar is { IsNull: false } bare ? bare : null, null, false);
        }

        var allowNameChange = entry.At("options", "allowNameChange") is RenderScalar { Value: "true" };
        var (form, text) = (entry["path"], entry["patch"]) switch
        {
            (RenderScalar { IsNull: false } path, _) => (PatchForm.File, path),
            (_, RenderScalar { IsNull: false } inline) => (PatchForm.Inline, inline),
            (null, null) => (PatchForm.Missing, null),
            _ => (PatchForm.Empty, (RenderScalar?)null),
        };
        return new PatchEntry(field, item, form, text, entry["target"], allowNameChange);
    }

    private static IEnumerable<GeneratorEntry> GeneratorEntries(RenderNode? node, string field, string kind)
    {
        foreach (var item in Items(node))
        {
            if (item is not RenderMap generator)
            {
                yield return new GeneratorEntry(field, kind, item, null, null, [], [], [], null, null, null, "create");
                continue;
            }

            IReadOnlyList<RenderScalar> envs = [.. Scalars(generator["envs"]), .. generator["env"] is RenderScalar { IsNull: false } env ? [env] : Array.Empty<RenderScalar>()];
            yield return new GeneratorEntry(
                field, kind, generator, generator, generator["name"] as RenderScalar, envs, Scalars(generator["literals"]), Scalars(generator["files"]),
                NonNull(generator["namespace"]), NonNull(generator["type"]), generator.Map("options"), generator.String("behavior") ?? "create");
        }
    }

    private static readonly string[] ListFields =
    [
        "resources", "bases", "components", "crds", "configurations", "generators", "transformers", "validators", "patches",
        "patchesStrategicMerge", "patchesJson6902", "configMapGenerator", "secretGenerator", "images", "replicas", "labels",
        "replacements", "helmCharts",
    ];

    private static readonly string[] MapFields = ["commonLabels", "commonAnnotations", "generatorOptions", "sortOptions"];

    private static readonly string[] ScalarFields = ["namespace", "namePrefix", "nameSuffix"];

    /// <summary>Top-level fields whose value is not the shape kustomize's Kustomization type takes, and replicas counts that are not integers.</summary>
    private static IEnumerable<(string Field, RenderNode Value, string Expected)> WrongShapes(RenderMap root)
    {
        foreach (var entry in root.Entries)
        {
            var value = entry.Value;
            if (value is RenderScalar { IsNull: true })
            {
                continue;
            }

            if (ListFields.Contains(entry.Key) && value is not RenderSequence)
            {
                yield return (entry.Key, value, "a list");
            }
            else if (MapFields.Contains(entry.Key) && value is not RenderMap)
            {
                yield return (entry.Key, value, "a mapping");
            }
            else if (ScalarFields.Contains(entry.Key) && value is not RenderScalar)
            {
                yield return (entry.Key, value, "a string");
            }
        }

        foreach (var entry in Items(root["replicas"]).OfType<RenderMap>())
        {
            if (entry["count"] is { } count && count is not RenderScalar { Type: YamlScalarType.Integer or YamlScalarType.Null })
            {
                yield return ("replicas.count", count, "an integer");
            }
        }
    }

    /// <summary>The values of string fields (kustomize's Go types) written as numbers or booleans.</summary>
    private static IEnumerable<(string Field, RenderScalar Value)> NotStrings(RenderMap root)
    {
        IEnumerable<(string, RenderNode?)> Values(string field, RenderMap? map) => map?.Entries.Select(e => ($"{field}.{e.Key}", (RenderNode?)e.Value)) ?? [];
        var candidates = new List<(string, RenderNode?)>
        {
            ("namespace", root["namespace"]), ("namePrefix", root["namePrefix"]), ("nameSuffix", root["nameSuffix"]),
        };
        candidates.AddRange(Values("commonLabels", root.Map("commonLabels")));
        candidates.AddRange(Values("commonAnnotations", root.Map("commonAnnotations")));
        candidates.AddRange(Values("generatorOptions.labels", root.At("generatorOptions", "labels") as RenderMap));
        candidates.AddRange(Values("generatorOptions.annotations", root.At("generatorOptions", "annotations") as RenderMap));
        foreach (var entry in Items(root["labels"]).OfType<RenderMap>())
        {
            candidates.AddRange(Values("labels.pairs", entry.Map("pairs")));
        }

        foreach (var image in Items(root["images"]).OfType<RenderMap>())
        {
            candidates.AddRange(new[] { "name", "newName", "newTag", "digest" }.Select(f => ($"images.{f}", image[f])));
        }

        return candidates.Where(c => c.Item2 is RenderScalar { Type: YamlScalarType.Integer or YamlScalarType.Float or YamlScalarType.Boolean } || IsYaml11Boolean(c.Item2))
            .Select(c => (c.Item1, (RenderScalar)c.Item2!));
    }

    /// <summary>
    /// A plain scalar kustomize's kustomization reader takes for a boolean though YAML 1.2 reads a string: it reads its
    /// own kustomization file with sigs.k8s.io/yaml (go-yaml v2, YAML 1.1), so `namespace: yes` or `newTag: on` fails the
    /// build ("cannot unmarshal bool into ... string").
    /// </summary>
    public static bool IsYaml11Boolean(RenderNode? node) =>
        node is RenderScalar { Type: YamlScalarType.String, IsPlain: true } scalar && YamlScalarResolver.IsYaml11OnlyBoolean(scalar.Value);

    private static SortOptions SortOptionsOf(RenderMap sort)
    {
        var legacy = sort.Map("legacySortOptions");
        List<string>? Kinds(string field) => legacy is null ? null : Items(legacy[field]).OfType<RenderScalar>().Where(s => !s.IsNull).Select(s => s.Value).ToList();
        return new SortOptions(NonNull(sort["order"]), Kinds("orderFirst"), Kinds("orderLast"), sort.Source);
    }

    private static LabelEntry LabelEntryOf(RenderMap entry) => new(
        entry.Map("pairs")!, IsTrue(entry["includeSelectors"]), IsTrue(entry["includeTemplates"]),
        Items(entry["fields"]).Select(FieldSpec.FromNode).OfType<FieldSpec>().ToList());

    /// <summary>replacements files and Helm values files: inputs GitOpsAi does not render.</summary>
    private static IEnumerable<KustomizationPath> DataInputs(RenderMap root)
    {
        foreach (var replacement in Items(root["replacements"]).OfType<RenderMap>())
        {
            if (replacement["path"] is RenderScalar { IsNull: false } path && path.Value.Trim().Length > 0)
            {
                yield return new KustomizationPath("replacements", path);
            }
        }

        foreach (var chart in Items(root["helmCharts"]).OfType<RenderMap>())
        {
            var valuesFile = chart["valuesFile"] is RenderScalar valuesFileNode ? new[] { valuesFileNode } : [];
            foreach (var file in Paths(new RenderSequence(valuesFile), "helmCharts").Concat(Paths(chart["additionalValuesFiles"], "helmCharts")))
            {
                yield return file;
            }
        }
    }

    private static List<RenderNode> Items(RenderNode? node) => (node as RenderSequence)?.Items ?? [];

    private static List<RenderScalar> Scalars(RenderNode? node) => Items(node).OfType<RenderScalar>().Where(s => !s.IsNull).ToList();

    private static RenderScalar? NonNull(RenderNode? node) => node as RenderScalar is { IsNull: false } scalar ? scalar : null;

    private static bool IsTrue(RenderNode? node) => node is RenderScalar { Value: "true" or "True" or "TRUE" };
}
