namespace GitOpsAi.Core.Kustomize;

/// <summary>
/// kubectl kustomize's output order. By default ("legacy"): kinds in a fixed order (or the outermost kustomization's
/// legacySortOptions lists), then by group/version/kind, namespace (none sorts last, as kustomize's "~X") and name;
/// with <c>sortOptions.order: fifo</c>, the order the objects were added in.
/// </summary>
internal static class ResourceOrder
{
    private static readonly string[] First =
    [
        "Namespace", "ResourceQuota", "StorageClass", "CustomResourceDefinition", "ServiceAccount", "PodSecurityPolicy", "Role",
        "ClusterRole", "RoleBinding", "ClusterRoleBinding", "ConfigMap", "Secret", "Endpoints", "Service", "LimitRange",
        "PriorityClass", "PersistentVolume", "PersistentVolumeClaim", "Deployment", "StatefulSet", "CronJob", "PodDisruptionBudget",
    ];

    private static readonly string[] Last = ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"];

    public static List<RenderedObject> Sort(IEnumerable<RenderedObject> objects, SortOptions? options = null)
    {
        if (options?.Order?.Value == "fifo")
        {
            return objects.ToList();
        }

        var (first, last) = options is { OrderFirst: not null } or { OrderLast: not null }
            ? ((IReadOnlyList<string>)(options.OrderFirst ?? []), (IReadOnlyList<string>)(options.OrderLast ?? []))
            : (First, Last);
        return objects.OrderBy(o => Rank(o.Kind, first, last)).ThenBy(GvkString, StringComparer.Ordinal)
            .ThenBy(o => o.Namespace ?? "~X", StringComparer.Ordinal).ThenBy(o => o.Name, StringComparer.Ordinal).ToList();
    }

    private static int Rank(string? kind, IReadOnlyList<string> first, IReadOnlyList<string> last)
    {
        var firstIndex = kind is null ? -1 : IndexOf(first, kind);
        if (firstIndex >= 0)
        {
            return firstIndex - first.Count;
        }

        var lastIndex = kind is null ? -1 : IndexOf(last, kind);
        return lastIndex >= 0 ? lastIndex + 1 : 0;
    }

    private static int IndexOf(IReadOnlyList<string> kinds, string kind)
    {
        for (var i = 0; i < kinds.Count; i++)
        {
            if (kinds[i] == kind)
            {
                return i;
            }
        }

        return -1;
    }

    private static string GvkString(RenderedObject o)
    {
        var apiVersion = o.ApiVersion ?? string.Empty;
        var slash = apiVersion.IndexOf('/');
        var group = slash > 0 ? apiVersion[..slash] : string.Empty;
        var version = slash > 0 ? apiVersion[(slash + 1)..] : apiVersion;
        return $"{(group.Length == 0 ? "~G" : group)}_{(version.Length == 0 ? "~V" : version)}_{o.Kind ?? "~K"}";
    }
}
