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
        // Each object's keys are read once into an array and sorted with its position as the last key (as stable as
        // OrderBy): the LINQ chain kept four key arrays and a map per build, and made a group/version/kind string per
        // object, the same few strings again and again (issue 13). The kind's rank and the group/version/kind string
        // are one number, their place among the root's few kinds: comparing two strings per comparison, and moving a
        // key of six fields, was most of the sort (10% of rendering the roots of a 50,000-resource monorepo, issue 13).
        var list = objects as IReadOnlyList<RenderedObject> ?? objects.ToList();
        var keys = new SortKey[list.Count];
        var kinds = new Dictionary<(string? ApiVersion, string? Kind), int>();
        var kindKeys = new List<(int Rank, string Gvk)>();
        for (var i = 0; i < keys.Length; i++)
        {
            var o = list[i];
            var root = o.Root;
            var (apiVersion, kind) = (root.String("apiVersion"), root.String("kind"));
            if (!kinds.TryGetValue((apiVersion, kind), out var kindIndex))
            {
                kinds[(apiVersion, kind)] = kindIndex = kindKeys.Count;
                kindKeys.Add((Rank(kind, first, last), GvkString(apiVersion, kind)));
            }

            var metadata = root.Map("metadata");
            keys[i] = new SortKey(kindIndex, metadata?.String("namespace") ?? "~X", metadata?.String("name") ?? string.Empty, i, o);
        }

        var kindOrder = KindOrder(kindKeys);
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = keys[i] with { Kind = kindOrder[keys[i].Kind] };
        }

        Array.Sort(keys);
        var sorted = new List<RenderedObject>(keys.Length);
        foreach (var key in keys)
        {
            sorted.Add(key.Object);
        }

        return sorted;
    }

    /// <summary>For each kind (by its index), its place in the order of rank then group/version/kind; equal keys share a place.</summary>
    private static int[] KindOrder(List<(int Rank, string Gvk)> kindKeys)
    {
        var byKey = new int[kindKeys.Count];
        for (var i = 0; i < byKey.Length; i++)
        {
            byKey[i] = i;
        }

        Array.Sort(byKey, (a, b) => kindKeys[a].Rank != kindKeys[b].Rank ? kindKeys[a].Rank.CompareTo(kindKeys[b].Rank) : string.CompareOrdinal(kindKeys[a].Gvk, kindKeys[b].Gvk));
        var order = new int[byKey.Length];
        for (var i = 0; i < byKey.Length; i++)
        {
            var same = i > 0 && kindKeys[byKey[i]] == kindKeys[byKey[i - 1]];
            order[byKey[i]] = same ? order[byKey[i - 1]] : i;
        }

        return order;
    }

    /// <summary>Compared as <see cref="IComparable{T}"/>: the sort calls it directly (through a delegate it was a call per comparison).</summary>
    private readonly record struct SortKey(int Kind, string Namespace, string Name, int Position, RenderedObject Object) : IComparable<SortKey>
    {
        public int CompareTo(SortKey other)
        {
            if (Kind != other.Kind)
            {
                return Kind < other.Kind ? -1 : 1;
            }

            var byNamespace = string.CompareOrdinal(Namespace, other.Namespace);
            if (byNamespace != 0)
            {
                return byNamespace;
            }

            var byName = string.CompareOrdinal(Name, other.Name);
            return byName != 0 ? byName : Position.CompareTo(other.Position);
        }
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

    private static string GvkString(string? objectApiVersion, string? kind)
    {
        var apiVersion = objectApiVersion ?? string.Empty;
        var slash = apiVersion.IndexOf('/');
        var group = slash > 0 ? apiVersion[..slash] : string.Empty;
        var version = slash > 0 ? apiVersion[(slash + 1)..] : apiVersion;
        return $"{(group.Length == 0 ? "~G" : group)}_{(version.Length == 0 ? "~V" : version)}_{kind ?? "~K"}";
    }
}
