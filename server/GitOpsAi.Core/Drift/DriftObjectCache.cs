using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using GitOpsAi.Core.Config;
using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Drift;

/// <summary>
/// The comparison of each object against one live state, kept per desired tree: an edit re-parses only the documents it
/// touches (the others keep their tree, or a copy moved to a new offset), so a keystroke recompares one object, not ten
/// thousand. An entry is reused only when everything else it depended on is the same (key and namespace,
/// configuration, autoscaler, Argo CD entries, suppress window); for a moved copy its anchors are moved with the tree.
/// </summary>
/// <remarks>
/// An entry keeps its comparison without the <see cref="DesiredObject"/> it was made for and binds each reuse to the
/// caller's: that object names its <see cref="Workspace.WorkspaceFile"/>, the whole parse of one version of the file,
/// and the entry of a document edited since (its old tree's identity) kept the version it last saw, whose other trees
/// kept theirs: typing in a 10k-line file with drift on kept every version alive (+1 MiB a keystroke, 350 MiB peak).
/// An entry now holds only its own tree and what the cluster returned.
/// </remarks>
internal sealed class DriftObjectCache
{
    private sealed class Entry(ObjectKey key, RulesConfig config, bool underAutoscaler, string dependsOn, LiveObject? live, bool covered)
    {
        public ObjectKey Key { get; } = key;

        public RulesConfig Config { get; } = config;

        public bool UnderAutoscaler { get; } = underAutoscaler;

        public string DependsOn { get; } = dependsOn;

        public LiveObject? Live { get; } = live;

        public bool Covered { get; } = covered;

        /// <summary>The tree last compared and its comparison, replaced together when a moved copy takes over (no new entry:
        /// a table update per moved document per keystroke was a fifth of the drift lane).</summary>
        public volatile Compared? Last;
    }

    /// <summary>The tree an entry's comparison has its nodes in, and the comparison (null: nothing to report).</summary>
    private sealed record Compared(YamlMapping Root, Comparison? Result);

    /// <summary>An <see cref="ObjectDrift"/> without its desired object (nodes of <see cref="Compared.Root"/> only).</summary>
    private sealed record Comparison(LiveObject? Live, IReadOnlyList<ComparedField> Fields, IReadOnlyList<ComparedChange> ImmutableChanges);

    private sealed record ComparedField(FieldPath Path, YamlNode Anchor, string? Desired, JsonNode? Live, DriftChange Change, FieldManager? Owner, YamlNode? DesiredNode, DriftScore Score, DiagnosticSeverity Severity, int MaxDriftScore);

    private sealed record ComparedChange(YamlNode Anchor, string Field, string Message);

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

        if (entry.Last is not { } last)
        {
            return false;
        }

        if (last.Result is null)
        {
            return true;
        }

        if (ReferenceEquals(last.Root, desired.Root))
        {
            result = Bind(last.Result, desired, node => node);
            return true;
        }

        // A moved copy: the same findings at the copy's nodes, or compared again if a node has none.
        result = Bind(last.Result, desired, node => MovedTrees.Corresponding(last.Root, desired.Root, node));
        if (result is null)
        {
            return false;
        }

        entry.Last = new Compared(desired.Root, Detach(result)); // the old tree is no longer held
        return true;
    }

    public void Set(DesiredObject desired, ObjectKey key, RulesConfig config, bool underAutoscaler, string dependsOn, LiveObject? live, bool covered, ObjectDrift? result) =>
        _entries.AddOrUpdate(MovedTrees.IdentityOf(desired.Root), new Entry(key, config, underAutoscaler, dependsOn, live, covered)
        {
            Last = new Compared(desired.Root, result is null ? null : Detach(result)),
        });

    private static Comparison Detach(ObjectDrift result) => new(
        result.Live,
        [.. result.Fields.Select(f => new ComparedField(f.Drift.Path, f.Drift.Anchor, f.Drift.Desired, f.Drift.Live, f.Drift.Change, f.Drift.Owner, f.Drift.DesiredNode, f.Score, f.Severity, f.MaxDriftScore))],
        [.. result.ImmutableChanges.Select(c => new ComparedChange(c.Anchor, c.Field, c.Message))]);

    /// <summary>The comparison for <paramref name="desired"/>, each node through <paramref name="nodeOf"/>; null if a node has no counterpart.</summary>
    private static ObjectDrift? Bind(Comparison comparison, DesiredObject desired, Func<YamlNode, YamlNode?> nodeOf)
    {
        var fields = new List<ScoredDrift>(comparison.Fields.Count);
        foreach (var field in comparison.Fields)
        {
            // The desired value's node too (a restoring patch is built from it); it may be absent (a field only the cluster has).
            var desiredNode = field.DesiredNode is { } node ? nodeOf(node) : null;
            if (nodeOf(field.Anchor) is not { } anchor || (field.DesiredNode is not null && desiredNode is null))
            {
                return null;
            }

            var drift = new FieldDrift(desired, field.Path, anchor, field.Desired, field.Live, field.Change, field.Owner) { DesiredNode = desiredNode };
            fields.Add(new ScoredDrift(drift, field.Score, field.Severity, field.MaxDriftScore));
        }

        var immutable = new List<ImmutableChange>(comparison.ImmutableChanges.Count);
        foreach (var change in comparison.ImmutableChanges)
        {
            if (nodeOf(change.Anchor) is not { } anchor)
            {
                return null;
            }

            immutable.Add(new ImmutableChange(desired, anchor, change.Field, change.Message));
        }

        return new ObjectDrift(desired, comparison.Live, fields, immutable);
    }
}
