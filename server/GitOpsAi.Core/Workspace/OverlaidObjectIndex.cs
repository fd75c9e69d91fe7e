using System.Collections.Concurrent;
using System.Collections.Immutable;
using GitOpsAi.Core.Manifests;

namespace GitOpsAi.Core.Workspace;

/// <summary>
/// The object index of an <see cref="OverlaidFiles"/> map (a render root's siblings view), answered from the index of
/// the map it is laid over and a small index of the files laid over it, without copying either. Updating the
/// repository's index for each of 1,200 roots rewrote every entry of the kinds the root touched (10% of a
/// 50,000-resource check); a lookup now merges the two lists of the one key it asks for, once per key and view.
/// Entries are in path order, then document order, as <see cref="ObjectIndex.Build"/> gives them.
/// </summary>
internal sealed class OverlaidObjectIndex : IObjectLookup
{
    private static readonly StringComparer Paths = StringComparer.Ordinal;

    private static readonly List<(WorkspaceFile File, Manifest Manifest)> None = [];

    private readonly ObjectIndex _under;
    private readonly HashSet<string> _hidden;

    // The files laid over, by kind and by (kind, name), in path order. Plain lists, not an ObjectIndex: its immutable
    // dictionaries cost more to build than a root's lookups ever save (1,200 roots at 50,000 resources, issue 13).
    private readonly Dictionary<string, List<(WorkspaceFile File, Manifest Manifest)>> _addedKinds = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Kind, string Name), List<(WorkspaceFile File, Manifest Manifest)>> _addedNames;

    // The keys whose entries differ from the index laid over: those of the hidden files' objects and of the added ones.
    private readonly HashSet<string> _touchedKinds = new(StringComparer.Ordinal);
    private readonly HashSet<(string Kind, string Name)> _touchedNames;
    private readonly ConcurrentDictionary<string, ImmutableArray<(WorkspaceFile File, Manifest Manifest)>> _kinds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Kind, string Name), ImmutableArray<(WorkspaceFile File, Manifest Manifest)>> _names = new();

    public OverlaidObjectIndex(ObjectIndex under, OverlaidFiles files)
    {
        _under = under;
        _hidden = new HashSet<string>(files.Hidden, Paths);

        // Sized for an object per file (most rendered files hold one), not grown through every power of two per root.
        _addedNames = new(files.Added.Count);
        _touchedNames = new(files.Added.Count + _hidden.Count);
        foreach (var path in _hidden)
        {
            Touch(files.Under[path].Objects);
        }

        var added = new List<WorkspaceFile>(files.Added.Values);
        added.Sort((a, b) => Paths.Compare(a.Path, b.Path));
        foreach (var file in added)
        {
            var objects = file.Objects;
            for (var i = 0; i < objects.Count; i++)
            {
                var manifest = objects[i];
                var kind = manifest.Kind ?? string.Empty;
                Add(_addedKinds, kind, (file, manifest));
                _touchedKinds.Add(kind);
                if (manifest.Kind is not null && manifest.Name is { } name)
                {
                    Add(_addedNames, (kind, name), (file, manifest));
                    _touchedNames.Add((kind, name));
                }
            }
        }
    }

    private static void Add<TKey>(Dictionary<TKey, List<(WorkspaceFile File, Manifest Manifest)>> index, TKey key, (WorkspaceFile, Manifest) entry)
        where TKey : notnull
    {
        if (!index.TryGetValue(key, out var list))
        {
            index[key] = list = [];
        }

        list.Add(entry);
    }

    private void Touch(IReadOnlyList<Manifest> objects)
    {
        for (var i = 0; i < objects.Count; i++)
        {
            var manifest = objects[i];
            _touchedKinds.Add(manifest.Kind ?? string.Empty);
            if (manifest.Kind is { } kind && manifest.Name is { } name)
            {
                _touchedNames.Add((kind, name));
            }
        }
    }

    public ImmutableArray<(WorkspaceFile File, Manifest Manifest)> OfKind(string kind) =>
        !_touchedKinds.Contains(kind) ? _under.OfKind(kind)
        : _kinds.TryGetValue(kind, out var merged) ? merged
        : _kinds.GetOrAdd(kind, Merge(_under.OfKind(kind), _addedKinds.GetValueOrDefault(kind) ?? None));

    public ImmutableArray<(WorkspaceFile File, Manifest Manifest)> Named(string kind, string name) =>
        !_touchedNames.Contains((kind, name)) ? _under.Named(kind, name)
        : _names.TryGetValue((kind, name), out var merged) ? merged
        : _names.GetOrAdd((kind, name), Merge(_under.Named(kind, name), _addedNames.GetValueOrDefault((kind, name)) ?? None));

    public bool HasKind(string kind) =>
        !_touchedKinds.Contains(kind) ? _under.HasKind(kind)
        : _kinds.TryGetValue(kind, out var merged) ? merged.Length > 0
        : _addedKinds.ContainsKey(kind) || _under.OfKind(kind).Any(entry => !_hidden.Contains(entry.File.Path));

    /// <summary>The entries laid over that are not hidden, with the added ones merged in path order.</summary>
    private ImmutableArray<(WorkspaceFile File, Manifest Manifest)> Merge(ImmutableArray<(WorkspaceFile File, Manifest Manifest)> under, List<(WorkspaceFile File, Manifest Manifest)> added) =>
        ObjectIndex.MergeInPathOrder(under, added, _hidden);
}
