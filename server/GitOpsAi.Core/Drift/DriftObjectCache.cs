using System.Runtime.CompilerServices;
using GitOpsAi.Core.Config;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Drift;

/// <summary>
/// The comparison of each object against one live state, kept per desired tree: an edit re-parses only the documents it
/// touches (the others keep their tree), so a keystroke recompares one object, not ten thousand. An entry is reused only
/// when everything else it depended on is the same (key and namespace, configuration, autoscaler, Argo CD entries, suppress window).
/// </summary>
internal sealed class DriftObjectCache
{
    private sealed record Entry(ObjectKey Key, RulesConfig Config, bool UnderAutoscaler, string DependsOn, LiveObject? Live, bool Covered, ObjectDrift? Result);

    private readonly ConditionalWeakTable<YamlMapping, Entry> _entries = new();

    /// <param name="live">The live object now: a cache copy keeps the instance of an object that did not change, so a
    /// new copy of the cluster recompares only the objects a watch event touched.</param>
    public bool TryGet(YamlMapping root, ObjectKey key, RulesConfig config, bool underAutoscaler, string dependsOn, LiveObject? live, bool covered, out ObjectDrift? result)
    {
        if (_entries.TryGetValue(root, out var entry) && entry.Key == key && ReferenceEquals(entry.Config, config)
            && entry.UnderAutoscaler == underAutoscaler && entry.DependsOn == dependsOn && ReferenceEquals(entry.Live, live) && entry.Covered == covered)
        {
            result = entry.Result;
            return true;
        }

        result = null;
        return false;
    }

    public void Set(YamlMapping root, ObjectKey key, RulesConfig config, bool underAutoscaler, string dependsOn, LiveObject? live, bool covered, ObjectDrift? result) =>
        _entries.AddOrUpdate(root, new Entry(key, config, underAutoscaler, dependsOn, live, covered, result));
}
