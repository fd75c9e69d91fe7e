using System.Runtime.CompilerServices;
using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Kyverno;

namespace GitOpsAi.Core.Workspace;

/// <summary>
/// Which other files' findings an edit of one file can change. Cross-file rules find other objects by name (references,
/// duplicates, autoscaler targets) or by labels (selectors); so a file is affected when it shares a name with an object
/// the edit changed, added or removed, or a selector's pair with its labels or selectors (or the other way round), or
/// holds objects of a kind evaluated by a Kyverno rule whose context entry reads a changed object (given the snapshot).
/// An edit to a kustomization, a Flux Kustomization, a patch or a generator input affects the files of the renders that
/// read it and the files the inclusion graph now places differently (given the snapshot, see <see cref="OfRenderInput"/>).
/// Anything whose reach is wider or not modelled here (other Flux objects,
/// CRDs, the configuration, policies, custom resources, objects appearing or vanishing) affects every file: this errs
/// on the side of re-checking too much, never too little.
/// </summary>
public sealed partial class ChangeImpact
{
    private readonly CrossFileFacts? _changed;

    /// <summary>The kinds evaluated by policy rules whose context entries read a changed object (AnyKind: every object).</summary>
    private readonly (IReadOnlySet<string> Kinds, bool AnyKind)? _contextReaders;

    /// <summary>Files affected whatever they hold: those of the roots an edited kustomization or patch is rendered into (see <see cref="OfRenderInput"/>).</summary>
    private readonly IReadOnlySet<string>? _files;

    /// <summary>Names the edit gave or took from objects no file holds (a generator's ConfigMap, a replicas entry's workload).</summary>
    private readonly IReadOnlySet<string>? _names;

    /// <summary>For an edit of an ordinary manifest: the files of the renders that read it, worked out only when asked.</summary>
    private Lazy<HashSet<string>>? _filesOfSameRenders;

    private ChangeImpact(bool affectsEverything, CrossFileFacts? changed, (IReadOnlySet<string> Kinds, bool AnyKind)? contextReaders = null, IReadOnlySet<string>? files = null, IReadOnlySet<string>? names = null)
    {
        _affectsEverything = affectsEverything;
        _changed = changed;
        _contextReaders = contextReaders;
        _files = files;
        _names = names;
    }

    /// <summary>
    /// Nothing another file can see changed (the same objects, byte for byte). Never true of a render-input edit (it
    /// changed a kustomization, a patch or a Flux Kustomization), so asking does not work the deferred impact out: the
    /// language server asks after every keystroke, and with no other document open nothing else needs it.
    /// </summary>
    public bool AffectsNothing => _deferred is null && !_affectsEverything && _changed is null;

    public bool AffectsEverything => _deferred is { } deferred ? deferred.Value.AffectsEverything : _affectsEverything;

    private readonly bool _affectsEverything;

    public static ChangeImpact Everything { get; } = new(true, null);

    public static ChangeImpact Nothing { get; } = new(false, null);

    /// <summary>
    /// The impact of replacing <paramref name="before"/> with <paramref name="after"/> (either null: the file appears or
    /// goes). With <paramref name="workspace"/> (the snapshot holding the edit), objects that its Kyverno policies read
    /// through context entries also reach the files those policies evaluate.
    /// </summary>
    public static ChangeImpact Of(WorkspaceFile? before, WorkspaceFile? after, string root, WorkspaceSnapshot? workspace = null)
    {
        if (IsGlobal(before, root) || IsGlobal(after, root))
        {
            return Everything;
        }

        var (removed, added) = ChangedManifests(before, after);
        if (removed.Count == 0 && added.Count == 0)
        {
            return Nothing;
        }

        // A kustomization, a patch or a generator input reaches the files of the renders that read it, not every file.
        if (workspace is not null && IsRenderInput(removed.Concat(added), after, workspace))
        {
            // The snapshot before the edit is taken now (the lineage holds it weakly) and kept until the impact is worked out.
            var previous = workspace.Lineage is { } lineage && lineage.TryGetPrevious(out var held) ? held : null;
            return Deferred(() => OfRenderInput(before, after, workspace, previous, removed, added) ?? Everything);
        }

        // Objects appearing or vanishing change "does the repository define any X" and which checks apply at all.
        var kindsBefore = removed.Select(m => m.Kind).Order(StringComparer.Ordinal);
        var kindsAfter = added.Select(m => m.Kind).Order(StringComparer.Ordinal);
        if (!kindsBefore.SequenceEqual(kindsAfter) || removed.Concat(added).Any(m => !KindCatalog.ReachesOthersOnlyByNameAndLabels(m)))
        {
            return Everything;
        }

        var facts = CrossFileFacts.Of(removed.Concat(added));
        if (facts.HasBroadSelector)
        {
            return Everything;
        }

        var readers = workspace is null ? null : ContextReads.For(workspace).EvaluatedKindsReading(removed.Concat(added));
        return readers is { AnyKind: true } ? Everything
            : new ChangeImpact(false, facts, readers) { _filesOfSameRenders = workspace is null || after is null ? null : FilesOfRendersReading(workspace, after.Path) };
    }

    /// <summary>True when the edit can change the findings of <paramref name="other"/>.</summary>
    public bool Affects(WorkspaceFile other)
    {
        if (_deferred is { } deferred)
        {
            return deferred.Value.Affects(other);
        }

        if (_affectsEverything)
        {
            return true;
        }

        if (_changed is null)
        {
            return false;
        }

        if (_files is not null && _files.Contains(other.Path))
        {
            return true;
        }

        // A policy's findings may depend on any object.
        if (KyvernoPolicies.AffectsOtherFiles(other))
        {
            return true;
        }

        // A Kyverno rule whose context entry reads a changed object re-decides every object of the kinds it evaluates.
        if (_contextReaders is { } readers && other.Objects.Any(m => m.Kind is { } kind && readers.Kinds.Contains(kind)))
        {
            return true;
        }

        return Affects(CrossFileFacts.Of(other)) || (_filesOfSameRenders is { } sameRenders && sameRenders.Value.Contains(other.Path));
    }

    /// <summary>
    /// True when the edit can change the findings of objects with these facts (objects of another file, or the objects of
    /// an unchanged document of the edited file); unlike <see cref="Affects(WorkspaceFile)"/>, policies are not considered.
    /// </summary>
    public bool Affects(CrossFileFacts facts)
    {
        if (_deferred is { } deferred)
        {
            return deferred.Value.Affects(facts);
        }

        if (_affectsEverything)
        {
            return true;
        }

        if (_changed is null)
        {
            return false;
        }

        return Meet(_changed.Names, facts.Scalars)
            || (_names is not null && (Meet(_names, facts.Scalars) || Meet(_names, facts.Names)))
            || Meet(facts.Names, _changed.Scalars)
            || Meet(_changed.LabelPairs, facts.SelectorPairs)
            || Meet(_changed.SelectorPairs, facts.LabelPairs)
            || Meet(_changed.SelectorPairs, facts.SelectorPairs)
            || (facts.HasBroadSelector && _changed.HasLabels);
    }

    /// <summary>
    /// True when two sets share an element, looking up the smaller one's elements in the larger: asked for every document
    /// of a 10,000-line file per keystroke, with a few changed names against each document's many scalars.
    /// </summary>
    private static bool Meet(IReadOnlySet<string> first, IReadOnlySet<string> second)
    {
        if (first.Count == 0 || second.Count == 0)
        {
            return false;
        }

        // Enumerated as the set it is: through IReadOnlySet an enumerator was boxed for each of the ~1,000 documents a
        // keystroke in a big file asks about (0.06 MB of the keystroke).
        var (small, large) = first.Count <= second.Count ? (first, second) : (second, first);
        if (small is not HashSet<string> hashed)
        {
            return small.Any(large.Contains);
        }

        foreach (var item in hashed)
        {
            if (large.Contains(item))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The configuration changes how every other file is checked. (Kustomizations, Flux objects, CRDs and policies do
    /// too, but only when they themselves change: they are not local kinds, so a changed one affects everything.)
    /// </summary>
    private static bool IsGlobal(WorkspaceFile? file, string root) =>
        file is not null && WorkspaceSnapshot.ConfigPathsUnder(root).Contains(file.Path, StringComparer.Ordinal);

    /// <summary>
    /// The last comparison made for each edited file: one keystroke asks for it several times (the language server for
    /// the other files, and each per-document findings cache of the edited file), and in a 10,000-line file comparing
    /// every document is most of the cost of working out an impact.
    /// </summary>
    private static readonly ConditionalWeakTable<WorkspaceFile, ChangedPair> LastComparison = new();

    // The file before is held weakly: held strongly, every version of a file being typed in would keep the one before it.
    private sealed record ChangedPair(WeakReference<WorkspaceFile> Before, List<Manifest> Removed, List<Manifest> Added);

    /// <summary>The objects of each side whose text has no identical counterpart on the other side (never changed by callers).</summary>
    private static (List<Manifest> Removed, List<Manifest> Added) ChangedManifests(WorkspaceFile? before, WorkspaceFile? after)
    {
        if (before is null || after is null)
        {
            return CompareManifests(before, after);
        }

        if (LastComparison.TryGetValue(after, out var last) && last.Before.TryGetTarget(out var lastBefore) && ReferenceEquals(lastBefore, before))
        {
            return (last.Removed, last.Added);
        }

        var (removed, added) = CompareManifests(before, after);
        LastComparison.AddOrUpdate(after, new ChangedPair(new WeakReference<WorkspaceFile>(before), removed, added));
        return (removed, added);
    }

    private static (List<Manifest> Removed, List<Manifest> Added) CompareManifests(WorkspaceFile? before, WorkspaceFile? after)
    {
        IReadOnlyList<Manifest> oldObjects = before?.Manifests ?? [], newObjects = after?.Manifests ?? [];
        var (oldMatched, newMatched) = MatchReusedTrees(oldObjects, newObjects);

        // The others are compared in place (no copy of each object's text).
        var remaining = new Dictionary<TextSlice, int>(TextSlice.Comparer);
        for (var i = 0; i < oldObjects.Count; i++)
        {
            if (!oldMatched[i])
            {
                var text = TextOf(before!, oldObjects[i]);
                remaining[text] = remaining.GetValueOrDefault(text) + 1;
            }
        }

        var added = new List<Manifest>();
        for (var i = 0; i < newObjects.Count; i++)
        {
            if (newMatched[i])
            {
                continue;
            }

            var text = TextOf(after!, newObjects[i]);
            if (remaining.GetValueOrDefault(text) > 0)
            {
                remaining[text]--;
            }
            else
            {
                added.Add(newObjects[i]);
            }
        }

        var removed = new List<Manifest>();
        for (var i = 0; i < oldObjects.Count; i++)
        {
            if (oldMatched[i])
            {
                continue;
            }

            var text = TextOf(before!, oldObjects[i]);
            if (remaining.GetValueOrDefault(text) > 0)
            {
                remaining[text]--;
                removed.Add(oldObjects[i]);
            }
        }

        return (removed, added);
    }

    /// <summary>
    /// Pairs the objects whose document tree the incremental parser reused (as it was, or moved by the edit): the same
    /// tree identity is the same text, so a keystroke in a 10,000-line file reads only the documents it re-parsed.
    /// </summary>
    private static (bool[] OldMatched, bool[] NewMatched) MatchReusedTrees(IReadOnlyList<Manifest> oldObjects, IReadOnlyList<Manifest> newObjects)
    {
        var oldMatched = new bool[oldObjects.Count];
        var newMatched = new bool[newObjects.Count];
        var byIdentity = new Dictionary<object, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < oldObjects.Count; i++)
        {
            if (IsWholeDocument(oldObjects[i]))
            {
                byIdentity.TryAdd(Yaml.MovedTrees.IdentityOf(oldObjects[i].Root), i);
            }
        }

        for (var i = 0; i < newObjects.Count; i++)
        {
            if (IsWholeDocument(newObjects[i]) && byIdentity.Remove(Yaml.MovedTrees.IdentityOf(newObjects[i].Root), out var old))
            {
                (oldMatched[old], newMatched[i]) = (true, true);
            }
        }

        return (oldMatched, newMatched);
    }

    /// <summary>A List's items share one document: only an object that is its document's whole tree has that tree's identity.</summary>
    private static bool IsWholeDocument(Manifest manifest) => ReferenceEquals(manifest.Root, manifest.Document.Root);

    private static TextSlice TextOf(WorkspaceFile file, Manifest manifest) =>
        new(file.Source.Text, manifest.Root.Span.Start, manifest.Root.Span.Length);

    /// <summary>A piece of a text, equal to another piece with the same characters.</summary>
    private readonly record struct TextSlice(string Text, int Start, int Length)
    {
        public static IEqualityComparer<TextSlice> Comparer { get; } = new SliceComparer();

        public ReadOnlySpan<char> Span => Text.AsSpan(Start, Length);

        private sealed class SliceComparer : IEqualityComparer<TextSlice>
        {
            public bool Equals(TextSlice x, TextSlice y) => x.Span.SequenceEqual(y.Span);

            public int GetHashCode(TextSlice slice) => string.GetHashCode(slice.Span, StringComparison.Ordinal);
        }
    }
}
