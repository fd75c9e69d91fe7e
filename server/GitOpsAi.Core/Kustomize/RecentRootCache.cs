using System.Runtime.CompilerServices;
using GitOpsAi.Core.IO;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Kustomize;

/// <summary>
/// One <see cref="RecentRootCache{TValue}"/> per file system (one per editor session or command-line run; one per
/// test), so that unrelated workspaces never evict each other's roots.
/// </summary>
internal sealed class RecentRootCaches<TValue>
    where TValue : class
{
    /// <summary>How many roots keep their values across snapshots (the roots being edited need a handful).</summary>
    public const int RootsKept = 128;

    private readonly ConditionalWeakTable<IFileSystem, RecentRootCache<TValue>> _byFileSystem = new();

    public RecentRootCache<TValue> For(WorkspaceSnapshot workspace) =>
        _byFileSystem.GetValue(workspace.FileSystem, _ => new RecentRootCache<TValue>(RootsKept));
}

/// <summary>
/// A cache of per-root values (renders, rendered findings) kept across snapshots for the roots used most recently.
/// Keeping every root's render forever made the language server grow with each edit that touched many roots (1.5 GiB
/// at 50,000 resources); a keystroke needs only the roots that read the edited file, which this keeps. Keys are held
/// strongly but at most <see cref="Capacity"/> of them, so old snapshots' files are released as roots fall out.
/// </summary>
internal sealed class RecentRootCache<TValue>(int capacity)
    where TValue : class
{
    private readonly Lock _gate = new();
    private readonly Dictionary<object, LinkedListNode<(object Key, TValue Value)>> _entries = new(ReferenceEqualityComparer.Instance);
    private readonly LinkedList<(object Key, TValue Value)> _recency = new(); // most recently used first

    public int Capacity { get; } = capacity;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    public bool TryGetValue(object key, out TValue value)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                value = node.Value.Value;
                return true;
            }
        }

        value = null!;
        return false;
    }

    public void Set(object key, TValue value)
    {
        lock (_gate)
        {
            if (_entries.Remove(key, out var existing))
            {
                _recency.Remove(existing);
            }

            _entries[key] = _recency.AddFirst((key, value));
            while (_entries.Count > Capacity && _recency.Last is { } oldest)
            {
                _recency.RemoveLast();
                _entries.Remove(oldest.Value.Key);
            }
        }
    }
}
