using GitOpsAi.Core.Manifests;

namespace GitOpsAi.Core.Kustomize;

/// <summary>
/// The kind lists every part of the core agrees on (kube-linter's objectkinds): which API groups Kubernetes serves
/// itself, which kinds are cluster-scoped, and which custom kinds configure things without creating objects.
/// </summary>
public static class KindCatalog
{
    /// <summary>API groups Kubernetes serves itself: an unknown version there is a mistake, and their objects create nothing we would miss.</summary>
    public static IReadOnlySet<string> BuiltInGroups { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "", "apps", "batch", "autoscaling", "policy", "networking.k8s.io", "rbac.authorization.k8s.io", "storage.k8s.io",
        "apiextensions.k8s.io", "admissionregistration.k8s.io", "scheduling.k8s.io", "coordination.k8s.io", "node.k8s.io",
        "discovery.k8s.io", "certificates.k8s.io", "events.k8s.io", "flowcontrol.apiserver.k8s.io", "apiregistration.k8s.io",
    };

    /// <summary>
    /// Kinds that have no namespace: kustomize's namespace transformer leaves them alone, Kyverno matches them without one.
    /// Built-in ones as kustomize's openapi data knows them, plus the common cluster-scoped custom kinds.
    /// </summary>
    public static IReadOnlySet<string> ClusterScopedKinds { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "Namespace", "Node", "PersistentVolume", "StorageClass", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition",
        "ClusterPolicy", "ClusterIssuer", "PriorityClass", "IngressClass", "RuntimeClass", "ValidatingWebhookConfiguration",
        "MutatingWebhookConfiguration", "APIService", "CSIDriver", "VolumeSnapshotClass", "ClusterSecretStore", "GatewayClass",
        "ComponentStatus", "CertificateSigningRequest", "CSINode", "VolumeAttachment", "PodSecurityPolicy", "FlowSchema",
        "PriorityLevelConfiguration", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding", "SelfSubjectReview",
        "TokenReview", "SelfSubjectAccessReview", "SelfSubjectRulesReview", "SubjectAccessReview", "ClusterExternalSecret",
    };

    /// <summary>Custom kinds that configure things but create no workloads or Services of their own.</summary>
    public static IReadOnlySet<string> InertKinds { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "ServiceMonitor", "PodMonitor", "PrometheusRule", "Probe", "ScrapeConfig", "AlertmanagerConfig",
        "ExternalSecret", "SecretStore", "ClusterSecretStore", "PushSecret", "SealedSecret", "Certificate", "Issuer", "ClusterIssuer",
        "HTTPRoute", "GRPCRoute", "TCPRoute", "TLSRoute", "UDPRoute", "ReferenceGrant", "BackendTLSPolicy",
        "CiliumNetworkPolicy", "CiliumClusterwideNetworkPolicy", "NetworkPolicy", "GlobalNetworkPolicy", "CiliumLoadBalancerIPPool", "CiliumBGPAdvertisement",
        "ClusterPolicy", "Policy", "ValidatingPolicy", "MutatingPolicy", "GeneratingPolicy", "PolicyException",
        "GrafanaDashboard", "GrafanaFolder", "GrafanaDatasource", "GrafanaAlertRuleGroup", "ReplicationSource", "ReplicationDestination",
        "Canary", "ScaledObject", "VerticalPodAutoscaler", "Middleware", "IngressRoute", "VirtualService", "DestinationRule", "ServiceEntry",
    };

    /// <summary>
    /// Built-in kinds whose objects reach objects in other files only by name and labels (references, selectors,
    /// autoscaler targets), so an edit to one affects only files sharing a name or label with it. Every other kind
    /// (Namespace, StorageClass, HelmRelease, operator resources that generate objects into their namespace, ...) has a
    /// wider reach.
    /// </summary>
    public static IReadOnlySet<string> NameAndLabelReachKinds { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod", "Service", "ConfigMap", "Secret",
        "ServiceAccount", "PersistentVolumeClaim", "HorizontalPodAutoscaler", "PodDisruptionBudget", "Ingress",
        "NetworkPolicy", "Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding", "LimitRange", "ResourceQuota",
    };

    /// <summary>True for an object of one of <see cref="NameAndLabelReachKinds"/> in the group Kubernetes serves it from.</summary>
    public static bool ReachesOthersOnlyByNameAndLabels(Manifest manifest) =>
        manifest.Kind is { } kind && NameAndLabelReachKinds.Contains(kind)
        && manifest.Group is "" or "apps" or "batch" or "networking.k8s.io" or "policy" or "autoscaling" or "rbac.authorization.k8s.io";

    /// <summary>"v1" is the core group; any other apiVersion without a slash ("builtin" kustomize plugins) is not Kubernetes'.</summary>
    public static bool IsBuiltInApiVersion(string apiVersion, string group) =>
        apiVersion.Contains('/') ? BuiltInGroups.Contains(group) : apiVersion == "v1";

    public static bool IsClusterScoped(string? kind) => kind is not null && ClusterScopedKinds.Contains(kind);

    /// <summary>
    /// Cluster-scoped as kustomize's namespace transformer knows it: only built-in kinds (its openapi data). A custom
    /// cluster-scoped kind (a ClusterIssuer) gets the namespace like any object; the API server ignores it there.
    /// </summary>
    public static bool IsClusterScopedForKustomize(string? kind, string group) => IsClusterScoped(kind) && (group.Length == 0 || BuiltInGroups.Contains(group));

    /// <summary>A custom resource an operator turns into pods, Services and Secrets (a CloudNativePG Cluster, a Grafana).</summary>
    public static bool IsOperatorResource(Manifest manifest) =>
        manifest.Kind is { } kind && !BuiltInGroups.Contains(manifest.Group) && !InertKinds.Contains(kind)
        && !manifest.Group.EndsWith(".fluxcd.io", StringComparison.Ordinal) && !manifest.Group.StartsWith("kustomize.", StringComparison.Ordinal)
        && !manifest.Group.EndsWith("kyverno.io", StringComparison.Ordinal) && manifest.ApiVersion?.Contains('/') == true;

    /// <summary>True for a kustomization entry that names a remote base (a git or HTTP URL) rather than a local path.</summary>
    public static bool IsRemote(string value) =>
        value.Contains("://", StringComparison.Ordinal) || value.StartsWith("github.com/", StringComparison.Ordinal)
        || value.StartsWith("gitlab.com/", StringComparison.Ordinal) || value.StartsWith("bitbucket.org/", StringComparison.Ordinal)
        || value.StartsWith("git@", StringComparison.Ordinal) || value.Contains("?ref=", StringComparison.Ordinal)
        || value.Contains(".git//", StringComparison.Ordinal);
}
