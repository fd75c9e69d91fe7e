using System.Runtime.CompilerServices;
using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Kustomize;

/// <summary>
/// The rendered findings of each Flux Kustomization, kept by its document (<see cref="RootRenders.KeyOf"/>) for as long
/// as that document lives, and taken again while its render still holds (<see cref="RootReads"/>) and the same checks
/// would run on it. One file often defines a Flux Kustomization per app: an edit to one of its documents changes that
/// file, and every root it defines was rendered and checked again (1,000 roots per full analysis of a keystroke in
/// kshape18's flux shape at 10k), although only the edited document's root can find anything else. The recent-roots
/// caches keep 128 roots; these findings are a few per root, so every root of the file keeps them. Findings in the
/// edited file move with their document when an edit above it moved it.
/// </summary>
internal static class FluxDocumentFindings
{
    private static readonly ConditionalWeakTable<object, Entry> ByDocument = new();

    /// <summary>Each graph's placement, shared by the graphs that place every file's objects alike.</summary>
    private static readonly ConditionalWeakTable<InclusionGraph, Placement> Placements = new();

    /// <summary>The placement of the latest graph seen; a new graph that places alike shares it.</summary>
    private static Placement? _latestPlacement;

    /// <summary>The root's findings and build errors of an earlier snapshot that still hold in <paramref name="workspace"/>, at today's place; else null.</summary>
    public static (IReadOnlyList<(string Path, Diagnostic Diagnostic, RenderedProvenance? Object)> Findings, IReadOnlyList<RenderDiagnostic> BuildErrors)? Carried(
        WorkspaceSnapshot workspace, RenderRoot root, IReadOnlyList<WorkspaceFile> policyFiles)
    {
        if (root is not { Flux: { } flux, FluxFile: { } file } || !ByDocument.TryGetValue(RootRenders.KeyOf(root), out var entry)
            || RootRenders.ReadsOf(workspace, root) is not { } reads || !ReferenceEquals(reads, entry.Reads) || !entry.SameChecksAs(workspace, policyFiles))
        {
            return null;
        }

        var delta = flux.Document.Span.Start - entry.Document.Start;
        var (findings, buildErrors) = (entry.Findings, entry.BuildErrors);
        if (delta != 0)
        {
            if (entry.MovedWith(file.Path, delta) is not { } moved)
            {
                return null;
            }

            (findings, buildErrors) = moved;
        }

        // Kept with today's place, checks and placement, so that no old snapshot's placement is kept for it.
        var carried = new Entry(workspace, reads, flux.Document.Span, findings, buildErrors, policyFiles);
        ByDocument.AddOrUpdate(RootRenders.KeyOf(root), carried);
        return (carried.Findings, carried.BuildErrors);
    }

    /// <summary>Keeps a Flux Kustomization root's findings, checked in <paramref name="workspace"/>, for later snapshots.</summary>
    public static void Remember(WorkspaceSnapshot workspace, RenderRoot root, IReadOnlyList<(string Path, Diagnostic Diagnostic, RenderedProvenance? Object)> findings, IReadOnlyList<RenderDiagnostic> buildErrors, IReadOnlyList<WorkspaceFile> policyFiles)
    {
        if (root.Flux is { } flux && RootRenders.ReadsOf(workspace, root) is { } reads && reads.DocumentSpan == flux.Document.Span)
        {
            ByDocument.AddOrUpdate(RootRenders.KeyOf(root), new Entry(workspace, reads, flux.Document.Span, findings, buildErrors, policyFiles));
        }
    }

    /// <summary>
    /// The placement of <paramref name="graph"/>'s files: the latest one when both graphs place alike either way round (so
    /// that sharing it is an equivalence), else a new one. Entries keep this, not their snapshot's graph: the graph holds
    /// its snapshot's manifests (file texts and trees), and each entry carried in a different version of the file kept
    /// that version alive. Typing with 400 ms pauses in kshape18's flux shape at 10k (each full analysis cancelled
    /// part-way, so the entries held graphs of many versions), the server's live heap grew by 4-5 MB a keystroke (a heap
    /// dump: 83 of the file's texts and 83 inclusion graphs reachable, 2 snapshots): 765-817 MiB after 100 edits, 345 now.
    /// </summary>
    private static Placement PlacementOf(InclusionGraph graph) => Placements.GetValue(graph, static graph =>
    {
        var latest = Volatile.Read(ref _latestPlacement);
        var placement = latest is not null && graph.PlacesAlike(latest.Graph) && latest.Graph.PlacesAlike(graph) ? latest : new Placement(graph);
        Volatile.Write(ref _latestPlacement, placement);
        return placement;
    });

    /// <summary>A placement and the first graph that had it (the only one it keeps alive).</summary>
    private sealed class Placement(InclusionGraph graph)
    {
        public InclusionGraph Graph { get; } = graph;
    }

    /// <summary>A root's findings, what they were taken from (its reads, the rules, schemas, policies and placement) and where its document was.</summary>
    private sealed class Entry(WorkspaceSnapshot workspace, RootReads reads, TextSpan document, IReadOnlyList<(string Path, Diagnostic Diagnostic, RenderedProvenance? Object)> findings, IReadOnlyList<RenderDiagnostic> buildErrors, IReadOnlyList<WorkspaceFile> policyFiles)
    {
        private readonly RenderedCheckInputs _checkedWith = new(workspace, policyFiles);
        private readonly Placement _placement = PlacementOf(InclusionGraph.For(workspace));

        public RootReads Reads { get; } = reads;

        public TextSpan Document { get; } = document;

        public IReadOnlyList<(string Path, Diagnostic Diagnostic, RenderedProvenance? Object)> Findings { get; } = findings;

        public IReadOnlyList<RenderDiagnostic> BuildErrors { get; } = buildErrors;

        /// <summary>The same rules, schemas and policies, and the sources placed alike (as <see cref="RenderedAnalysis"/>'s own cache asks).</summary>
        public bool SameChecksAs(WorkspaceSnapshot current, IReadOnlyList<WorkspaceFile> currentPolicyFiles) =>
            _checkedWith.AreSameIn(current, currentPolicyFiles) && ReferenceEquals(PlacementOf(InclusionGraph.For(current)), _placement);

        /// <summary>
        /// The findings and build errors with those in the document's file moved by <paramref name="delta"/>; null when
        /// one of them is in that file outside the document (the render read only the document: never expected).
        /// </summary>
        public (IReadOnlyList<(string, Diagnostic, RenderedProvenance?)> Findings, IReadOnlyList<RenderDiagnostic> BuildErrors)? MovedWith(string path, int delta)
        {
            var findings = new List<(string, Diagnostic, RenderedProvenance?)>(Findings.Count);
            foreach (var (findingPath, diagnostic, provenance) in Findings)
            {
                if (Moved(findingPath, diagnostic, path, delta) is not { } moved)
                {
                    return null;
                }

                findings.Add((findingPath, moved, provenance?.MovedWith(path, Document, delta)));
            }

            var buildErrors = new List<RenderDiagnostic>(BuildErrors.Count);
            foreach (var error in BuildErrors)
            {
                if (Moved(error.Path, error.Diagnostic, path, delta) is not { } moved)
                {
                    return null;
                }

                buildErrors.Add(error with { Diagnostic = moved });
            }

            return (findings, buildErrors);
        }

        private Diagnostic? Moved(string findingPath, Diagnostic diagnostic, string path, int delta) =>
            findingPath != path ? diagnostic
            : diagnostic.Span.Start >= Document.Start && diagnostic.Span.End <= Document.End ? diagnostic with { Span = diagnostic.Span.Shift(delta) }
            : null;
    }
}
