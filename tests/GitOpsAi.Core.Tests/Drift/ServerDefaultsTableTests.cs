using System.Text.Json;
using System.Text.Json.Nodes;
using GitOpsAi.Core.Drift;
using static GitOpsAi.Core.Tests.Drift.DriftTestKit;

namespace GitOpsAi.Core.Tests.Drift;

/// <summary>
/// Every entry of the documented table of server defaults, one case each: a live object that holds the default where
/// Git leaves the field out is in sync, and (where the entry names a value) another value there is drift, so each
/// entry is shown to be what removes that noise. The objects carry no managedFields (but where said), so nothing else explains the field.
/// </summary>
public sealed class ServerDefaultsTableTests
{
    private static readonly Dictionary<string, string> ApiVersions = new(StringComparer.Ordinal)
    {
        ["Deployment"] = "apps/v1", ["StatefulSet"] = "apps/v1", ["DaemonSet"] = "apps/v1", ["ReplicaSet"] = "apps/v1",
        ["Job"] = "batch/v1", ["CronJob"] = "batch/v1", ["HorizontalPodAutoscaler"] = "autoscaling/v2", ["Ingress"] = "networking.k8s.io/v1",
    };

    private static IEnumerable<TestCaseData> Entries() => CasesOf(ServerDefaults.All);

    /// <summary>The entries that name their value (for the others any value is the server's choice: an IP, a bound volume).</summary>
    private static IEnumerable<TestCaseData> EntriesWithAValue() => CasesOf(ServerDefaults.All.Where(e => e.Value is not null));

    private static IEnumerable<TestCaseData> CasesOf(IEnumerable<ServerDefault> entries) =>
        entries.Select(entry => new TestCaseData(entry.Kinds == "*" ? "ConfigMap" : entry.Kinds.Split(',')[0], entry.Pattern, entry.Value)
            .SetArgDisplayNames($"{entry.Kinds.Split(',')[0]} {entry.Pattern} = {entry.Value ?? "(any)"}"));

    [TestCaseSource(nameof(Entries))]
    public void A_live_default_where_Git_leaves_the_field_out_is_not_drift(string kind, string pattern, string? value)
    {
        var (git, live) = Objects(kind, pattern, value is null ? SampleServerChoice(pattern) : ValueOf(value));

        Assert.That(Drifted(git, live), Is.Empty);
    }

    [TestCaseSource(nameof(EntriesWithAValue))]
    public void Another_value_there_is_drift(string kind, string pattern, string? value)
    {
        // A mapping for an entry whose default is an empty one (labels, a securityContext), else a string.
        var other = value == "{}" ? new JsonObject { ["set-by"] = "someone" } : (JsonNode)JsonValue.Create("not-the-default");
        var (git, live) = Objects(kind, pattern, other);
        if (pattern is "metadata.labels" or "metadata.annotations")
        {
            // Without managedFields a label or annotation only the cluster has is a tool's; here a person added it.
            live = WithLabelOrAnnotationBy("kubectl-label", live, pattern.Split('.')[1]);
        }

        Assert.That(Drifted(git, live), Is.Not.Empty, "without the entry's value the field is drift, so the entry is what removes it");
    }

    /// <summary>The drifted paths; the object must have been matched and compared (not missing, not skipped).</summary>
    private static List<string> Drifted(string git, string live)
    {
        var compared = Report(git, live).Objects;
        Assert.That(compared.Select(o => o.IsMissing), Is.EqualTo(new[] { false }), "the live object is the one Git has");
        return [.. compared.SelectMany(o => o.Fields).Select(f => f.Drift.Path.ToString())];
    }

    /// <summary>The object Git has (the lists and mappings on the way to the field, without it) and the live one with the field set.</summary>
    private static (string Git, string Live) Objects(string kind, string pattern, JsonNode? liveValue)
    {
        var clusterScoped = kind == "Namespace";
        var metadata = new JsonObject { ["name"] = "x" };
        if (!clusterScoped && pattern != "metadata.namespace")
        {
            metadata["namespace"] = "default";
        }

        var git = new JsonObject { ["apiVersion"] = ApiVersions.GetValueOrDefault(kind, "v1"), ["kind"] = kind, ["metadata"] = metadata };
        var live = (JsonObject)git.DeepClone();
        var segments = pattern.Split('.');
        ParentOf(git, segments); // Git has the way to the field, not the field
        var (liveParent, field) = ParentOf(live, segments);
        liveParent[field] = liveValue;
        return (git.ToJsonString(), live.ToJsonString());
    }

    /// <summary>The mapping that holds the path's last field (made on the way: mappings, and list items with their merge key), and that field.</summary>
    private static (JsonObject Parent, string Field) ParentOf(JsonObject root, string[] segments)
    {
        var current = root;
        for (var i = 0; i < segments.Length - 1; i++)
        {
            var isList = segments[i].EndsWith("[]", StringComparison.Ordinal);
            var field = isList ? segments[i][..^2] : segments[i];
            if (isList)
            {
                if (current[field] is not JsonArray items)
                {
                    current[field] = items = [ItemFor(field, string.Join('.', segments[..(i + 1)]))];
                }

                current = (JsonObject)items[0]!;
            }
            else
            {
                if (current[field] is not JsonObject next)
                {
                    current[field] = next = [];
                }

                current = next;
            }
        }

        return (current, segments[^1]);
    }

    private static string WithLabelOrAnnotationBy(string manager, string live, string field)
    {
        var root = JsonNode.Parse(live)!.AsObject();
        var owned = new JsonObject { ["f:metadata"] = new JsonObject { [$"f:{field}"] = new JsonObject { ["f:set-by"] = new JsonObject() } } };
        root["metadata"]!["managedFields"] = new JsonArray(new JsonObject
        {
            ["manager"] = manager, ["operation"] = "Update", ["time"] = DaysAgo(1), ["fieldsType"] = "FieldsV1", ["fieldsV1"] = owned,
        });
        return root.ToJsonString();
    }

    /// <summary>A list item as Git writes it: with the key the list's items are matched by.</summary>
    private static JsonObject ItemFor(string field, string path) => field switch
    {
        "ports" when path.EndsWith("ontainers[].ports[]", StringComparison.Ordinal) => new() { ["containerPort"] = 8080 },
        "ports" => new() { ["port"] = 80 },
        "volumeClaimTemplates" => new() { ["metadata"] = new JsonObject { ["name"] = "data" } },
        _ => new() { ["name"] = "x" },
    };

    /// <summary>The table's display as JSON: numbers, booleans, {} and null as such, other text as a string.</summary>
    private static JsonNode? ValueOf(string display)
    {
        try
        {
            return JsonNode.Parse(display);
        }
        catch (JsonException)
        {
            return JsonValue.Create(display);
        }
    }

    /// <summary>A value the server chose (an allocated IP, a bound volume); the namespace the object lands in.</summary>
    private static JsonNode SampleServerChoice(string pattern) =>
        pattern == "metadata.namespace" ? JsonValue.Create("default") : JsonValue.Create("chosen-by-the-server");
}
