using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Kyverno;

/// <summary>
/// An answer computed once per snapshot for the snapshot's own objects: an object's own pass and every policy file's
/// error notes ask the same questions. Objects of a file the snapshot does not hold (a rendered object, checked once)
/// are answered without remembering them.
/// </summary>
internal sealed class SnapshotMemo<TKey, TValue>(IEqualityComparer<TKey>? comparer = null)
    where TKey : notnull
{
    private const int ConcurrencyLevel = 64;
    private const int InitialCapacity = 1024;

    private readonly ConditionalWeakTable<WorkspaceSnapshot, ConcurrentDictionary<TKey, Lazy<TValue>>> _bySnapshot = new();

    public TValue Get(WorkspaceSnapshot workspace, WorkspaceFile file, TKey key, Func<TValue> compute)
    {
        if (!SnapshotMemo.Holds(workspace, file))
        {
            return compute();
        }

        return GetHeld(workspace, key, compute);
    }

    /// <summary><see cref="Get"/> for an object of a file the caller knows the snapshot holds.</summary>
    public TValue GetHeld(WorkspaceSnapshot workspace, TKey key, Func<TValue> compute)
    {
        // Many locks and room to start with: both cores add answers at once, and with one lock per core, plus every
        // resize taking all of them, the threads queued on each other.
        var answers = _bySnapshot.GetValue(workspace, _ => new ConcurrentDictionary<TKey, Lazy<TValue>>(ConcurrencyLevel, InitialCapacity, comparer));
        return answers.GetOrAdd(key, static (_, make) => new Lazy<TValue>(make), compute).Value;
    }

    /// <summary>The answer for the key in the snapshot this one was derived from, when that one worked it out.</summary>
    public bool TryGetEarlier(WorkspaceSnapshot workspace, TKey key, [MaybeNullWhen(false)] out TValue value)
    {
        if (workspace.Lineage is { } lineage && lineage.TryGetPrevious(out var previous) && _bySnapshot.TryGetValue(previous, out var answers)
            && answers.TryGetValue(key, out var answer) && answer.IsValueCreated)
        {
            value = answer.Value;
            return true;
        }

        value = default;
        return false;
    }
}

internal static class SnapshotMemo
{
    /// <summary>Whether the file is the snapshot's own (its answers are remembered), not a rendered object written out.</summary>
    public static bool Holds(WorkspaceSnapshot workspace, WorkspaceFile file) => ReferenceEquals(workspace.GetFile(file.Path), file);
}
