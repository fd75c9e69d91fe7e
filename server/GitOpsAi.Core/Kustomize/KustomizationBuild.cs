using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Kustomize;

/// <summary>The objects a kustomization has accumulated so far, and the transformer configuration in force.</summary>
internal sealed class Accumulation
{
    public List<RenderedObject> Objects { get; } = [];

    public TransformerConfig Config { get; } = TransformerConfig.CreateDefault();

    /// <summary>The outermost kustomization's sortOptions (kustomize ignores those of the kustomizations it includes).</summary>
    public SortOptions? SortOptions { get; set; }
}

/// <summary>
/// Builds one kustomization the way kustomize's KustTarget does: resources (files and nested kustomizations), then
/// generators, then components, then the built-in transformers in kustomize's order. Errors are reported at the entry
/// that caused them and the build goes on with what it has, so one mistake does not hide the rest.
/// </summary>
internal sealed class KustomizationBuild(RenderContext context)
{
    private readonly List<string> _chain = [];

    /// <summary>
    /// Edits the outermost kustomization before it is built (Flux's targetNamespace, patches, images, components), or
    /// supplies one for a folder that has none (Flux generates it from the folder's manifests).
    /// </summary>
    public Func<KustomizationModel?, KustomizationModel?>? RootOverride { get; init; }

    public Accumulation Build(string directory, SourceRef? includedAt, Accumulation? into = null, bool asComponent = false)
    {
        context.Cancellation.ThrowIfCancellationRequested();
        var accumulation = into ?? new Accumulation();
        if (_chain.Contains(directory))
        {
            context.Error(includedAt, $"'{Relative(directory)}' includes itself (cycle: {string.Join(" -> ", _chain.SkipWhile(d => d != directory).Append(directory).Select(Relative))}); kustomize build would fail.");
            return accumulation;
        }

        var isRoot = _chain.Count == 0 && into is null;
        var path = context.Inputs.KustomizationIn(directory);
        var loaded = path is null ? null : Load(path, includedAt);
        if (path is not null && loaded is null)
        {
            return accumulation;
        }

        if (isRoot && RootOverride is not null)
        {
            loaded = RootOverride(loaded);
        }

        if (loaded is not { } kustomization)
        {
            context.Add(CoreDiagnostics.KustomizeMissingKustomization, includedAt, $"'{Relative(directory)}' holds no kustomization.yaml; kustomize cannot build it.");
            return accumulation;
        }

        var kind = kustomization.Kind;
        if (includedAt is not null && asComponent != (kind == "Component"))
        {
            context.Error(includedAt, asComponent
                ? $"'{Relative(directory)}' is a {kind}, but components takes kind: Component."
                : $"'{Relative(directory)}' is a Component; list it under components, not resources.");
            return accumulation;
        }

        if (isRoot)
        {
            accumulation.SortOptions = kustomization.SortOptions;
            if (kustomization.SortOptions?.Order is { Value: not ("fifo" or "legacy") } order)
            {
                context.Error(order.Source, $"sortOptions.order must be fifo or legacy, not '{order.Value}'; kustomize build would fail.");
            }
        }

        foreach (var (field, value, expected) in kustomization.WrongShapes)
        {
            context.Error(value.Source, $"{field} takes {expected}; kustomize build would fail.");
        }

        foreach (var (field, value) in kustomization.NotStrings)
        {
            var type = KustomizationReader.IsYaml11Boolean(value) ? "boolean" : value.Type.ToString().ToLowerInvariant();
            context.Error(value.Source, $"{field} takes a string, not the {type} {value.Value}; quote it. kustomize build would fail.");
        }

        _chain.Add(directory);
        AddResources(kustomization, directory, accumulation);
        ReadConfigurations(kustomization, directory, accumulation);
        ReadCrds(kustomization, directory);
        // kustomize (5.1+) runs a kustomization's own generators before its components, then its transformers.
        Generators.Run(context, kustomization, directory, accumulation.Objects);
        foreach (var entry in kustomization.Components)
        {
            if (Resolve(directory, entry) is { } component)
            {
                Build(component, entry.Source, accumulation, asComponent: true);
            }
        }

        Transform(kustomization, directory, accumulation);
        foreach (var (field, keySource) in kustomization.NotRendered)
        {
            context.Add(CoreDiagnostics.KustomizeNotRendered, keySource,
                $"'{field}' is not rendered by GitOpsAi; objects it adds or changes are missing from the rendered output.");
        }

        foreach (var rendered in accumulation.Objects)
        {
            if (!rendered.OverlayList.Contains(directory))
            {
                rendered.OverlayList.Insert(0, directory);
            }
        }

        _chain.RemoveAt(_chain.Count - 1);
        return accumulation;
    }

    private KustomizationModel? Load(string path, SourceRef? includedAt)
    {
        var file = context.Inputs.Yaml(path);
        if (file.IsSkipped || file.Yaml.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            context.Error(includedAt ?? new SourceRef(path, default), $"'{Relative(path)}' cannot be read as YAML; kustomize build would fail.");
            return null;
        }

        var document = file.Yaml.Documents.FirstOrDefault(d => d.RootMapping is not null);
        return document?.RootMapping is { } root ? KustomizationReader.Of(root, path) : new KustomizationModel { Path = path, Source = new SourceRef(path, default) };
    }

    private void AddResources(KustomizationModel kustomization, string directory, Accumulation accumulation)
    {
        // Names do not change while resources are added, so the ids are kept in a set (one lookup per object, not n).
        // Sized for what is there and a few objects per entry, not grown through every power of two per kustomization.
        var ids = new HashSet<ObjectId>(accumulation.Objects.Count + (4 * kustomization.Resources.Count));
        foreach (var added in accumulation.Objects)
        {
            ids.Add(ObjectId.Of(added));
        }

        foreach (var (field, node) in kustomization.Resources)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            var entry = node;
            if (KindCatalog.IsRemote(entry.Value))
            {
                context.Add(CoreDiagnostics.KustomizeNotRendered, entry.Source, $"The remote resource '{entry.Value}' is not fetched; its objects are missing from the rendered output.");
                continue;
            }

            var resolved = InclusionEntries.ResolvePath(context.Inputs, directory, entry.Value, EntryShape.FileOrKustomizationDirectory);
            if (resolved.Target is not { } target)
            {
                context.Add(CoreDiagnostics.PathOutsideRepository, entry.Source, $"'{entry.Value}' listed in {field} leaves the repository; it is not read.");
                continue;
            }

            if (resolved.IsFile)
            {
                if (context.MayRead(directory, target, entry.Value, entry.Source!.Value, field))
                {
                    ResourceFile.Read(context, target, entry.Source, accumulation.Objects, (this, accumulation, ids, entry.Source), static (loaded, add) =>
                        add.Item1.AddObject(add.accumulation, add.ids, loaded, add.Source));
                }
            }
            else if (resolved.IsDirectory)
            {
                var nested = Build(target, entry.Source);
                accumulation.Config.Merge(nested.Config);

                // A base's objects arrive all at once: room for them is made once, not by doubling through every power of two.
                accumulation.Objects.EnsureCapacity(accumulation.Objects.Count + nested.Objects.Count);
                ids.EnsureCapacity(ids.Count + nested.Objects.Count);
                foreach (var rendered in nested.Objects)
                {
                    AddObject(accumulation, ids, rendered, entry.Source);
                }
            }
            else
            {
                context.Add(CoreDiagnostics.KustomizePathNotFound, entry.Source, $"'{entry.Value}' listed in {field} does not exist (looked for {Relative(target)}); kustomize build would fail.");
            }
        }
    }

    private void AddObject(Accumulation accumulation, HashSet<ObjectId> ids, RenderedObject added, SourceRef? at)
    {
        if (!ids.Add(ObjectId.Of(added)))
        {
            context.Error(at, $"{added.DisplayName} is added twice (kustomize: may not add resource with an already registered id).");
            return;
        }

        accumulation.Objects.Add(added);
    }

    private void ReadConfigurations(KustomizationModel kustomization, string directory, Accumulation accumulation)
    {
        foreach (var entry in kustomization.Configurations)
        {
            if (context.ResolveFile(directory, entry.Value, entry.Source, "configurations") is not { } resolved)
            {
                continue;
            }

            var path = resolved.Target!;
            if (!resolved.IsFile)
            {
                context.Add(CoreDiagnostics.KustomizePathNotFound, entry.Source, $"'{entry.Value}' listed in configurations does not exist; kustomize build would fail.");
                continue;
            }

            foreach (var document in context.Inputs.Yaml(path).Yaml.Documents)
            {
                if (document.RootMapping is { } root)
                {
                    accumulation.Config.Merge(TransformerConfig.FromFile((RenderMap)RenderNode.FromYaml(root, path)));
                }
            }
        }
    }

    /// <summary>
    /// <c>crds</c> names OpenAPI definition files (not CRD manifests): kustomize reads them for reference annotations.
    /// We check each is there and is a definitions map; the x-kubernetes-object-ref annotations are not applied.
    /// </summary>
    private void ReadCrds(KustomizationModel kustomization, string directory)
    {
        foreach (var entry in kustomization.Crds)
        {
            if (context.ResolveFile(directory, entry.Value, entry.Source, "crds") is not { } resolved)
            {
                continue;
            }

            var path = resolved.Target!;
            if (!resolved.IsFile)
            {
                context.Add(CoreDiagnostics.KustomizePathNotFound, entry.Source, $"'{entry.Value}' listed in crds does not exist; kustomize build would fail.");
                continue;
            }

            var file = context.Inputs.Yaml(path);
            var root = file.Yaml.Documents.FirstOrDefault(d => d.Root is not null)?.RootMapping;
            if (root is null || root.Pairs.Any(p => p.Value is not Yaml.YamlMapping) || root.Pairs.Any(p => p.KeyText == "apiVersion"))
            {
                context.Error(entry.Source, $"'{entry.Value}' in crds is not an OpenAPI definitions file (a CRD manifest belongs under resources); kustomize build would fail.");
            }
            else if (file.Source.Text.Contains("x-kubernetes-object-ref", StringComparison.Ordinal))
            {
                context.Add(CoreDiagnostics.KustomizeNotRendered, entry.Source, $"The reference annotations in '{entry.Value}' are not applied by GitOpsAi; names they would fix up are left as written.");
            }
        }
    }

    /// <summary>The built-in transformers in kustomize's order, each over every object, so the render stops between them when cancelled.</summary>
    private void Transform(KustomizationModel kustomization, string directory, Accumulation accumulation)
    {
        var objects = accumulation.Objects;
        var config = accumulation.Config;
        var patches = new Patches(context, directory);
        Action[] steps =
        [
            () => patches.StrategicMergeList(kustomization, objects),
            () => patches.PatchList(kustomization, objects),
            () => MetadataTransformers.Namespace(context, kustomization, config, objects),
            () => MetadataTransformers.PrefixSuffix(kustomization, config, objects),
            () => MetadataTransformers.Labels(kustomization, config, objects),
            () => MetadataTransformers.Annotations(kustomization, config, objects),
            () => patches.Json6902List(kustomization, objects),
            () => Replicas.Apply(context, kustomization, config, objects),
            () => Images.Apply(context, kustomization, config, objects),
            () => BuiltinTransformers.Run(context, kustomization, directory, accumulation),
        ];
        foreach (var step in steps)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            step();
        }
    }

    private string? Resolve(string directory, KustomizationPath entry)
    {
        var field = entry.Field;
        if (KindCatalog.IsRemote(entry.Value))
        {
            context.Add(CoreDiagnostics.KustomizeNotRendered, entry.Source, $"The remote {field} entry '{entry.Value}' is not fetched; what it adds is missing from the rendered output.");
            return null;
        }

        var resolved = InclusionEntries.ResolvePath(context.Inputs, directory, entry.Value, EntryShape.KustomizationDirectory);
        if (resolved.Target is not { } target)
        {
            context.Add(CoreDiagnostics.PathOutsideRepository, entry.Source, $"'{entry.Value}' listed in {field} leaves the repository; it is not read.");
            return null;
        }

        if (!resolved.IsDirectory)
        {
            context.Add(CoreDiagnostics.KustomizePathNotFound, entry.Source, $"'{entry.Value}' listed in {field} does not exist (looked for {Relative(target)}); kustomize build would fail.");
            return null;
        }

        return target;
    }

    private string Relative(string path) => WorkspaceFile.RelativeTo(context.Inputs.Root, path);
}
