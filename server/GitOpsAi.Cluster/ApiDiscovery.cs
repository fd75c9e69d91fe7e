using System.Text.Json.Nodes;
using GitOpsAi.Core.Drift;

namespace GitOpsAi.Cluster;

/// <summary>A listable, watchable resource the cluster serves (one per kind, at its preferred version).</summary>
public sealed record ApiResource(string Group, string Version, string Kind, string Plural, bool Namespaced)
{
    public string GroupVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The REST path of the list: /api/v1/configmaps, /apis/apps/v1/namespaces/shop/deployments.</summary>
    public string ListPath(string? @namespace) =>
        (Group.Length == 0 ? "/api/v1" : $"/apis/{Group}/{Version}") + (@namespace is null ? string.Empty : $"/namespaces/{Uri.EscapeDataString(@namespace)}") + "/" + Plural;
}

/// <summary>Finds the resources a cluster serves through /api and /apis (its CRDs included), as kubectl does.</summary>
public static class ApiDiscovery
{
    public static async Task<IReadOnlyList<ApiResource>> DiscoverAsync(ClusterConnection connection, CancellationToken cancellationToken)
    {
        var resources = new List<ApiResource>();
        var core = await connection.GetAsync("/api", cancellationToken).ConfigureAwait(false);
        if ((core["versions"] as JsonArray)?.Any(v => LiveValues.AsString(v) == "v1") == true)
        {
            resources.AddRange(Read(await connection.GetAsync("/api/v1", cancellationToken).ConfigureAwait(false), string.Empty, "v1"));
        }

        var groups = await connection.GetAsync("/apis", cancellationToken).ConfigureAwait(false);
        foreach (var group in (groups["groups"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var name = LiveValues.AsString(group["name"]);
            var preferred = LiveValues.AsString((group["preferredVersion"] as JsonObject)?["version"]);
            if (name is null || preferred is null)
            {
                continue;
            }

            try
            {
                resources.AddRange(Read(await connection.GetAsync($"/apis/{name}/{preferred}", cancellationToken).ConfigureAwait(false), name, preferred));
            }
            catch (ClusterRequestException exception) when (exception.Fault is ClusterFault.ServerError or ClusterFault.NotFound or ClusterFault.Forbidden)
            {
                // An aggregated API that is down (metrics-server) must not hide the others.
            }
        }

        return resources;
    }

    private static IEnumerable<ApiResource> Read(JsonObject list, string group, string version)
    {
        foreach (var resource in (list["resources"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var plural = LiveValues.AsString(resource["name"]);
            var kind = LiveValues.AsString(resource["kind"]);
            var verbs = (resource["verbs"] as JsonArray ?? []).Select(LiveValues.AsString).ToHashSet();
            if (plural is null || kind is null || plural.Contains('/') || !verbs.Contains("list") || !verbs.Contains("watch"))
            {
                continue;
            }

            yield return new ApiResource(group, version, kind, plural, resource["namespaced"] is JsonValue namespaced && namespaced.ToJsonString() == "true");
        }
    }
}
