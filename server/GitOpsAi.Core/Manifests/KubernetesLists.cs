using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Manifests;

/// <summary>
/// Kubernetes list objects: <c>v1 List</c>, which holds objects of any kind, and typed lists (<c>ConfigMapList</c>,
/// <c>apps/v1 DeploymentList</c>) whose items are of the kind the name implies. kubectl and kubeconform accept both.
/// </summary>
public static class KubernetesLists
{
    // The kind first: asked of every object of every file (and of every rendered object), the scan of the root's keys
    // for "items" was 1.4 % of a 50k check's CPU, nearly all of it for objects whose kind is no list.
    public static bool IsList(Manifest manifest) =>
        manifest.Kind is { } kind
        && ((kind == "List" && manifest.Group.Length == 0) || (kind.Length > "List".Length && kind.EndsWith("List", StringComparison.Ordinal)))
        && manifest.Root.GetPair("items") is not null;

    /// <summary>
    /// The objects a file gives the cluster: each list is replaced by its items (kubectl applies the items, never the
    /// list), so rules and policies see every item as an object, with spans on the item. Items that are not objects are
    /// left out here; schema validation reports them.
    /// </summary>
    public static IReadOnlyList<Manifest> Expand(IReadOnlyList<Manifest> manifests)
    {
        if (!AnyList(manifests))
        {
            return manifests;
        }

        return manifests.SelectMany(m => IsList(m) ? Items(m) : [m]).ToList();
    }

    private static bool AnyList(IReadOnlyList<Manifest> manifests)
    {
        for (var i = 0; i < manifests.Count; i++)
        {
            if (IsList(manifests[i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True for what <c>kubectl get -o yaml</c> prints for several objects: lists whose every item is a live object
    /// (the API server gave it a <c>uid</c> and a <c>resourceVersion</c>). Such a file records a cluster's state (as
    /// <c>--snapshot</c> reads it); it is not desired state, so its items are no objects of the repository. A single
    /// object exported from a cluster is not a list and stays desired state.
    /// </summary>
    public static bool IsClusterSnapshot(IReadOnlyList<Manifest> manifests)
    {
        // By index: a foreach over the interface boxed an enumerator for every file, each rendered object's included.
        var items = 0;
        for (var i = 0; i < manifests.Count; i++)
        {
            var manifest = manifests[i];
            if (!IsList(manifest))
            {
                return false;
            }

            foreach (var item in Items(manifest))
            {
                if (item.Root.GetMapping("metadata") is not { } metadata || metadata.GetString("uid") is null || metadata.GetString("resourceVersion") is null)
                {
                    return false;
                }

                items++;
            }
        }

        return items > 0;
    }

    /// <summary>The items of a list that are objects: mappings with an apiVersion or kind, or any mapping of a typed list.</summary>
    public static IEnumerable<Manifest> Items(Manifest list)
    {
        if (list.Root.GetPair("items")?.Value is not YamlSequence items)
        {
            yield break;
        }

        var itemKind = ItemKind(list);
        foreach (var mapping in items.Items.OfType<YamlMapping>())
        {
            if (itemKind is not null)
            {
                yield return new Manifest(list.Document, mapping, list.ApiVersion, itemKind);
            }
            else if (mapping.GetPair("apiVersion") is not null || mapping.GetPair("kind") is not null)
            {
                yield return new Manifest(list.Document, mapping);
            }
        }
    }

    /// <summary>The kind of a typed list's items ("ConfigMap" for ConfigMapList); null for v1 List, whose items say what they are.</summary>
    public static string? ItemKind(Manifest list) =>
        list.Kind is { } kind && kind != "List" && kind.EndsWith("List", StringComparison.Ordinal) ? kind[..^"List".Length] : null;
}
