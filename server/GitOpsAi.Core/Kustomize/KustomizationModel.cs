namespace GitOpsAi.Core.Kustomize;

/// <summary>
/// A kustomization (kustomize's Kustomization or Component) read once: every field the renderer, the structure walk
/// and the inclusion graph use, each entry with the span it was written at, and the entries written in a shape
/// kustomize refuses (kept, with their form, so each reader reports or tolerates them its own way). It is built once
/// per version of a file (<see cref="KustomizationReader"/>) and never changed: Flux's edits of a root kustomization
/// and the kustomization Flux generates for a folder are new models made with <c>with</c>.
/// </summary>
internal sealed record KustomizationModel
{
    /// <summary>The kustomization file (for one Flux generates, the folder).</summary>
    public required string Path { get; init; }

    /// <summary>The whole document (errors about the kustomization as a whole point here).</summary>
    public required SourceRef Source { get; init; }

    /// <summary>Kustomization or Component.</summary>
    public string Kind { get; init; } = "Kustomization";

    /// <summary>resources, then the deprecated bases (each entry says which).</summary>
    public IReadOnlyList<KustomizationPath> Resources { get; init; } = [];

    public IReadOnlyList<KustomizationPath> Components { get; init; } = [];

    /// <summary>OpenAPI definition files kustomize reads for reference annotations (not CRD manifests).</summary>
    public IReadOnlyList<KustomizationPath> Crds { get; init; } = [];

    /// <summary>Transformer configuration files (field specs for prefixes, labels, name references...).</summary>
    public IReadOnlyList<KustomizationPath> Configurations { get; init; } = [];

    /// <summary>generators, transformers and validators entries: files, folders or inline configurations.</summary>
    public IReadOnlyList<KustomizationPath> Plugins { get; init; } = [];

    /// <summary>The transformers entries (kustomize's own transformers configured in a file are rendered).</summary>
    public IEnumerable<KustomizationPath> Transformers => Plugins.Where(p => p.Field == "transformers");

    public IReadOnlyList<PatchEntry> PatchesStrategicMerge { get; init; } = [];

    public IReadOnlyList<PatchEntry> Patches { get; init; } = [];

    public IReadOnlyList<PatchEntry> PatchesJson6902 { get; init; } = [];

    /// <summary>configMapGenerator entries, then secretGenerator entries.</summary>
    public IReadOnlyList<GeneratorEntry> Generators { get; init; } = [];

    public RenderMap? GeneratorOptions { get; init; }

    public IReadOnlyList<ImageEntry> Images { get; init; } = [];

    public IReadOnlyList<ReplicaEntry> Replicas { get; init; } = [];

    /// <summary>The namespace the kustomization sets (non-null, possibly empty: an empty one sets nothing).</summary>
    public RenderScalar? Namespace { get; init; }

    public RenderScalar? NamePrefix { get; init; }

    public RenderScalar? NameSuffix { get; init; }

    public IReadOnlyList<LabelEntry> Labels { get; init; } = [];

    public RenderMap? CommonLabels { get; init; }

    public RenderMap? CommonAnnotations { get; init; }

    /// <summary>Files that are inputs but not rendered: replacements paths and Helm values files.</summary>
    public IReadOnlyList<KustomizationPath> DataInputs { get; init; } = [];

    /// <summary>The openapi schema file, when named.</summary>
    public KustomizationPath? OpenApi { get; init; }

    /// <summary>sortOptions: honoured at the outermost kustomization only, as kustomize does.</summary>
    public SortOptions? SortOptions { get; init; }

    /// <summary>True when the kustomization pulls Helm charts (objects the repository does not show).</summary>
    public bool PullsCharts { get; init; }

    /// <summary>
    /// Values kustomize reads as strings written as another YAML type (<c>newTag: 1.2</c>, <c>commonLabels: {a: 1}</c>):
    /// kustomize refuses the whole kustomization ("json: cannot unmarshal number into ... of type string").
    /// </summary>
    public IReadOnlyList<(string Field, RenderScalar Value)> NotStrings { get; init; } = [];

    /// <summary>
    /// Fields written in a shape kustomize's Kustomization type does not take (<c>resources: app.yaml</c> instead of a
    /// list, a map for <c>namespace</c>, a count that is not a number): kustomize refuses the whole kustomization.
    /// </summary>
    public IReadOnlyList<(string Field, RenderNode Value, string Expected)> WrongShapes { get; init; } = [];

    /// <summary>Fields written with a value that GitOpsAi does not render (helmCharts, replacements, ...), each at its key.</summary>
    public IReadOnlyList<(string Field, SourceRef? KeySource)> NotRendered { get; init; } = [];

    /// <summary>The names its generators make, by kind (ConfigMap, Secret).</summary>
    public IEnumerable<(string Kind, string Name)> GeneratedNames =>
        Generators.Where(g => g.Name is { IsNull: false }).Select(g => (g.Kind, g.Name!.Value));

    /// <summary>True for text that is a YAML document written in place rather than a file name (an inline patch or transformer).</summary>
    public static bool IsInlineDocument(string value) => value.Contains('\n') || value.TrimStart().StartsWith("apiVersion:", StringComparison.Ordinal);
}

/// <summary>A path a kustomization names (a non-null, non-blank scalar), and the field it is written in.</summary>
internal sealed record KustomizationPath(string Field, RenderScalar Node)
{
    public string Value => Node.Value;

    public SourceRef Source => Node.Source!.Value;
}

/// <summary>How a patch entry is written.</summary>
internal enum PatchForm
{
    /// <summary>A file (<c>path:</c>, or a patchesStrategicMerge file name).</summary>
    File,

    /// <summary>A patch written in place (<c>patch:</c>, or an inline patchesStrategicMerge document).</summary>
    Inline,

    /// <summary>A mapping with <c>path:</c> or <c>patch:</c> written empty: nothing to apply.</summary>
    Empty,

    /// <summary>A mapping with neither <c>path:</c> nor <c>patch:</c>.</summary>
    Missing,

    /// <summary>Not the shape the field takes: a bare string in patches, a mapping in patchesStrategicMerge...</summary>
    Malformed,
}

/// <summary>
/// One entry of patches, patchesStrategicMerge or patchesJson6902. <see cref="Text"/> is the file name or the inline
/// patch; for a malformed bare string in patches, the file it names (still a patch, never a whole object).
/// </summary>
internal sealed record PatchEntry(string Field, RenderNode Node, PatchForm Form, RenderScalar? Text, RenderNode? TargetNode, bool AllowNameChange)
{
    private PatchTarget? _target;

    /// <summary>The target selector (compiled on first use: its regular expressions are the render's business).</summary>
    public PatchTarget? Target => TargetNode is null ? null : _target ??= PatchTarget.From(TargetNode);
}

/// <summary>
/// One configMapGenerator or secretGenerator entry; <see cref="Map"/> is null when the entry is not a mapping. Envs
/// are <c>envs</c> then the deprecated <c>env</c>.
/// </summary>
internal sealed record GeneratorEntry(
    string Field, string Kind, RenderNode Node, RenderMap? Map, RenderScalar? Name,
    IReadOnlyList<RenderScalar> Envs, IReadOnlyList<RenderScalar> Literals, IReadOnlyList<RenderScalar> Files,
    RenderScalar? Namespace, RenderScalar? Type, RenderMap? Options, string Behavior);

/// <summary>An images entry with a name; the new name, tag and digest when written (non-null).</summary>
internal sealed record ImageEntry(string Name, RenderScalar? NewName, RenderScalar? NewTag, RenderScalar? Digest, SourceRef? Source);

/// <summary>A replicas entry with a name; its count when written as a non-null scalar.</summary>
internal sealed record ReplicaEntry(string Name, RenderScalar? Count, SourceRef? Source);

/// <summary>
/// sortOptions: <c>fifo</c> (the order objects were added) or <c>legacy</c> (kind order), whose kind lists
/// <c>legacySortOptions</c> may replace; <see cref="Order"/> is as written (kustomize refuses anything else).
/// </summary>
internal sealed record SortOptions(RenderScalar? Order, IReadOnlyList<string>? OrderFirst, IReadOnlyList<string>? OrderLast, SourceRef? Source);

/// <summary>A labels entry: the pairs, where they go, and extra field specs.</summary>
internal sealed record LabelEntry(RenderMap Pairs, bool IncludeSelectors, bool IncludeTemplates, IReadOnlyList<FieldSpec> Fields);
