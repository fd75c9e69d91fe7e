namespace GitOpsAi.Core.Workspace;

/// <summary>
/// Where a snapshot came from: the snapshot it was derived from and the files whose content differs between the two.
/// Indexes that are expensive to build for a large repository (objects by name, rendered objects, policy sets) ask it
/// to update the previous snapshot's index for the changed files instead of rebuilding from every file. The previous
/// snapshot is held strongly until a snapshot is derived from this one, then weakly: the newest snapshot can always
/// update its predecessor's indexes (held weakly, a keystroke that allocated enough for a collection found it gone and
/// rebuilt every index of a 50,000-object repository), and a chain of edits never keeps more than one old snapshot alive.
/// </summary>
public sealed class SnapshotLineage
{
    private readonly WeakReference<WorkspaceSnapshot> _previous;
    private WorkspaceSnapshot? _held;

    /// <param name="derivedView">
    /// A view derived for one purpose (a render root's siblings), not the next snapshot of the repository: the previous
    /// snapshot keeps its own predecessor.
    /// </param>
    internal SnapshotLineage(WorkspaceSnapshot previous, IReadOnlySet<string> changedPaths, bool derivedView = false)
    {
        _previous = new WeakReference<WorkspaceSnapshot>(previous);
        _held = previous;
        PreviousId = previous.Id;
        ChangedPaths = changedPaths;

        // The predecessor is now one step back: it keeps its own predecessor only weakly.
        if (!derivedView)
        {
            previous.Lineage?.Release();
        }
    }

    /// <summary>Holds the previous snapshot weakly from now on (a newer snapshot was derived from this one).</summary>
    private void Release() => _held = null;

    /// <summary>The <see cref="WorkspaceSnapshot.Id"/> of the previous snapshot, known even after it is gone.</summary>
    public long PreviousId { get; }

    /// <summary>Paths added, replaced or removed relative to the previous snapshot (same options, same disk facts).</summary>
    public IReadOnlySet<string> ChangedPaths { get; }

    /// <summary>The snapshot this one was derived from, while something else still holds it.</summary>
    public bool TryGetPrevious(out WorkspaceSnapshot previous) => _previous.TryGetTarget(out previous!);

    /// <summary>
    /// The previous snapshot, when no changed file, before or after the change, is one that <paramref name="canAffect"/>
    /// says an index depends on: that index can then be carried over as it is (a leaf Deployment edit keeps the policy
    /// sets of a repository).
    /// </summary>
    internal bool TryGetUnaffectedPrevious(WorkspaceSnapshot current, Func<WorkspaceFile, bool> canAffect, out WorkspaceSnapshot previous)
    {
        if (!TryGetPrevious(out previous))
        {
            return false;
        }

        foreach (var path in ChangedPaths)
        {
            if (previous.Files.GetValueOrDefault(path) is { } before && canAffect(before))
            {
                return false;
            }

            if (current.Files.GetValueOrDefault(path) is { } after && canAffect(after))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The value <paramref name="cache"/> holds for the previous snapshot, when no changed file can affect it.</summary>
    internal static T? Carried<T>(WorkspaceSnapshot current, System.Runtime.CompilerServices.ConditionalWeakTable<WorkspaceSnapshot, T> cache, Func<WorkspaceFile, bool> canAffect, bool needsSameStructure)
        where T : class =>
        current.Lineage is { } lineage && lineage.TryGetUnaffectedPrevious(current, canAffect, out var previous)
        && (!needsSameStructure || current.SharesStructureWith(previous)) && cache.TryGetValue(previous, out var value)
            ? value
            : null;

    /// <summary>The value <paramref name="cache"/> holds for the snapshot <paramref name="current"/> was derived from, whatever changed.</summary>
    internal static T? PreviousValue<T>(WorkspaceSnapshot current, System.Runtime.CompilerServices.ConditionalWeakTable<WorkspaceSnapshot, T> cache)
        where T : class =>
        current.Lineage is { } lineage && lineage.TryGetPrevious(out var previous) && cache.TryGetValue(previous, out var value) ? value : null;

    /// <summary>True when the file holds an object of one of the kinds.</summary>
    internal static bool Holds(WorkspaceFile file, IReadOnlySet<string> kinds) => file.Manifests.Any(m => m.Kind is { } kind && kinds.Contains(kind));
}
