using System.Collections;

namespace GitOpsAi.Core.Workspace;

/// <summary>
/// A repository's file map with some paths taken out and some files laid over it, without copying it: a render root's
/// siblings view is the repository with the root's resource files replaced by its rendered objects, and copying a
/// map of thousands of files for each of hundreds of roots was a third of a 50,000-resource check.
/// </summary>
internal sealed class OverlaidFiles : IReadOnlyDictionary<string, WorkspaceFile>
{
    private readonly IReadOnlyDictionary<string, WorkspaceFile> _under;
    private readonly IReadOnlySet<string> _removed;
    private readonly IReadOnlyDictionary<string, WorkspaceFile> _added;

    public OverlaidFiles(IReadOnlyDictionary<string, WorkspaceFile> under, IReadOnlySet<string> removed, IReadOnlyDictionary<string, WorkspaceFile> added)
    {
        _under = under;
        _removed = removed;
        _added = added;

        // Counted without a set of both (a root's siblings view takes out and lays over hundreds of paths, and each of its
        // indexes asked for the hidden paths again): the removed paths the map has, and the added ones laid over one it has.
        var removedHidden = 0;
        foreach (var path in removed)
        {
            if (under.ContainsKey(path))
            {
                removedHidden++;
            }
        }

        var addedOver = 0;
        AddsOnlyNewPaths = true;
        foreach (var path in added.Keys)
        {
            // The map first: a siblings view's rendered paths are none of its, and need no second look.
            if (under.ContainsKey(path))
            {
                AddsOnlyNewPaths = false;
                addedOver += removed.Contains(path) ? 0 : 1;
            }
        }

        Count = under.Count - removedHidden - addedOver + added.Count;
        Hidden = removedHidden == removed.Count && AddsOnlyNewPaths
            ? removed // a siblings view: it removes only paths the repository has and adds only paths it has not
            : removed.Concat(added.Keys).Where(under.ContainsKey).ToHashSet(StringComparer.Ordinal);
    }

    public int Count { get; }

    /// <summary>The map laid over.</summary>
    public IReadOnlyDictionary<string, WorkspaceFile> Under => _under;

    /// <summary>The paths of <see cref="Under"/> this map does not show as they are there: taken out, or with another file laid over.</summary>
    public IReadOnlySet<string> Hidden { get; }

    /// <summary>True when no file is laid over a path of <see cref="Under"/> (then no added path is hidden, and no hidden one added).</summary>
    public bool AddsOnlyNewPaths { get; }

    /// <summary>The files laid over.</summary>
    public IReadOnlyDictionary<string, WorkspaceFile> Added => _added;

    public WorkspaceFile this[string key] => TryGetValue(key, out var file) ? file : throw new KeyNotFoundException(key);

    public IEnumerable<string> Keys => this.Select(pair => pair.Key);

    public IEnumerable<WorkspaceFile> Values => this.Select(pair => pair.Value);

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, out WorkspaceFile value)
    {
        if (_added.TryGetValue(key, out value!))
        {
            return true;
        }

        if (_removed.Contains(key))
        {
            value = null!;
            return false;
        }

        return _under.TryGetValue(key, out value!);
    }

    public IEnumerator<KeyValuePair<string, WorkspaceFile>> GetEnumerator()
    {
        foreach (var pair in _under)
        {
            if (!_removed.Contains(pair.Key) && !_added.ContainsKey(pair.Key))
            {
                yield return pair;
            }
        }

        foreach (var pair in _added)
        {
            yield return pair;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
