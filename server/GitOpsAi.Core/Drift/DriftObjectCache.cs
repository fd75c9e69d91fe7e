using System.Runtime.CompilerServices;
using GitOpsAi.Core.Config;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Drift;

/// <summary>
/// The comparison of each object against one live state, kept per desired tree: an edit re-parses only the documents it
/// touches (the others keep their tree, or a copy moved to a new offset), so a keystroke recompares one object, not ten
/// thousand. An entry is reused only when everything else it depended on is the same (key and namespace,
/// configuration, autoscaler, Argo CD entries, suppress window); for a moved copy its anchors are moved with the tree.
/// </summary>
internal sealed class DriftObjectCache
{
    private sealed record Entry(YamlMapping Root, ObjectKey Key, RulesConfig Config, bool UnderAutoscaler, string DependsOn, LiveObject? Live, bool Covered, ObjectDrift? Result);

    // Keyed by the tree's identity (MovedTrees), so an edit above a document that shifts it does not compare it again.
    private readonly ConditionalWeakTable<object, Entry> _entries = new();

    /// <param name="live">The live object now: a cache copy keeps the instance of an object that did not change, so a
    /// new copy of the cluster recompares only the objects a watch event touched.</param>
    public bool TryGet(DesiredObject desired, ObjectKey key, RulesConfig config, bool underAutoscaler, string dependsOn, LiveObject? live, bool covered, out ObjectDrift? result)
    {
        var identity = MovedTrees.IdentityOf(desired.Root);
        result = null;
        if (!_entries.TryGetValue(identity, out var entry) || entry.Key != key || !ReferenceEquals(entry.Config, config)
            || entry.UnderAutoscaler != underAutoscaler || entry.DependsOn != dependsOn || !ReferenceEquals(entry.Live, live) || entry.Covered != covered)
        {
            return false;
        }

        if (ReferenceEquals(entry.Root, desired.Root))
        {
            result = entry.Result;
            return true;
        }

        var moved = entry.Result is null ? null : Moved(entry.Result, entry.Root, desired);
        if (entry.Result is not null && moved is null)
        {
            return false;
        }

        result = moved;
        _entries.AddOrUpdate(identity, entry with { Root = desired.Root, Result = moved }); // the old tree is no longer held
        return true;
    }

    public void Set(DesiredObject desired, ObjectKey key, RulesConfig config, bool underAutoscaler, string dependsOn, LiveObject? live, bool covered, ObjectDrift? result) =>
        _entries.AddOrUpdate(MovedTrees.IdentityOf(desired.Root), new Entry(desired.Root, key, config, underAutoscaler, dependsOn, live, covered, result));

    /// <summary>A result computed for <paramref name="from"/> on its moved copy: the same findings at the copy's nodes, or null if a node has none.</summary>
    private static ObjectDrift? Moved(ObjectDrift result, YamlMapping from, DesiredObject desired)
    {
        var fields = new List<ScoredDrift>(result.Fields.Count);
        foreach (var scored in result.Fields)
        {
            if (MovedTrees.Corresponding(from, desired.Root, scored.Drift.Anchor) is not { } anchor)
            {
                return null;
            }

            // The desired value's node too (a restoring patch is built from it); it may be absent (a field only the cluster has).
            var desiredNode = scored.Drift.DesiredNode is { } node ? MovedTrees.Corresponding(from, desired.Root, node) : null;
            if (scored.Drift.DesiredNode is not null && desiredNode is null)
            {
                return null;
            }

            fields.Add(scored with { Drift = scored.Drift with { Object = desired, Anchor = anchor, DesiredNode = desiredNode } });
        }

        var immutable = new List<ImmutableChange>(result.ImmutableChanges.Count);
        foreach (var change in result.ImmutableChanges)
        {
            if (MovedTrees.Corresponding(from, desired.Root, change.Anchor) is not { } anchor)
            {
                return null;
            }

            immutable.Add(change with { Object = desired, Anchor = anchor });
        }

        return result with { Object = desired, Fields = fields, ImmutableChanges = immutable };
    }
}
