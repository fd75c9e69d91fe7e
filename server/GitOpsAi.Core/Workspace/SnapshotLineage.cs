namespace GitOpsAi.Core.Workspace;

/// <summary>
/// Where a snapshot came from: the snapshot it was derived from and the files whose content differs between the two.
/// Indexes that are expensive to build for a large repository (objects by name, rendered objects, policy sets) ask it
/// to update the previous snapshot's index for the changed files instead of rebuilding from every file. The previous
/// snapshot is held weakly, so a chain of edits never keeps old snapshots alive; when it is gone, indexes rebuild.
/// </summary>
public sealed class SnapshotLineage
{
    private readonly WeakReference<WorkspaceSnapshot> _previous;

    internal SnapshotLineage(WorkspaceSnapshot previous, IReadOnlySet<string> changedPaths)
    {
        _previous = new WeakReference<WorkspaceSnapshot>(previous);
        PreviousId = previous.Id;
        ChangedPaths = changedPaths;
    }

    /// <summary>The <see cref="WorkspaceSnapshot.Id"/> of the previous snapshot, known even after it is gone.</summary>
    public long PreviousId { get; }

    /// <summary>Paths added, replaced or removed relative to the previous snapshot (same options, same disk facts).</summary>
    public IReadOnlySet<string> ChangedPaths { get; }

    /// <summary>The snapshot this one was derived from, while something else still holds it.</summary>
    public bool TryGetPrevious(out WorkspaceSnapshot previous) => _previous.TryGetTarget(out previous!);
}
