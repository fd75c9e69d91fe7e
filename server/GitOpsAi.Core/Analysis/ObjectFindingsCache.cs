using GitOpsAi.Core.Kyverno;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Analysis;

/// <summary>
/// Runs an <see cref="IObjectAnalyzer"/> over a file document by document and keeps each document's findings, so that
/// the next analysis of the file after an edit re-checks only what the edit can change: the edited documents, and the
/// unchanged ones whose objects read them (<see cref="ChangeImpact"/>). The other documents' findings are reused, moved
/// by the edit's length. Reuse needs the new snapshot to be derived from the one the findings were made in with only
/// this file changed (<see cref="SnapshotLineage"/>); anything else re-checks every document, so the result is always
/// what a fresh analysis finds.
/// </summary>
internal sealed class ObjectFindingsCache(IObjectAnalyzer inner) : IFileAnalyzer
{
    /// <summary>A file with fewer documents is cheap to check whole: nothing is kept for it.</summary>
    private const int MinDocuments = 8;

    /// <summary>How many files keep their findings: the ones being typed in (one per open document being edited).</summary>
    private const int MaxFiles = 8;

    private readonly Lock _gate = new();
    private readonly List<FileFindings> _recent = []; // most recently stored first

    public IObjectAnalyzer Inner => inner;

    /// <summary>How many documents' findings were taken over instead of checked again, since this instance was made (tests).</summary>
    internal long ReusedDocuments => Interlocked.Read(ref _reusedDocuments);

    private long _reusedDocuments;

    public void Analyze(FileAnalysisContext context)
    {
        if (!inner.AppliesTo(context))
        {
            return;
        }

        var file = context.File;

        // Only a file just edited in this snapshot is kept: the command line, and re-checks of files that did not change,
        // keep nothing. Nor do findings made without their fixes, which a later analysis may want.
        if (!context.WantsFixes || !IsEditedIn(context.Workspace, file))
        {
            CheckAll(context, inner.ObjectsOf(file));
            return;
        }

        var documents = DocumentObjects.Of(inner.ObjectsOf(file));
        var keep = documents.Count >= MinDocuments;
        var reuse = keep ? Reusable(context) : null;
        var results = new DocumentFindings[documents.Count];
        var stale = new List<int>();
        for (var i = 0; i < documents.Count; i++)
        {
            if (reuse?.Take(file, documents[i]) is { } reused)
            {
                results[i] = reused;
            }
            else
            {
                stale.Add(i);
            }
        }

        Interlocked.Add(ref _reusedDocuments, documents.Count - stale.Count);
        Check(context, documents, stale, results, keep);
        context.Diagnostics.EnsureCapacity(context.Diagnostics.Count + results.Sum(r => r.Diagnostics.Count)); // grown once, not doubled
        foreach (var result in results)
        {
            context.Diagnostics.AddRange(result.Diagnostics);
        }

        if (keep)
        {
            Remember(new FileFindings(context.Workspace.Id, file, results));
        }
    }

    /// <summary>
    /// Every object checked, nothing kept: without a document's findings made for reuse (where it starts, whether they
    /// stay within it, by two closures and their delegates each), which were 22 MB of a 50,000-resource check for nothing.
    /// Into a list of the file's own, added whole once every object is checked (as the kept path does).
    /// </summary>
    private void CheckAll(FileAnalysisContext context, IReadOnlyList<Manifests.Manifest> objects)
    {
        var output = new List<Diagnostics.Diagnostic>();
        ObjectChecks.CheckEach(inner, context, objects, output);
        context.Diagnostics.AddRange(output);
    }

    private void Check(FileAnalysisContext context, IReadOnlyList<DocumentObjects> documents, List<int> stale, DocumentFindings[] results, bool keep)
    {
        void CheckDocument(int index)
        {
            var output = new List<Diagnostics.Diagnostic>();
            foreach (var manifest in documents[index].Manifests)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                inner.AnalyzeObject(context, manifest, output);
            }

            results[index] = DocumentFindings.Create(context.File, documents[index], output, withFacts: keep);
        }

        if (stale.Sum(i => documents[i].Manifests.Count) >= ObjectChecks.ParallelThreshold)
        {
            Parallel.ForEach(stale, new ParallelOptions { CancellationToken = context.CancellationToken }, CheckDocument);
        }
        else
        {
            stale.ForEach(CheckDocument);
        }
    }

    private static bool IsEditedIn(WorkspaceSnapshot workspace, WorkspaceFile file) =>
        workspace.Lineage is { } lineage && lineage.ChangedPaths.Contains(file.Path) && ReferenceEquals(workspace.GetFile(file.Path), file);

    /// <summary>The findings kept for this file that the analysis may take, with what the edit changed; null when none.</summary>
    private Reuse? Reusable(FileAnalysisContext context)
    {
        var (workspace, file) = (context.Workspace, context.File);
        FileFindings? previous;
        lock (_gate)
        {
            previous = _recent.Find(f => f.File.Path == file.Path);
        }

        if (previous is null)
        {
            return null;
        }

        if (previous.SnapshotId == workspace.Id && ReferenceEquals(previous.File, file))
        {
            return new Reuse(previous, ChangeImpact.Nothing); // the same analysis again (a pull after the push)
        }

        // Policies read every object; the file's new-line convention shapes the text of fixes.
        if (workspace.Lineage is not { } lineage || lineage.PreviousId != previous.SnapshotId || lineage.ChangedPaths.Count != 1
            || previous.File.Source.NewLine != file.Source.NewLine || HoldsPolicies(previous.File) || HoldsPolicies(file)
            || !inner.KeepsUnchangedDocuments(workspace, previous.File, file))
        {
            return null;
        }

        var impact = ChangeImpact.WithinFile(previous.File, file, workspace);
        return impact.AffectsEverything ? null : new Reuse(previous, impact);
    }

    /// <summary>
    /// True when each document of the file is one object (no List: its items are checked, but its notes are the
    /// document's) and none is one whose findings speak for the whole file (<paramref name="speaksForTheFile"/>: a
    /// policy's notes read every object): a file an analyzer of whole files can check document by document.
    /// </summary>
    internal static bool HoldsOnlyPlainObjects(WorkspaceFile file, Func<Manifests.Manifest, bool> speaksForTheFile)
    {
        if (file.Objects.Count != file.Manifests.Count)
        {
            return false;
        }

        for (var i = 0; i < file.Manifests.Count; i++)
        {
            if (!ReferenceEquals(file.Manifests[i], file.Objects[i]) || speaksForTheFile(file.Manifests[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool HoldsPolicies(WorkspaceFile file) =>
        file.Manifests.Any(m => KyvernoPolicyLoader.IsPolicy(m) || KyvernoPolicyLoader.IsException(m));

    private void Remember(FileFindings findings)
    {
        lock (_gate)
        {
            _recent.RemoveAll(f => f.File.Path == findings.File.Path);
            _recent.Insert(0, findings);
            if (_recent.Count > MaxFiles)
            {
                _recent.RemoveAt(_recent.Count - 1);
            }
        }
    }

    /// <summary>One file's findings per document, made in the snapshot with this id.</summary>
    private sealed record FileFindings(long SnapshotId, WorkspaceFile File, IReadOnlyList<DocumentFindings> Documents);

    /// <summary>The previous findings of a file, looked up by document identity or text, and which of them an edit leaves valid.</summary>
    private sealed class Reuse(FileFindings previous, ChangeImpact impact)
    {
        private readonly Dictionary<object, DocumentFindings> _byIdentity = ByIdentity(previous.Documents);

        // Built only when a document is not found by identity (a chunk the parser did not reuse): comparing by text reads it.
        private Dictionary<int, List<DocumentFindings>>? _byLength;

        /// <summary>The findings of an unchanged document that the edit cannot affect, moved to where it is now; else null.</summary>
        public DocumentFindings? Take(WorkspaceFile file, DocumentObjects document)
        {
            var span = document.Document.Span;
            if (document.Document.Root is { } root && _byIdentity.TryGetValue(Yaml.MovedTrees.IdentityOf(root), out var same) && same.Span.Length == span.Length)
            {
                return Valid(file, same, span);
            }

            _byLength ??= previous.Documents.GroupBy(d => d.Span.Length).ToDictionary(g => g.Key, g => g.ToList());
            if (!_byLength.TryGetValue(span.Length, out var candidates))
            {
                return null;
            }

            var text = file.Source.Text.AsSpan(span.Start, span.Length);
            var oldText = previous.File.Source.Text;
            foreach (var old in candidates)
            {
                if (!oldText.AsSpan(old.Span.Start, old.Span.Length).SequenceEqual(text))
                {
                    continue;
                }

                if (Valid(file, old, span) is { } moved)
                {
                    return moved;
                }

                if (!IsReusable(old))
                {
                    return null;
                }
            }

            return null;
        }

        /// <summary>
        /// The documents by the identity of their tree. One tree is one document; an identity found twice is left out
        /// and those documents are compared by text. One pass into a dictionary of the right size: grouping first
        /// allocated a group per document, each keystroke (0.2 MB of a keystroke in a 580-document file).
        /// </summary>
        private static Dictionary<object, DocumentFindings> ByIdentity(IReadOnlyList<DocumentFindings> documents)
        {
            var byIdentity = new Dictionary<object, DocumentFindings>(documents.Count, ReferenceEqualityComparer.Instance);
            HashSet<object>? repeated = null;
            foreach (var document in documents)
            {
                if (document.Identity is { } identity && !byIdentity.TryAdd(identity, document))
                {
                    (repeated ??= new HashSet<object>(ReferenceEqualityComparer.Instance)).Add(identity);
                }
            }

            foreach (var identity in repeated ?? Enumerable.Empty<object>())
            {
                byIdentity.Remove(identity);
            }

            return byIdentity;
        }

        private bool IsReusable(DocumentFindings old) => old.IsMovable && old.Facts is not null && !impact.Affects(old.Facts);

        /// <summary>
        /// The old findings moved to <paramref name="span"/>, or null when the edit may change them or they name a line
        /// the document left (found by text, an identical document may still be on that line: the caller goes on).
        /// </summary>
        private DocumentFindings? Valid(WorkspaceFile file, DocumentFindings old, TextSpan span)
        {
            if (!IsReusable(old))
            {
                return null;
            }

            var line = file.Source.GetLinePosition(span.Start).Line;
            return old.MentionsLines && line != old.Line ? null : old.MovedTo(span.Start, line);
        }
    }
}
