namespace GitOpsAi.Core.Kustomize;

/// <summary>kubectl kustomize's default ("legacy") output order: kinds in a fixed order, then by group/version/kind, namespace (none sorts last, as kustomize's "~X") and name.</summary>
internal static class ResourceOrder
{
    private static readonly string[] First =
    [
        "Namespace", "ResourceQuota", "StorageClass", "CustomResourceDefinition", "ServiceAccount", "PodSecurityPolicy", "Role",
        "ClusterRole", "RoleBinding", "ClusterRoleBinding", "ConfigMap", "Secret", "Endpoints", "Service", "LimitRange",
        "PriorityClass", "PersistentVolume", "PersistentVolumeClaim", "Deployment", "StatefulSet", "CronJob", "PodDisruptionBudget",
    ];

    private static readonly string[] Last = ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"];

    public static List<RenderedObject> Sort(IEnumerable<RenderedObject> objects) =>
        objects.OrderBy(o => Rank(o.Kind)).ThenBy(GvkString, StringComparer.Ordinal)
            .ThenBy(o => o.Namespace ?? "~X", StringComparer.Ordinal).ThenBy(o => o.Name, StringComparer.Ordinal).ToList();

    private static int Rank(string? kind)
    {
        var first = Array.IndexOf(First, kind);
        if (first >= 0)
        {
            return first - First.Length;
        }

        var last = Array.IndexOf(Last, kind);
        return last >= 0 ? last + 1 : 0;
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
