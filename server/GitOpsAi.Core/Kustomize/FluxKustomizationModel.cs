using System.Runtime.CompilerServices;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Kustomize;

/// <summary>
/// A Flux <c>Kustomization</c> (kustomize.toolkit.fluxcd.io) read once per version of its file: what
/// <see cref="FluxKustomizationRenderer"/> renders and what the structure walk and the inclusion graph place (its path,
/// source, target namespace and components). The patches, images and components use the kustomization entry types,
/// read the same way, because kustomize-controller appends them to the root kustomization.
/// </summary>
internal sealed record FluxKustomizationModel
{
    private static readonly ConditionalWeakTable<YamlMapping, FluxKustomizationModel> Models = new();

    /// <summary>The file holding the Flux Kustomization.</summary>
    public required string FilePath { get; init; }

    /// <summary>The whole object (what a render without a usable spec.path points at).</summary>
    public required SourceRef Source { get; init; }

    public string? Name { get; init; }

    /// <summary>The Flux Kustomization's own namespace (substituteFrom objects are looked up there).</summary>
    public string? Namespace { get; init; }

    /// <summary>spec.path as written (any node; a scalar, possibly null, is a path).</summary>
    public RenderNode? PathNode { get; init; }

    public string? SourceKind { get; init; }

    public string? SourceName { get; init; }

    public RenderScalar? TargetNamespace { get; init; }

    public RenderScalar? NamePrefix { get; init; }

    public RenderScalar? NameSuffix { get; init; }

    public IReadOnlyList<PatchEntry> Patches { get; init; } = [];

    public IReadOnlyList<ImageEntry> Images { get; init; } = [];

    /// <summary>spec.components: component folders relative to spec.path.</summary>
    public IReadOnlyList<KustomizationPath> Components { get; init; } = [];

    public RenderMap? CommonLabels { get; init; }

    public RenderMap? CommonAnnotations { get; init; }

    /// <summary>spec.postBuild, when written.</summary>
    public FluxPostBuild? PostBuild { get; init; }

    /// <summary>The target namespace unless it is a variable Flux substitutes.</summary>
    public string? PlainTargetNamespace => TargetNamespace?.Value is { } value && !value.Contains("${", StringComparison.Ordinal) ? value : null;

    /// <summary>The model of a Flux Kustomization manifest of the file at <paramref name="path"/>.</summary>
    public static FluxKustomizationModel Of(Manifest flux, string path) => Models.GetValue(flux.Root, _ => Read(flux, path));

    private static FluxKustomizationModel Read(Manifest flux, string path)
    {
        var root = (RenderMap)RenderNode.FromYaml(flux.Root, path);
        var spec = root.Map("spec");
        var postBuild = spec?.Map("postBuild");
        return new FluxKustomizationModel
        {
            FilePath = path,
            Source = new SourceRef(path, flux.Root.Span),
            Name = flux.Name,
            Namespace = flux.Namespace,
            PathNode = spec?["path"],
            SourceKind = spec?.Map("sourceRef")?.String("kind"),
            SourceName = spec?.Map("sourceRef")?.String("name"),
            TargetNamespace = NonNull(spec?["targetNamespace"]),
            NamePrefix = NonNull(spec?["namePrefix"]),
            NameSuffix = NonNull(spec?["nameSuffix"]),
            Patches = KustomizationReader.PatchEntries(spec?["patches"], "patches"),
            Images = KustomizationReader.ImageEntries(spec?["images"]),
            Components = KustomizationReader.Paths(spec?["components"], "components"),
            CommonLabels = spec?.At("commonMetadata", "labels") as RenderMap,
            CommonAnnotations = spec?.At("commonMetadata", "annotations") as RenderMap,
            PostBuild = postBuild is null ? null : new FluxPostBuild(
                postBuild.Map("substitute"),
                ((postBuild["substituteFrom"] as RenderSequence)?.Items ?? []).OfType<RenderMap>()
                    .Select(r => new FluxSubstituteFrom(r.String("kind"), r.String("name"), r["optional"] is RenderScalar { Value: "true" }, r.Source)).ToList()),
        };
    }

    private static RenderScalar? NonNull(RenderNode? node) => node as RenderScalar is { IsNull: false } scalar ? scalar : null;
}

/// <summary>spec.postBuild: the variables written in place, and the ConfigMaps and Secrets to read more from.</summary>
internal sealed record FluxPostBuild(RenderMap? Substitute, IReadOnlyList<FluxSubstituteFrom> SubstituteFrom);

/// <summary>One substituteFrom reference; an optional one that is missing is not reported.</summary>
internal sealed record FluxSubstituteFrom(string? Kind, string? Name, bool Optional, SourceRef? Source);
