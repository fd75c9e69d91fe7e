using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Kustomize;

/// <summary>The rendered text of a path, what both front ends show: the objects' YAML, then the problems found.</summary>
public sealed record RenderedText(string Text, IReadOnlyList<RenderDiagnostic> Diagnostics, Func<string, SourceText?> SourceOf);

/// <summary>
/// Renders what a path stands for: a kustomization folder (or its kustomization file) as kubectl kustomize would, or
/// the Flux Kustomizations of a file as kustomize-controller would. Null when the path is neither.
/// </summary>
public static class RenderService
{
    public static RenderResult? Render(KustomizeRenderer renderer, string path, bool isDirectory, LoadRestriction restriction)
    {
        if (isDirectory)
        {
            return renderer.Render(path, restriction);
        }

        if (ManifestReader.IsKustomizationFileName(path))
        {
            return renderer.Render(Path.GetDirectoryName(path)!, restriction);
        }

        var result = renderer.RenderFluxFile(path);
        return result.Objects.Count == 0 && result.Diagnostics.Count == 0 ? null : result;
    }

    /// <summary>For the editor: the render of a workspace file (kustomization or Flux Kustomization) as text, with provenance.</summary>
    public static RenderedText? RenderText(WorkspaceSnapshot workspace, string path, bool provenance)
    {
        var isDirectory = !workspace.Files.ContainsKey(path) && workspace.FileSystem.DirectoryExists(path);
        if (!RepositoryPaths.IsInside(workspace.Root, path))
        {
            return null;
        }

        var result = Render(KustomizeRenderer.For(workspace), path, isDirectory, LoadRestriction.RepositoryRoot);
        return result is null ? null : new RenderedText(RenderWriter.Write(result.Objects, provenance ? workspace.Root : null, result.SourceOf), result.Diagnostics, result.SourceOf);
    }

    /// <summary>"path:line:col: severity code: message", one line per problem.</summary>
    public static string Describe(RenderDiagnostic problem, Func<string, SourceText?> sourceOf, string shownPath)
    {
        var position = sourceOf(problem.Path)?.GetLinePosition(problem.Diagnostic.Span.Start) ?? default;
        return $"{shownPath}:{position.Line + 1}:{position.Character + 1}: {problem.Diagnostic.Severity.ToName()} {problem.Diagnostic.Code}: {problem.Diagnostic.Message}";
    }
}
