using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Kustomize;

/// <summary>One thing the cluster is given: an outermost kustomization folder, or a Flux Kustomization.</summary>
internal sealed record RenderRoot(string Name, string? Directory, WorkspaceFile? FluxFile, Manifest? Flux, WorkspaceFile KeyFile);

/// <summary>
/// The inclusion graph's entry points: every Flux Kustomization, and every kustomization that no other kustomization
/// or Flux Kustomization includes (components are never entry points). This is what "the overlays" are.
/// </summary>
internal static class RenderRoots
{
    public static IReadOnlyList<RenderRoot> Of(WorkspaceSnapshot workspace)
    {
        var roots = new List<RenderRoot>();
        var graph = InclusionGraph.For(workspace);
        foreach (var file in workspace.Files.Values.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            foreach (var manifest in file.Manifests)
            {
                if (manifest.IsFluxKustomization && manifest.Name is { } name)
                {
                    roots.Add(new RenderRoot($"Flux Kustomization {name}", null, file, manifest, file));
                }
            }

            if (!ManifestReader.IsKustomizationFileName(file.Path) || file.Manifests.FirstOrDefault() is not { } kustomization
                || kustomization.Kind == "Component" || !(kustomization.IsKustomizeConfig || kustomization.IsImpliedKustomization)
                || graph.IsIncludedDirectory(file.Directory))
            {
                continue;
            }

            roots.Add(new RenderRoot(WorkspaceFile.RelativeTo(workspace.Root, file.Directory), file.Directory, null, null, file));
        }

        return roots;
    }
}
