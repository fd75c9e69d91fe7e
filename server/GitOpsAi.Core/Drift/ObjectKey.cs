namespace GitOpsAi.Core.Drift;

/// <summary>
/// How a desired object is matched to a live one: API group (not version: the server converts between versions),
/// kind, namespace (null for cluster-scoped objects) and name.
/// </summary>
public readonly record struct ObjectKey(string Group, string Kind, string? Namespace, string Name)
{
    public static ObjectKey Of(string? apiVersion, string kind, string? @namespace, string name) =>
        new(Manifests.ApiGroupVersion.GroupOf(apiVersion), kind, ClusterScopedKinds.IsClusterScoped(kind) ? null : @namespace, name);

    /// <summary>"Deployment podinfo/web" — how messages name the object.</summary>
    public string Display => Namespace is null ? $"{Kind} {Name}" : $"{Kind} {Namespace}/{Name}";

    public override string ToString() => Display;
}

/// <summary>The built-in kinds that live outside namespaces (the blast radius of a change there is the whole cluster).</summary>
public static class ClusterScopedKinds
{
    public static bool IsClusterScoped(string kind) => Kustomize.KindCatalog.IsClusterScoped(kind);

    /// <summary>RBAC objects: a drift there changes who may do what.</summary>
    public static bool IsRbac(string group) => group == "rbac.authorization.k8s.io";
}
