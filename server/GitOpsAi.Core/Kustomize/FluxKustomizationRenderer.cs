using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Workspace;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Kustomize;

/// <summary>
/// Renders a Flux <c>Kustomization</c> as kustomize-controller does: <c>spec.path</c> from the repository root (a
/// kustomization.yaml generated from the folder's manifests when it has none), the root kustomization edited with
/// targetNamespace, namePrefix/nameSuffix, patches, images and components, built with no load restriction inside the
/// repository, then commonMetadata and postBuild variable substitution. Every object knows the Flux Kustomization.
/// </summary>
internal sealed class FluxKustomizationRenderer(KustomizeRenderer renderer, Func<string?, string?, IEnumerable<(WorkspaceFile File, Manifest Manifest)>> repositoryObjectsNamed)
{
    public RenderResult Render(WorkspaceFile file, Manifest manifest)
    {
        var flux = FluxKustomizationModel.Of(manifest, file.Path);
        var context = renderer.NewContext(LoadRestriction.RepositoryRoot);
        if (flux.PathNode is not RenderScalar { IsNull: false } pathNode || pathNode.Value.Contains("${", StringComparison.Ordinal))
        {
            // Flux builds the artifact root when spec.path is empty.
            pathNode = RenderScalar.String("./", flux.PathNode?.Source ?? flux.Source);
        }

        var relative = pathNode.Value.Trim().TrimStart('/');
        if (context.Inputs.Resolve(renderer.RepositoryRoot, relative.Length == 0 ? "." : relative) is not { } directory)
        {
            context.Add(CoreDiagnostics.PathOutsideRepository, pathNode.Source, $"spec.path '{pathNode.Value}' leaves the repository; Flux refuses it and GitOpsAi does not read it.");
            return new RenderResult([], context.Diagnostics) { SourceOf = context.Inputs.SourceOf };
        }

        if (!context.Inputs.DirectoryExists(directory))
        {
            context.Add(CoreDiagnostics.FluxPathNotFound, pathNode.Source, $"spec.path '{pathNode.Value}' does not exist in this repository (Flux resolves it from the repository root).");
            return new RenderResult([], context.Diagnostics) { SourceOf = context.Inputs.SourceOf };
        }

        var build = new KustomizationBuild(context) { RootOverride = existing => Edit(existing ?? Generate(context, directory), flux) };
        var accumulation = build.Build(directory, pathNode.Source);
        var result = KustomizeRenderer.Finish(context, accumulation);
        CommonMetadata(flux, result.Objects);
        new PostBuildSubstitution(context, flux.PostBuild, flux.Namespace ?? "flux-system", repositoryObjectsNamed).Apply(result.Objects);
        foreach (var rendered in result.Objects)
        {
            rendered.FluxKustomizationPath = file.Path;
            rendered.FluxKustomizationName = flux.Name;
        }

        // Read already when spec.path applies this very file or a substituteFrom object is in it: then the render depends on
        // the file's other documents too, not on its own only.
        var readsOnlyItsDocument = !context.Inputs.Dependencies.ContainsKey(file.Path);
        context.Inputs.Dependencies[file.Path] = file;
        return result with { Diagnostics = context.Diagnostics, DependencyFiles = context.Inputs.Dependencies, ReadsOnlyItsFluxDocument = readsOnlyItsDocument };
    }

    /// <summary>What kustomize-controller writes into the root kustomization before building it.</summary>
    private static KustomizationModel Edit(KustomizationModel kustomization, FluxKustomizationModel flux) => kustomization with
    {
        Namespace = flux.TargetNamespace is { Value.Length: > 0 } targetNamespace ? targetNamespace : kustomization.Namespace,
        NamePrefix = flux.NamePrefix is { Value.Length: > 0 } prefix ? prefix : kustomization.NamePrefix,
        NameSuffix = flux.NameSuffix is { Value.Length: > 0 } suffix ? suffix : kustomization.NameSuffix,
        Patches = [.. kustomization.Patches, .. flux.Patches],
        Images = [.. kustomization.Images, .. flux.Images],
        Components = [.. kustomization.Components, .. flux.Components],
    };

    /// <summary>The kustomization Flux generates for a folder without one: every manifest file, and sub-folders that have a kustomization.</summary>
    private static KustomizationModel Generate(RenderContext context, string directory)
    {
        var resources = new List<KustomizationPath>();
        var at = new SourceRef(directory, default);
        void Scan(string folder)
        {
            foreach (var file in context.Inputs.FileSystem.EnumerateFiles(folder).Order(StringComparer.Ordinal))
            {
                if (Path.GetExtension(file) is ".yaml" or ".yml" && !ManifestReader.IsKustomizationFileName(file))
                {
                    resources.Add(new KustomizationPath("resources", RenderScalar.String(Path.GetRelativePath(directory, file), at)));
                }
            }

            foreach (var sub in context.Inputs.FileSystem.EnumerateDirectories(folder).Order(StringComparer.Ordinal))
            {
                if (context.Inputs.KustomizationIn(sub) is not null)
                {
                    resources.Add(new KustomizationPath("resources", RenderScalar.String(Path.GetRelativePath(directory, sub), at)));
                }
                else
                {
                    Scan(sub);
                }
            }
        }

        Scan(directory);
        return new KustomizationModel { Path = directory, Source = at, Resources = resources };
    }

    private static void CommonMetadata(FluxKustomizationModel flux, IReadOnlyList<RenderedObject> objects)
    {
        if (flux.CommonLabels is { } labels)
        {
            MetadataTransformers.SetAll(labels, [FieldSpec.Parse("||metadata/labels|create")], objects);
        }

        if (flux.CommonAnnotations is { } annotations)
        {
            MetadataTransformers.SetAll(annotations, [FieldSpec.Parse("||metadata/annotations|create")], objects);
        }
    }

    internal static YamlScalarType TypeOfPlain(string value) => new YamlScalar(default, value, YamlScalarStyle.Plain, null, null).Type;
}
