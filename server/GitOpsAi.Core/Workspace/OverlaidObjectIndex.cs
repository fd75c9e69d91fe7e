using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using GitOpsAi.Core.Manifests;

namespace GitOpsAi.Core.Workspace;

/// <summary>
/// The object index of an <see cref="OverlaidFiles"/> map (a render root's siblings view), answered from the index of
/// the map it is laid over and a small index of the files laid over it, without copying either. Updating the
/// repository's index for each of 1,200 roots rewrote every entry of the kinds the root touched (10% of a
/// 50,000-resource check); a lookup now merges the two lists of the one key it asks for
/// (a long answer once per key and view).
/// Entries are in path order, then document order, as <see cref="ObjectIndex.Build"/> gives them.
/// </summary>
internal sealed class OverlaidObjectIndex : IObjectLookup
{
    private readonly ObjectIndex _under;
    private readonly IReadOnlySet<string> _hidden;

    // The files laid over, by (kind, name), in path order. Not an ObjectIndex: its immutable dictionaries cost more to
    // build than a root's lookups ever save (1,200 roots at 50,000 resources, issue 13).
    private readonly List<WorkspaceFile> _added;
    private readonly Dictionary<(string Kind, string Name), Entries> _addedNames;

    // Long merged answers, remembered per view. Short ones (a pod's ServiceAccount: one or two entries) are merged again
    // on each question: cheaper than a set of every hidden and added name per root and a lock per remembered answer.
    private const int LongestMergedAgain = 16;
    private readonly ConcurrentDictionary<(string Kind, string Name), ImmutableArray<(WorkspaceFile File, Manifest Manifest)>> _names = new();

    // The same by kind, made on the first kind question: at 50,000 resources the roots' views are asked only for names
    // (a pod's ServiceAccount), and filling a list per kind of every rendered object was half of what a view cost.
    private readonly Lazy<KindOverlay> _kinds;

    public OverlaidObjectIndex(ObjectIndex under, OverlaidFiles files)
    {
        _under = under;
        _hidden = files.Hidden;

        // Sized for an object per file (most rendered files hold one), not grown through every power of two per root.
        _addedNames = new(files.Added.Count);

        _added = new List<WorkspaceFile>(files.Added.Values);
        // Compared as spans: vectorized, where string.CompareOrdinal walks the long prefix rendered paths share char by
        // char (sorting each root's rendered files was 0.5 % of the 50k check's CPU). The same order.
        _added.Sort(static (a, b) => a.Path.AsSpan().SequenceCompareTo(b.Path));
        foreach (var file in _added)
        {
            var objects = file.Objects;
            for (var i = 0; i < objects.Count; i++)
            {
                var manifest = objects[i];
                if (manifest is { Kind: { } kind, Name: { } name })
                {
                    CollectionsMarshal.GetValueRefOrAddDefault(_addedNames, (kind, name), out _).Add((file, manifest));
                }
            }
        }

        _kinds = new Lazy<KindOverlay>(() => new KindOverlay(_hidden, files, _added));
    }

    /// <summary>Whether a kind question has been asked (tests prove name lookups alone never index the view by kind).</summary>
    internal bool IndexedByKind => _kinds.IsValueCreated;

    /// <summary>
    /// The entries laid over under one (kind, name): nearly always one, kept in place (a list and its array for each of a
    /// root's objects were 18 MB of the 50k check's allocations); a list only from the second.
    /// </summary>
    private struct Entries
    {
        private (WorkspaceFile File, Manifest Manifest) _first;
        private List<(WorkspaceFile File, Manifest Manifest)>? _all;

        public int Count => _all?.Count ?? (_first.File is null ? 0 : 1);

        public void Add((WorkspaceFile File, Manifest Manifest) entry)
        {
            if (_first.File is null)
            {
                _first = entry;
                return;
            }

            (_all ??= [_first]).Add(entry);
        }

        /// <summary>The entries in the order added: valid while this value is (a span of its own field for one entry).</summary>
        [System.Diagnostics.CodeAnalysis.UnscopedRef]
        public ReadOnlySpan<(WorkspaceFile File, Manifest Manifest)> AsSpan() =>
            _all is not null ? CollectionsMarshal.AsSpan(_all) : _first.File is null ? [] : new ReadOnlySpan<(WorkspaceFile File, Manifest Manifest)>(in _first);
    }

    public ImmutableArray<(WorkspaceFile File, Manifest Manifest)> OfKind(string kind)
    {
        var overlay = _kinds.Value;
        return !overlay.Touched.Contains(kind) ? _under.OfKind(kind)
            : overlay.Merged.TryGetValue(kind, out var merged) ? merged
            : overlay.Merged.GetOrAdd(kind, Merge(_under.OfKind(kind), CollectionsMarshal.AsSpan(overlay.Added.GetValueOrDefault(kind))));
    }

    /// <summary>
    /// The entries of the index laid over that are not hidden, with the added ones merged: the index's own list when
    /// neither changes it (<see cref="ObjectIndex.MergeInPathOrder"/> gives it back untouched).
    /// </summary>
    public ImmutableArray<(WorkspaceFile File, Manifest Manifest)> Named(string kind, string name)
    {
        var under = _under.NamedThroughViews(kind, name);
        var added = _addedNames.GetValueOrDefault((kind, name));
        if (under.Length + added.Count <= LongestMergedAgain)
        {
            return Merge(under, added.AsSpan());
        }

        return _names.TryGetValue((kind, name), out var merged) ? merged : _names.GetOrAdd((kind, name), Merge(under, added.AsSpan()));
    }

    public bool HasKind(string kind)
    {
        var overlay = _kinds.Value;
        return !overlay.Touched.Contains(kind) ? _under.HasKind(kind)
            : overlay.Merged.TryGetValue(kind, out var merged) ? merged.Length > 0
            : overlay.Added.ContainsKey(kind) || _under.OfKind(kind).Any(entry => !_hidden.Contains(entry.File.Path));
    }

    /// <summary>The entries laid over that are not hidden, with the added ones merged in path order.</summary>
    private ImmutableArray<(WorkspaceFile File, Manifest Manifest)> Merge(ImmutableArray<(WorkspaceFile File, Manifest Manifest)> under, ReadOnlySpan<(WorkspaceFile File, Manifest Manifest)> added) =>
        ObjectIndex.MergeInPathOrder(under, added, _hidden);

    /// <summary>The files laid over by kind, the kinds whose entries differ from the index laid over, and the merged answers.</summary>
    private sealed class KindOverlay
    {
        public KindOverlay(IReadOnlySet<string> hidden, OverlaidFiles files, List<WorkspaceFile> added)
        {
            foreach (var path in hidden)
            {
                var objects = files.Under[path].Objects;
                for (var i = 0; i < objects.Count; i++)
                {
                    Touched.Add(objects[i].Kind ?? string.Empty);
                }
            }

            // Counted first, so each kind's list is made at its size, not grown through every power of two (the lists'
            // arrays were 6 MB of the 50k check's allocations).
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var file in added)
            {
                var objects = file.Objects;
                for (var i = 0; i < objects.Count; i++)
                {
                    CollectionsMarshal.GetValueRefOrAddDefault(counts, objects[i].Kind ?? string.Empty, out _)++;
                }
            }

            foreach (var (kind, count) in counts)
            {
                Added[kind] = new List<(WorkspaceFile File, Manifest Manifest)>(count);
                Touched.Add(kind);
            }

            foreach (var file in added)
            {
                var objects = file.Objects;
                for (var i = 0; i < objects.Count; i++)
                {
                    Added[objects[i].Kind ?? string.Empty].Add((file, objects[i]));
                }
            }
        }

        public Dictionary<string, List<(WorkspaceFile File, Manifest Manifest)>> Added { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Touched { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<string, ImmutableArray<(WorkspaceFile File, Manifest Manifest)>> Merged { get; } = new(StringComparer.Ordinal);
    }
}
