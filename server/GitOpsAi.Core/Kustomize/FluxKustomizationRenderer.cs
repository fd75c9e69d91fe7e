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
internal sealed class FluxKustomizationRenderer(KustomizeRenderer renderer, Func<IEnumerable<(WorkspaceFile File, Manifest Manifest)>> repositoryObjects)
{
    public RenderResult Render(WorkspaceFile file, Manifest flux)
    {
        var context = renderer.NewContext(LoadRestriction.RepositoryRoot);
        var spec = (RenderNode.FromYaml(flux.Root, file.Path) as RenderMap)?.Map("spec");
        var at = new SourceRef(file.Path, flux.Root.Span);
        if (spec?["path"] is not RenderScalar { IsNull: false } pathNode || pathNode.Value.Contains("${", StringComparison.Ordinal))
        {
            // Flux builds the artifact root when spec.path is empty.
            pathNode = RenderScalar.String("./", spec?["path"]?.Source ?? at);
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

        var build = new KustomizationBuild(context) { RootOverride = existing => Edit(existing ?? Generate(context, directory), spec!) };
        var accumulation = build.Build(directory, pathNode.Source);
        var result = KustomizeRenderer.Finish(context, accumulation);
        CommonMetadata(spec!, result.Objects);
        new PostBuildSubstitution(context, spec!, flux.Namespace ?? "flux-system", repositoryObjects).Apply(result.Objects);
        foreach (var rendered in result.Objects)
        {
            rendered.FluxKustomizationPath = file.Path;
            rendered.FluxKustomizationName = flux.Name;
        }

        context.Inputs.Dependencies[file.Path] = file;
        return result with { Diagnostics = context.Diagnostics, DependencyFiles = context.Inputs.Dependencies };
    }

    /// <summary>What kustomize-controller writes into the root kustomization before building it.</summary>
    private static RenderMap Edit(RenderMap kustomization, RenderMap spec)
    {
        if (spec["targetNamespace"] is RenderScalar { IsNull: false } targetNamespace && targetNamespace.Value.Length > 0)
        {
            kustomization.Set("namespace", targetNamespace);
        }

        foreach (var field in new[] { "namePrefix", "nameSuffix" })
        {
            if (spec[field] is RenderScalar { IsNull: false } affix && affix.Value.Length > 0)
            {
                kustomization.Set(field, affix);
            }
        }

        foreach (var field in new[] { "patches", "images", "components" })
        {
            if (spec[field] is RenderSequence { Items.Count: > 0 } added)
            {
                var list = kustomization[field] as RenderSequence ?? new RenderSequence([]) { Source = added.Source };
                list.Items.AddRange(added.Items.Select(i => i.Clone()));
                kustomization.Set(field, list);
            }
        }

        return kustomization;
    }

    /// <summary>The kustomization Flux generates for a folder without one: every manifest file, and sub-folders that have a kustomization.</summary>
    private static RenderMap Generate(RenderContext context, string directory)
    {
        var resources = new RenderSequence([]);
        var at = new SourceRef(directory, default);
        void Scan(string folder)
        {
            foreach (var file in context.Inputs.FileSystem.EnumerateFiles(folder).Order(StringComparer.Ordinal))
            {
                if (Path.GetExtension(file) is ".yaml" or ".yml" && !ManifestReader.IsKustomizationFileName(file))
                {
                    resources.Items.Add(RenderScalar.String(Path.GetRelativePath(directory, file), at));
                }
            }

            foreach (var sub in context.Inputs.FileSystem.EnumerateDirectories(folder).Order(StringComparer.Ordinal))
            {
                if (context.Inputs.KustomizationIn(sub) is not null)
                {
                    resources.Items.Add(RenderScalar.String(Path.GetRelativePath(directory, sub), at));
                }
                else
                {
                    Scan(sub);
                }
            }
        }

        Scan(directory);
        var generated = new RenderMap { Source = at };
        generated.Set("resources", resources);
        return generated;
    }

    private static void CommonMetadata(RenderMap spec, IReadOnlyList<RenderedObject> objects)
    {
        if (spec.Map("commonMetadata") is not { } common)
        {
            return;
        }

        if (common.Map("labels") is { } labels)
        {
            MetadataTransformers.SetAll(labels, [FieldSpec.Parse("||metadata/labels|create")], objects);
        }

        if (common.Map("annotations") is { } annotations)
        {
            MetadataTransformers.SetAll(annotations, [FieldSpec.Parse("||metadata/annotations|create")], objects);
        }
    }

    internal static YamlScalarType TypeOfPlain(string value) => new YamlScalar(default, value, YamlScalarStyle.Plain, null, null).Type;
}
