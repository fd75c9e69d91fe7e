using System.Collections.Concurrent;
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
    private readonly ConditionalWeakTable<WorkspaceSnapshot, ConcurrentDictionary<TKey, Lazy<TValue>>> _bySnapshot = new();

    public TValue Get(WorkspaceSnapshot workspace, WorkspaceFile file, TKey key, Func<TValue> compute)
    {
        if (!ReferenceEquals(workspace.GetFile(file.Path), file))
        {
            return compute();
        }

        var answers = _bySnapshot.GetValue(workspace, _ => new ConcurrentDictionary<TKey, Lazy<TValue>>(comparer));
        return answers.GetOrAdd(key, _ => new Lazy<TValue>(compute)).Value;
    }
}
