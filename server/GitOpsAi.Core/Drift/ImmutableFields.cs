using System.Text.Json.Nodes;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Drift;

/// <summary>A change the API server refuses: where it is in Git, and the message that says what to do.</summary>
public sealed record ImmutableChange(DesiredObject Object, YamlNode Anchor, string Field, string Message);

/// <summary>
/// Fields Kubernetes will not let an update change. Git changing one (against the live object, or against Git HEAD
/// when no cluster is at hand) means the apply is refused and Flux retries it forever; the object must be recreated
/// or given a new name.
/// </summary>
public static class ImmutableFields
{
    private sealed record Entry(string Kinds, string[] Path, bool WithLiveObject = true);

    private static readonly Entry[] Table =
    [
        new("Deployment,ReplicaSet,DaemonSet,StatefulSet", ["spec", "selector"]),
        new("StatefulSet", ["spec", "serviceName"]),
        new("StatefulSet", ["spec", "volumeClaimTemplates"]),
        new("StatefulSet", ["spec", "podManagementPolicy"]),
        // The server adds controller-uid labels to a Job's selector and template: compared with Git HEAD only.
        new("Job", ["spec", "selector"], WithLiveObject: false),
        new("Job", ["spec", "template"], WithLiveObject: false),
        new("PersistentVolumeClaim", ["spec", "storageClassName"]),
        new("PersistentVolumeClaim", ["spec", "accessModes"]),
    ];

    /// <summary>The documented table (kind: field), for docs/drift.md.</summary>
    public static IEnumerable<string> Documented =>
        Table.Select(e => $"{e.Kinds.Replace(",", ", ", StringComparison.Ordinal)}: `{string.Join('.', e.Path)}`")
            .Concat(["Service: `spec.clusterIP` once set, and `spec.type` away from ExternalName", "PersistentVolumeClaim: a smaller `spec.resources.requests.storage`", "ConfigMap, Secret with `immutable: true`: `data`, `binaryData`, `stringData`"]);

    /// <param name="previous">The object as it is now: the live object, or the same object at Git HEAD.</param>
    /// <param name="previousIsLive">True for a live object (fields the server defaults are then compared as a subset).</param>
    public static IReadOnlyList<ImmutableChange> Check(DesiredObject desired, JsonObject previous, bool previousIsLive)
    {
        var changes = new List<ImmutableChange>();
        var kind = desired.Key.Kind;
        var against = previousIsLive ? "the live object" : "Git HEAD";
        foreach (var entry in Table.Where(e => e.Kinds.Split(',').Contains(kind, StringComparer.Ordinal) && (e.WithLiveObject || !previousIsLive)))
        {
            if (desired.Root.At(entry.Path) is { } node && At(previous, entry.Path) is { } before
                && !Same(YamlToJson.Convert(node), before, subset: previousIsLive))
            {
                changes.Add(Change(desired, node, entry.Path, against));
            }
        }

        if (kind == "Service")
        {
            CheckService(desired, previous, against, changes);
        }
        else if (kind == "PersistentVolumeClaim" && desired.Root.At("spec", "resources", "requests", "storage") is YamlScalar size
                 && LiveValues.AsString(At(previous, ["spec", "resources", "requests", "storage"])) is { } before
                 && Quantity.TryParse(size.Value, out var now) && Quantity.TryParse(before, out var was) && now < was)
        {
            changes.Add(new ImmutableChange(desired, size, "spec.resources.requests.storage",
                $"A PersistentVolumeClaim cannot shrink: {against} requests {before}, Git {size.Value}. The apply will be refused and Flux will retry it forever; keep {before} or move the data to a new claim with a new name."));
        }
        else if (kind is "ConfigMap" or "Secret" && previous["immutable"] is JsonValue flag && flag.ToJsonString() == "true")
        {
            CheckImmutableData(desired, previous, against, changes);
        }

        return changes;
    }

    private static void CheckService(DesiredObject desired, JsonObject previous, string against, List<ImmutableChange> changes)
    {
        var wasType = LiveValues.AsString(At(previous, ["spec", "type"])) ?? "ClusterIP";
        if (desired.Root.At("spec", "clusterIP") is YamlScalar ip && LiveValues.AsString(At(previous, ["spec", "clusterIP"])) is { Length: > 0 } wasIp
            && wasType != "ExternalName" && ip.Value != wasIp && !(ip.Value.Length == 0))
        {
            changes.Add(Change(desired, ip, ["spec", "clusterIP"], against));
        }

        if (wasType == "ExternalName" && desired.Root.At("spec", "type") is YamlScalar type && type.Value != "ExternalName")
        {
            changes.Add(new ImmutableChange(desired, type, "spec.type",
                $"Changing a Service from ExternalName to {type.Value} makes the server allocate a cluster IP the object never had; if the apply is refused, Flux will retry it forever. Delete the Service and let Flux recreate it, or give it a new name."));
        }
    }

    private static void CheckImmutableData(DesiredObject desired, JsonObject previous, string against, List<ImmutableChange> changes)
    {
        var isSecret = desired.Key.Kind == "Secret";
        foreach (var field in new[] { "data", "binaryData", "stringData" })
        {
            if (desired.Root.GetMapping(field) is not { } values)
            {
                continue;
            }

            var before = previous[field == "stringData" ? "data" : field] as JsonObject;
            foreach (var pair in values.Pairs)
            {
                var key = pair.KeyText ?? string.Empty;
                var had = before?[key];
                // A Secret is compared by key names only, never by value (not even Git's own against HEAD).
                var differs = had is null || (!isSecret && !Same(YamlToJson.Convert(pair.Value), had, subset: false));
                if (differs)
                {
                    // Key names only: a Secret's values are never shown.
                    changes.Add(new ImmutableChange(desired, pair.Key, $"{field}.{key}",
                        $"{desired.Key.Kind} {desired.Key.Name} is immutable (immutable: true) and Git changes its key '{key}' compared with {against}. The apply will be refused and Flux will retry it forever; create it under a new name (a generator's hash suffix does this) and point its users at the new name."));
                }
            }
        }
    }

    private static ImmutableChange Change(DesiredObject desired, YamlNode node, string[] path, string against)
    {
        var field = string.Join('.', path);
        var fix = desired.Key.Kind is "PersistentVolumeClaim" or "StatefulSet"
            ? "recreate it (with its data migrated) or give it a new name"
            : "delete and recreate the object (kubectl delete, then let Flux apply it) or give it a new name";
        return new ImmutableChange(desired, node, field,
            $"{field} of a {desired.Key.Kind} is immutable and differs from {against}. The apply will be refused and Flux will retry it forever; {fix}.");
    }

    private static JsonNode? At(JsonObject root, string[] path)
    {
        JsonNode? current = root;
        foreach (var field in path)
        {
            current = (current as JsonObject)?[field];
        }

        return current;
    }

    /// <summary>Deep equality; with <paramref name="subset"/>, fields the previous object has beyond Git's are allowed (server defaults).</summary>
    private static bool Same(JsonNode? desired, JsonNode? previous, bool subset)
    {
        switch (desired)
        {
            case null:
                return previous is null;
            case JsonObject d when previous is JsonObject p:
                return d.All(pair => Same(pair.Value, p[pair.Key], subset) || (pair.Value is null && !p.ContainsKey(pair.Key)))
                       && (subset || p.All(pair => d.ContainsKey(pair.Key)));
            case JsonArray d when previous is JsonArray p:
                return d.Count == p.Count && d.Select((item, i) => Same(item, p[i], subset)).All(x => x);
            case JsonValue when previous is JsonValue:
                return LiveValues.Display(desired) == LiveValues.Display(previous);
            default:
                return false;
        }
    }
}
