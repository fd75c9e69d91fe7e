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

    private readonly ObjectIndex _under;
    private readonly ObjectIndex _added;
    private readonly HashSet<string> _hidden;

    // The keys whose entries differ from the index laid over: those of the hidden files' objects and of the added ones.
    private readonly HashSet<string> _touchedKinds = new(StringComparer.Ordinal);
    private readonly HashSet<(string Kind, string Name)> _touchedNames = [];
    private readonly ConcurrentDictionary<string, ImmutableArray<(WorkspaceFile File, Manifest Manifest)>> _kinds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Kind, string Name), ImmutableArray<(WorkspaceFile File, Manifest Manifest)>> _names = new();

    public OverlaidObjectIndex(ObjectIndex under, OverlaidFiles files)
    {
        _under = under;
        _added = ObjectIndex.Of(files.Added.Values);
        _hidden = new HashSet<string>(files.Hidden, Paths);
        foreach (var path in _hidden)
        {
            Touch(files.Under[path].Objects);
        }

        foreach (var file in files.Added.Values)
        {
            Touch(file.Objects);
        }
    }

    private void Touch(IEnumerable<Manifest> objects)
    {
        foreach (var manifest in objects)
        {
            _touchedKinds.Add(manifest.Kind ?? string.Empty);
            if (manifest.Kind is { } kind && manifest.Name is { } name)
            {
                _touchedNames.Add((kind, name));
            }
        }
    }

    public ImmutableArray<(WorkspaceFile File, Manifest Manifest)> OfKind(string kind) =>
        !_touchedKinds.Contains(kind) ? _under.OfKind(kind) : _kinds.GetOrAdd(kind, k => Merge(_under.OfKind(k), _added.OfKind(k)));

    public ImmutableArray<(WorkspaceFile File, Manifest Manifest)> Named(string kind, string name) =>
        !_touchedNames.Contains((kind, name)) ? _under.Named(kind, name) : _names.GetOrAdd((kind, name), k => Merge(_under.Named(k.Kind, k.Name), _added.Named(k.Kind, k.Name)));

    public bool HasKind(string kind) =>
        !_touchedKinds.Contains(kind) ? _under.HasKind(kind)
        : _kinds.TryGetValue(kind, out var merged) ? merged.Length > 0
        : _added.HasKind(kind) || _under.OfKind(kind).Any(entry => !_hidden.Contains(entry.File.Path));

    /// <summary>The entries laid over that are not hidden, with the added ones merged in path order.</summary>
    private ImmutableArray<(WorkspaceFile File, Manifest Manifest)> Merge(ImmutableArray<(WorkspaceFile File, Manifest Manifest)> under, ImmutableArray<(WorkspaceFile File, Manifest Manifest)> added) =>
        ObjectIndex.MergeInPathOrder(under, added, _hidden);
}
