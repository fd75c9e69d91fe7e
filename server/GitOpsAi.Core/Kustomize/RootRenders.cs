using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using GitOpsAi.Core.Workspace;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Kustomize;

/// <summary>
/// The render of each root, cached across snapshots: kept while the files epoch and every YAML file it read are the
/// same, so an edit to a base file or a kustomization re-renders only the roots that include it.
/// </summary>
internal static class RootRenders
{
    private static readonly RecentRootCaches<Entry> Renders = new();

    // The renders of Flux Kustomizations that read only their own document, for the snapshot they were made in (see Get):
    // those whose findings were asked, all of them; those made only to learn what their root reads, the most recent few.
    // Finding a file's readers renders every root once, and keeping each of those renders held all the rendered objects
    // of the 50k monorepo (its 750 Flux roots: 150,100 objects, ~400 MB) while the snapshot was current.
    private static readonly ConditionalWeakTable<WorkspaceSnapshot, ConcurrentDictionary<object, RenderResult>> CheckedOfSnapshot = new();
    private static readonly ConditionalWeakTable<WorkspaceSnapshot, RecentRootCache<RenderResult>> ReadOfSnapshot = new();

    /// <summary>How many Flux renders made only to learn what their roots read a snapshot keeps (an edit asks for one or two).</summary>
    internal const int FluxRendersKeptForReads = 64;

    // Which files each root read, kept for every root (a few paths each): finding a file's readers must not render every
    // root again once their renders have fallen out of the recent-roots cache.
    private static readonly ConditionalWeakTable<object, RootReads> ReadsByRoot = new();

    /// <summary>
    /// What a root's caches are keyed by: its Flux Kustomization's document, else its kustomization file. Not the file for
    /// Flux roots: one file often holds a Flux Kustomization per app, and keyed by the file they would evict each other,
    /// so every snapshot would re-render every one of them. The document by its identity, which the incremental parse
    /// keeps for a document whose text is unchanged (moved or not), so an edit to one document of that file keeps the
    /// key of every other; a Flux Kustomization that is not a whole document (a List's item) is keyed by its object.
    /// </summary>
    public static object KeyOf(RenderRoot root) =>
        root.Flux is { } flux ? (ReferenceEquals(flux.Document.Root, flux.Root) ? MovedTrees.IdentityOf(flux.Root) : flux) : root.KeyFile;

    /// <param name="keep">
    /// False for a run that renders every root once (the command line): the render is not kept among the recent roots,
    /// where 128 roots' render trees would wait for edits that never come. What it read is still remembered.
    /// </param>
    /// <param name="cancellationToken">Stops the render between entries; a cancelled render is not kept.</param>
    /// <param name="onlyForReads">The caller wants what the render read, not its objects (see <see cref="ReadOfSnapshot"/>).</param>
    public static RenderResult Get(WorkspaceSnapshot workspace, RenderRoot root, bool keep = true, CancellationToken cancellationToken = default, bool onlyForReads = false)
    {
        var byRootFile = Renders.For(workspace);
        if (byRootFile.TryGetValue(KeyOf(root), out var cached) && cached.Reads.IsValidFor(workspace, root, moved: false))
        {
            return cached.Result;
        }

        if (CheckedOfSnapshot.TryGetValue(workspace, out var checkedRenders) && checkedRenders.TryGetValue(KeyOf(root), out var made))
        {
            return made;
        }

        if (ReadOfSnapshot.TryGetValue(workspace, out var readRenders) && readRenders.TryGetValue(KeyOf(root), out made))
        {
            if (keep && !onlyForReads)
            {
                CheckedOfSnapshot.GetOrCreateValue(workspace)[KeyOf(root)] = made; // now asked for its objects: kept with the checked ones
            }

            return made;
        }

        RendersOnThisThread++;
        var renderer = KustomizeRenderer.For(workspace, cancellationToken);
        var result = root.Flux is not null ? renderer.RenderFlux(root.FluxFile!, root.Flux) : renderer.Render(root.Directory!, LoadRestriction.RepositoryRoot);
        var reads = new RootReads(workspace, root, result);

        // A Flux Kustomization that read only its own document is rendered again when that document changes, and its
        // findings are kept by the document (FluxDocumentFindings): a render kept among the recent roots holds the
        // snapshot it was made in, and each edit of that file's documents added one, each with its version of the file,
        // until 128 more roots were used (the language server grew to 912 MiB after 100 edits of a file of 1,000 Flux
        // Kustomizations). It is kept for its snapshot only, where its findings are asked after what it read.
        if (keep && result.ReadsOnlyItsFluxDocument)
        {
            if (onlyForReads)
            {
                ReadOfSnapshot.GetValue(workspace, _ => new RecentRootCache<RenderResult>(FluxRendersKeptForReads)).Set(KeyOf(root), result);
            }
            else
            {
                CheckedOfSnapshot.GetOrCreateValue(workspace)[KeyOf(root)] = result;
            }
        }
        else if (keep)
        {
            byRootFile.Set(KeyOf(root), new Entry(reads, result));
        }

        ReadsByRoot.AddOrUpdate(KeyOf(root), reads);
        return result;
    }

    /// <summary>How many roots were rendered on this thread (tests prove an edit to one document renders its root only).</summary>
    [ThreadStatic]
    internal static int RendersOnThisThread;

    /// <summary>How many Flux renders are kept for <paramref name="workspace"/> itself (tests).</summary>
    internal static (int Checked, int ForReads) FluxRendersKeptFor(WorkspaceSnapshot workspace) => (
        CheckedOfSnapshot.TryGetValue(workspace, out var checkedRenders) ? checkedRenders.Count : 0,
        ReadOfSnapshot.TryGetValue(workspace, out var readRenders) ? readRenders.Count : 0);

    /// <summary>How many roots' renders are kept for the file system of <paramref name="workspace"/> (tests).</summary>
    internal static int KeptFor(WorkspaceSnapshot workspace) => Renders.For(workspace).Count;

    /// <summary>The files a root's render reads: from its last render while that still holds, else by rendering it (kept as <see cref="Get"/> keeps it).</summary>
    public static IEnumerable<string> FilesReadBy(WorkspaceSnapshot workspace, RenderRoot root, bool keep = true, CancellationToken cancellationToken = default) =>
        ReadsByRoot.TryGetValue(KeyOf(root), out var reads) && reads.IsValidFor(workspace, root, moved: true)
            ? reads.Paths
            : Get(workspace, root, keep, cancellationToken, onlyForReads: true).DependencyFiles.Keys;

    /// <summary>What the root's last render read, while it still holds for <paramref name="workspace"/> (its document may have moved); else null.</summary>
    public static RootReads? ReadsOf(WorkspaceSnapshot workspace, RenderRoot root) =>
        ReadsByRoot.TryGetValue(KeyOf(root), out var reads) && reads.IsValidFor(workspace, root, moved: true) ? reads : null;

    /// <summary>Every root of the workspace with its render.</summary>
    public static IEnumerable<(RenderRoot Root, RenderResult Result)> All(WorkspaceSnapshot workspace) =>
        RenderRoots.Of(workspace).Select(root => (root, Get(workspace, root)));

    /// <summary>A render, valid while what it read is unchanged.</summary>
    private sealed record Entry(RootReads Reads, RenderResult Result);
}
