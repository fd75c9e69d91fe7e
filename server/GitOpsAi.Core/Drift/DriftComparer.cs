using System.Text.Json.Nodes;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Drift;

/// <summary>
/// Compares one desired object with its live counterpart, field by field, leaving out the noise: server-owned
/// metadata and status, tracking labels, values the server defaults, equal values in other spellings, fields the
/// applier wrote from a rendering we do not see, and fields controllers own. Lists are matched by their merge key
/// (containers by name, container ports by containerPort, ...) as kubectl and managedFields match them.
/// </summary>
public sealed class DriftComparer
{
    private readonly DesiredObject _desired;
    private readonly LiveObject _live;
    private readonly Func<FieldPath, bool> _ignored;
    private readonly List<FieldDrift> _drifts = [];

    private DriftComparer(DesiredObject desired, LiveObject live, Func<FieldPath, bool> ignored)
    {
        _desired = desired;
        _live = live;
        _ignored = ignored;
    }

    /// <param name="ignored">Paths to leave out (configuration, Argo CD ignoreDifferences, replicas under an autoscaler).</param>
    /// <param name="liveRoot">The live object's tree when the caller has decoded it already (<see cref="LiveObject.Root"/> decodes anew).</param>
    public static IReadOnlyList<FieldDrift> Compare(DesiredObject desired, LiveObject live, Func<FieldPath, bool>? ignored = null, JsonObject? liveRoot = null)
    {
        var comparer = new DriftComparer(desired, live, ignored ?? (_ => false));
        comparer.CompareMapping(desired.Root, liveRoot ?? live.Root, FieldPath.Root, desired.Anchor);
        return comparer._drifts;
    }

    private bool IsSecret => _desired.Key.Kind == "Secret" && _desired.Key.Group.Length == 0;

    private bool Skip(FieldPath path) => DriftNoise.IsNoise(path) || _ignored(path);

    private void CompareMapping(YamlMapping desired, JsonObject live, FieldPath path, YamlNode anchor)
    {
        if (IsSecret && path.Segments.Count == 0)
        {
            CompareSecretKeys(desired, live);
        }

        foreach (var pair in desired.Pairs)
        {
            if (pair.KeyText is not { } key || (IsSecret && path.Segments.Count == 0 && key is "data" or "stringData"))
            {
                continue;
            }

            var child = path.Field(key);
            if (Skip(child))
            {
                continue;
            }

            if (!live.TryGetPropertyValue(key, out var liveValue) || liveValue is null)
            {
                if (!IsEmpty(pair.Value) && !IsSubstituted(pair.Value))
                {
                    Report(child, pair.Key, Text(pair.Value), null, DriftChange.MissingInCluster, desiredNode: pair.Value);
                }

                continue;
            }

            CompareNode(pair.Value, liveValue, child, pair.Key);
        }

        foreach (var (key, liveValue) in live)
        {
            if (desired.GetPair(key) is null && !(IsSecret && path.Segments.Count == 0 && key is "data" or "stringData"))
            {
                ReportLiveOnly(path.Field(key), liveValue, anchor);
            }
        }
    }

    private void CompareNode(YamlNode desired, JsonNode live, FieldPath path, YamlNode keyNode)
    {
        switch (desired)
        {
            case YamlScalar scalar:
                if (!scalar.IsNull && !IsSubstituted(scalar) && !ValueEquivalence.Equal(scalar, live, ValueEquivalence.IsQuantityPath(path)))
                {
                    Report(path, scalar, scalar.Value, live, DriftChange.Changed, desiredNode: scalar);
                }

                break;
            case YamlMapping mapping when live is JsonObject liveObject:
                CompareMapping(mapping, liveObject, path, keyNode);
                break;
            case YamlSequence sequence when live is JsonArray liveArray:
                CompareSequence(sequence, liveArray, path, keyNode);
                break;
            default:
                Report(path, keyNode, Text(desired), live, DriftChange.Changed, desiredNode: desired);
                break;
        }
    }

    private void CompareSequence(YamlSequence desired, JsonArray live, FieldPath path, YamlNode keyNode)
    {
        if (MergeKeys.For(path, desired) is { } mergeKey)
        {
            var liveByKey = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
            foreach (var item in live.OfType<JsonObject>())
            {
                if (item[mergeKey] is { } value)
                {
                    liveByKey.TryAdd(LiveValues.Display(value), item);
                }
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in desired.Items.OfType<YamlMapping>())
            {
                if (item[mergeKey] is not YamlScalar keyScalar || IsSubstituted(keyScalar))
                {
                    continue;
                }

                seen.Add(keyScalar.Value);
                var itemPath = path.Append(PathSegment.OfKey(mergeKey, YamlToJson.Convert(keyScalar)));
                if (liveByKey.TryGetValue(keyScalar.Value, out var liveItem))
                {
                    CompareMapping(item, liveItem, itemPath, keyScalar);
                }
                else if (!Skip(itemPath))
                {
                    Report(itemPath, keyScalar, $"{mergeKey}: {keyScalar.Value}", null, DriftChange.MissingInCluster, desiredNode: item);
                }
            }

            foreach (var (key, liveItem) in liveByKey.Where(p => !seen.Contains(p.Key)))
            {
                ReportLiveOnly(path.Append(PathSegment.OfKey(mergeKey, liveItem[mergeKey]?.DeepClone())), liveItem, keyNode);
            }

            return;
        }

        if (desired.Items.Count != live.Count)
        {
            Report(path, keyNode, Text(desired), live, DriftChange.Changed, desiredNode: desired);
            return;
        }

        for (var i = 0; i < desired.Items.Count; i++)
        {
            var item = desired.Items[i];
            CompareNode(item, live[i] ?? JsonValue.Create("null")!, path.Append(PathSegment.OfIndex(i)), item is YamlScalar ? item : keyNode);
        }
    }

    /// <summary>A Secret is compared by key names only: Git's data and stringData keys against the live data keys.</summary>
    private void CompareSecretKeys(YamlMapping desired, JsonObject live)
    {
        if (_desired.Manifest.IsSopsEncrypted)
        {
            return;
        }

        var liveKeys = (live["data"] as JsonObject)?.Select(p => p.Key).ToHashSet(StringComparer.Ordinal) ?? [];
        var desiredKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in new[] { "data", "stringData" })
        {
            foreach (var pair in desired.GetMapping(field)?.Pairs ?? [])
            {
                if (pair.KeyText is { } key && desiredKeys.Add(key) && !liveKeys.Contains(key))
                {
                    Report(FieldPath.Of("data", key), pair.Key, null, null, DriftChange.MissingInCluster);
                }
            }
        }

        var anchor = (YamlNode?)desired.GetPair("data")?.Key ?? desired.GetPair("stringData")?.Key ?? _desired.Anchor;
        foreach (var key in liveKeys.Where(k => !desiredKeys.Contains(k)))
        {
            ReportLiveOnly(FieldPath.Of("data", key), JsonValue.Create(LiveObject.Redacted), anchor);
        }
    }

    private void ReportLiveOnly(FieldPath path, JsonNode? value, YamlNode anchor)
    {
        if (Skip(path) || ServerDefaults.IsDefault(_desired.Key.Kind, path, value))
        {
            return;
        }

        if (value is JsonObject { Count: > 0 } children)
        {
            // Each field on its own: some may be noise (tracking annotations), defaults or a controller's.
            foreach (var (key, child) in children)
            {
                ReportLiveOnly(path.Field(key), child, anchor);
            }

            return;
        }

        if (_live.Managers.Count == 0)
        {
            // Without managedFields (kubectl hides them by default) only spec and data fields are told apart from the
            // labels and annotations that tools add.
            if (path.Segments.Any(s => s.Field is "labels" or "annotations" or "finalizers"))
            {
                return;
            }

            Report(path, anchor, null, value, DriftChange.OnlyInCluster);
            return;
        }

        var owner = OwnerOf(path);
        if (owner is { Kind: ManagerKind.HandEdit or ManagerKind.Unknown })
        {
            Report(path, anchor, null, value, DriftChange.OnlyInCluster, owner);
        }
    }

    private void Report(FieldPath path, YamlNode anchor, string? desired, JsonNode? live, DriftChange change, FieldManager? owner = null, YamlNode? desiredNode = null)
    {
        owner ??= OwnerOf(path);
        if (change == DriftChange.Changed && _live.Managers.Count > 0 && owner is { Kind: ManagerKind.Applier })
        {
            // The applier wrote this value. Still needed with the rendered source: the value can come from what the
            // repository does not hold (a substituteFrom ConfigMap or Secret that exists only in the cluster, a
            // HelmRelease's chart, Argo CD parameters), or Git changed and the cluster awaits reconciliation.
            return;
        }

        _drifts.Add(new FieldDrift(_desired, path, anchor, desired, live?.DeepClone(), change, owner) { DesiredNode = IsSecret ? null : desiredNode });
    }

    /// <summary>The manager that owns the live value: the latest writer other than the applier, else the applier.</summary>
    private FieldManager? OwnerOf(FieldPath path)
    {
        FieldManager? best = null;
        foreach (var manager in _live.Managers)
        {
            if (!manager.Owns(path))
            {
                continue;
            }

            var better = best is null
                || (best.Kind == ManagerKind.Applier && manager.Kind != ManagerKind.Applier)
                || (best.Kind == manager.Kind || (best.Kind != ManagerKind.Applier && manager.Kind != ManagerKind.Applier)) && (manager.Time ?? DateTimeOffset.MinValue) > (best.Time ?? DateTimeOffset.MinValue);
            if (better)
            {
                best = manager;
            }
        }

        return best;
    }

    private static bool IsEmpty(YamlNode node) => node switch
    {
        YamlScalar scalar => scalar.IsNull,
        YamlMapping mapping => mapping.Pairs.Count == 0,
        YamlSequence sequence => sequence.Items.Count == 0,
        _ => false,
    };

    /// <summary>A Flux <c>${VAR}</c> value is substituted at apply time: its text is not what the cluster holds.</summary>
    private static bool IsSubstituted(YamlNode node) => node is YamlScalar scalar && scalar.Value.Contains("${", StringComparison.Ordinal);

    private static string Text(YamlNode node) => node is YamlScalar scalar ? scalar.Value : LiveValues.Display(YamlToJson.Convert(node));
}
