using System.Runtime.CompilerServices;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Kustomize;

/// <summary>
/// The render of each root, cached across snapshots: kept while the files epoch and every YAML file it read are the
/// same, so an edit to a base file or a kustomization re-renders only the roots that include it.
/// </summary>
internal static class RootRenders
{
    private static readonly RecentRootCaches<Entry> Renders = new();

    // Which files each root read, kept for every root (a few paths each): finding a file's readers must not render every
    // root again once their renders have fallen out of the recent-roots cache.
    private static readonly ConditionalWeakTable<object, Reads> ReadsByRoot = new();

    /// <summary>
    /// What a root's caches are keyed by: its Flux Kustomization object, else its kustomization file. Not the file for
    /// Flux roots: one file often holds a Flux Kustomization per app, and keyed by the file they would evict each other,
    /// so every snapshot would re-render every one of them.
    /// </summary>
    public static object KeyOf(RenderRoot root) => (object?)root.Flux ?? root.KeyFile;

    /// <param name="keep">
    /// False for a run that renders every root once (the command line): the render is not kept among the recent roots,
    /// where 128 roots' render trees would wait for edits that never come. What it read is still remembered.
    /// </param>
    /// <param name="cancellationToken">Stops the render between entries; a cancelled render is not kept.</param>
    public static RenderResult Get(WorkspaceSnapshot workspace, RenderRoot root, bool keep = true, CancellationToken cancellationToken = default)
    {
        var byRootFile = Renders.For(workspace);
        if (byRootFile.TryGetValue(KeyOf(root), out var cached) && cached.Reads.IsValidFor(workspace, root))
        {
            return cached.Result;
        }

        var renderer = KustomizeRenderer.For(workspace, cancellationToken);
        var result = root.Flux is not null ? renderer.RenderFlux(root.FluxFile!, root.Flux) : renderer.Render(root.Directory!, LoadRestriction.RepositoryRoot);
        var reads = new Reads(workspace, root, result);
        if (keep)
        {
            byRootFile.Set(KeyOf(root), new Entry(reads, result));
        }

        ReadsByRoot.AddOrUpdate(KeyOf(root), reads);
        return result;
    }

    /// <summary>How many roots' renders are kept for the file system of <paramref name="workspace"/> (tests).</summary>
    internal static int KeptFor(WorkspaceSnapshot workspace) => Renders.For(workspace).Count;

    /// <summary>The files a root's render reads: from its last render while that still holds, else by rendering it.</summary>
    public static IEnumerable<string> FilesReadBy(WorkspaceSnapshot workspace, RenderRoot root, CancellationToken cancellationToken = default) =>
        ReadsByRoot.TryGetValue(KeyOf(root), out var reads) && reads.IsValidFor(workspace, root)
            ? reads.Paths
            : Get(workspace, root, cancellationToken: cancellationToken).DependencyFiles.Keys;

    /// <summary>Every root of the workspace with its render.</summary>
    public static IEnumerable<(RenderRoot Root, RenderResult Result)> All(WorkspaceSnapshot workspace) =>
        RenderRoots.Of(workspace).Select(root => (root, Get(workspace, root)));

    /// <summary>
    /// What a render read, without the render. A render reads the repository's files and folders (not the structure
    /// index): it holds while the set of paths and the disk facts are the same (the files epoch) and every file it read
    /// is the same object, so editing one kustomization re-renders the roots that read it, not every root.
    /// </summary>
    private sealed class Reads(WorkspaceSnapshot rendered, RenderRoot root, RenderResult result)
    {
        private readonly object _filesEpoch = rendered.FilesEpoch;
        private readonly object? _flux = root.Flux;
        private readonly IReadOnlyDictionary<string, WorkspaceFile> _files = result.DependencyFiles;

        // The file map of the snapshot rendered in, weakly (an editor must not keep old snapshots' files alive): a file the
        // render read from disk outside the snapshot (a hidden folder's YAML, which the walk skips) is never the snapshot's
        // object, so without this a root reading one was rendered again by every question in the same snapshot (two Flux
        // roots of the corpus that apply the whole repository: 0.7 s more of one core per check of the corpus).
        private readonly WeakReference<IReadOnlyDictionary<string, WorkspaceFile>> _snapshotFiles = new(rendered.Files);

        public IEnumerable<string> Paths => _files.Keys;

        public bool IsValidFor(WorkspaceSnapshot current, RenderRoot currentRoot) =>
            ReferenceEquals(current.FilesEpoch, _filesEpoch) && ReferenceEquals(currentRoot.Flux, _flux)
            && ((_snapshotFiles.TryGetTarget(out var files) && ReferenceEquals(files, current.Files))
                || _files.All(d => ReferenceEquals(current.Files.GetValueOrDefault(d.Key), d.Value)));
    }

    /// <summary>A render, valid while what it read is unchanged.</summary>
    private sealed record Entry(Reads Reads, RenderResult Result);
}
