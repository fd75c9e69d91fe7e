using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Kustomize;

/// <summary>
/// Which rendered objects a change touches, and so which rendered-output findings a change-scoped run keeps
/// (<c>--changed-since</c>): a change to a base line counts for every overlay that renders it, a change to one
/// overlay's patch or kustomization only for that overlay.
/// </summary>
public static class RenderedChangeImpact
{
    /// <summary>
    /// True when the object's provenance touches the change: a field it has comes from changed text (a base line, a
    /// patch line, a kustomization entry), a kustomization it was reached through changed, or a file that is not YAML
    /// (a generator input, which the object does not record) changed in one of those kustomization folders.
    /// </summary>
    public static bool Touches(SourceChange change, RenderedObject rendered) =>
        TouchesWay(change, rendered.Origin, rendered.FluxKustomizationPath, rendered.Overlays) || Touches(change, rendered.Root);

    /// <summary>The same question of a checked object's provenance (what a finding keeps of it): the same answer.</summary>
    internal static bool Touches(SourceChange change, RenderedProvenance rendered) =>
        TouchesWay(change, rendered.Origin, rendered.FluxKustomizationPath, rendered.Overlays)
        || rendered.Sources.Any(source => change.Touches(new SourceRef(source.Path, source.Span)));

    /// <summary>The change touches where the object was written or a kustomization (or its non-YAML inputs) it came through.</summary>
    private static bool TouchesWay(SourceChange change, SourceRef origin, string? fluxKustomizationPath, IReadOnlyList<string> overlays)
    {
        if (change.Touches(origin) || (fluxKustomizationPath is { } flux && change.TouchesFile(flux)))
        {
            return true;
        }

        foreach (var folder in overlays)
        {
            if (change.Files.Any(path => Path.GetDirectoryName(path) == Path.TrimEndingDirectorySeparator(folder) && (Manifests.ManifestReader.IsKustomizationFileName(path) || !WorkspaceLoader.IsYamlFile(path))))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The rendered objects of every render root that the change touches, with the root's name.</summary>
    public static IReadOnlyList<(string Root, RenderedObject Object)> ObjectsTouchedBy(WorkspaceSnapshot workspace, SourceChange change) =>
        RootRenders.All(workspace).SelectMany(r => r.Result.Objects.Where(o => Touches(change, o)).Select(o => (r.Root.Name, o))).ToList();

    /// <summary>
    /// The findings that exist only in rendered output, as the analysis reports them (at the line that caused them,
    /// naming the overlays), whose rendered object the change touches.
    /// </summary>
    public static IReadOnlyList<(string Path, Diagnostic Finding)> FindingsTouchedBy(WorkspaceSnapshot workspace, SourceChange change, CancellationToken cancellationToken = default) =>
        RenderedAnalysis.For(workspace, Analysis.Analyzer.RenderedChecks, cancellationToken).Reported
            .Where(f => f.Objects.Any(o => Touches(change, o)))
            .Select(f => (f.Path, f.Diagnostic))
            .ToList();

    private static bool Touches(SourceChange change, RenderNode node)
    {
        if (node.Source is { } source && change.Touches(source))
        {
            return true;
        }

        return node switch
        {
            RenderMap map => map.Entries.Any(e => (e.KeySource is { } key && change.Touches(key)) || Touches(change, e.Value)),
            RenderSequence sequence => sequence.Items.Any(i => Touches(change, i)),
            _ => false,
        };
    }
}
