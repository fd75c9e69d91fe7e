namespace GitOpsAi.Core.Manifests;

/// <summary>
/// Kubernetes list objects: <c>v1 List</c>, which holds objects of any kind, and typed lists (<c>ConfigMapList</c>,
/// <c>apps/v1 DeploymentList</c>) whose items are of the kind the name implies. kubectl and kubeconform accept both.
/// </summary>
public static class KubernetesLists
{
    public static bool IsList(Manifest manifest) =>
        manifest.Kind is { } kind && manifest.Root.GetPair("items") is not null
        && ((kind == "List" && manifest.Group.Length == 0) || (kind.Length > "List".Length && kind.EndsWith("List", StringComparison.Ordinal)));

    /// <summary>The kind of a typed list's items ("ConfigMap" for ConfigMapList); null for v1 List, whose items say what they are.</summary>
    public static string? ItemKind(Manifest list) =>
        list.Kind is { } kind && kind != "List" && kind.EndsWith("List", StringComparison.Ordinal) ? kind[..^"List".Length] : null;
}
