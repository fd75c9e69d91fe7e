namespace GitOpsAi.Core.Schemas;

/// <summary>An apiVersion (for some or all kinds) that is deprecated or gone, and what replaces it.</summary>
/// <param name="Kinds">The kinds it applies to; empty for every kind of that apiVersion.</param>
/// <param name="RemovedIn">The release that stopped serving it ("Kubernetes 1.16", "Flux 2.7"), or null if only deprecated.</param>
public sealed record ApiDeprecation(string ApiVersion, string[] Kinds, string Replacement, string? DeprecatedIn, string? RemovedIn)
{
    public bool Applies(string apiVersion, string kind) => ApiVersion == apiVersion && (Kinds.Length == 0 || Kinds.Contains(kind));
}

/// <summary>
/// The Kubernetes deprecated-API migration guide and the Flux API removals, as data. Kubernetes removals are errors
/// (the API server refuses them); Flux removals are warnings because the installed Flux version is not known here.
/// </summary>
public static class ApiDeprecations
{
    public static IReadOnlyList<ApiDeprecation> Kubernetes { get; } =
    [
        new("extensions/v1beta1", ["Deployment", "DaemonSet", "ReplicaSet"], "apps/v1", "Kubernetes 1.9", "Kubernetes 1.16"),
        new("extensions/v1beta1", ["NetworkPolicy"], "networking.k8s.io/v1", "Kubernetes 1.9", "Kubernetes 1.16"),
        new("extensions/v1beta1", ["PodSecurityPolicy"], "no replacement (use Pod Security Admission)", "Kubernetes 1.11", "Kubernetes 1.16"),
        new("extensions/v1beta1", ["Ingress"], "networking.k8s.io/v1", "Kubernetes 1.14", "Kubernetes 1.22"),
        new("apps/v1beta1", [], "apps/v1", "Kubernetes 1.9", "Kubernetes 1.16"),
        new("apps/v1beta2", [], "apps/v1", "Kubernetes 1.9", "Kubernetes 1.16"),
        new("networking.k8s.io/v1beta1", ["Ingress", "IngressClass"], "networking.k8s.io/v1", "Kubernetes 1.19", "Kubernetes 1.22"),
        new("rbac.authorization.k8s.io/v1beta1", [], "rbac.authorization.k8s.io/v1", "Kubernetes 1.17", "Kubernetes 1.22"),
        new("rbac.authorization.k8s.io/v1alpha1", [], "rbac.authorization.k8s.io/v1", "Kubernetes 1.17", "Kubernetes 1.22"),
        new("apiextensions.k8s.io/v1beta1", ["CustomResourceDefinition"], "apiextensions.k8s.io/v1", "Kubernetes 1.16", "Kubernetes 1.22"),
        new("apiregistration.k8s.io/v1beta1", ["APIService"], "apiregistration.k8s.io/v1", "Kubernetes 1.19", "Kubernetes 1.22"),
        new("admissionregistration.k8s.io/v1beta1", ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"], "admissionregistration.k8s.io/v1", "Kubernetes 1.16", "Kubernetes 1.22"),
        new("authentication.k8s.io/v1beta1", ["TokenReview"], "authentication.k8s.io/v1", "Kubernetes 1.19", "Kubernetes 1.22"),
        new("authorization.k8s.io/v1beta1", [], "authorization.k8s.io/v1", "Kubernetes 1.19", "Kubernetes 1.22"),
        new("certificates.k8s.io/v1beta1", ["CertificateSigningRequest"], "certificates.k8s.io/v1", "Kubernetes 1.19", "Kubernetes 1.22"),
        new("coordination.k8s.io/v1beta1", ["Lease"], "coordination.k8s.io/v1", "Kubernetes 1.14", "Kubernetes 1.22"),
        new("scheduling.k8s.io/v1beta1", ["PriorityClass"], "scheduling.k8s.io/v1", "Kubernetes 1.14", "Kubernetes 1.22"),
        new("scheduling.k8s.io/v1alpha1", ["PriorityClass"], "scheduling.k8s.io/v1", "Kubernetes 1.14", "Kubernetes 1.17"),
        new("storage.k8s.io/v1beta1", ["CSIDriver", "CSINode", "StorageClass", "VolumeAttachment"], "storage.k8s.io/v1", "Kubernetes 1.19", "Kubernetes 1.22"),
        new("storage.k8s.io/v1beta1", ["CSIStorageCapacity"], "storage.k8s.io/v1", "Kubernetes 1.24", "Kubernetes 1.27"),
        new("batch/v1beta1", ["CronJob"], "batch/v1", "Kubernetes 1.21", "Kubernetes 1.25"),
        new("batch/v2alpha1", ["CronJob"], "batch/v1", "Kubernetes 1.8", "Kubernetes 1.21"),
        new("discovery.k8s.io/v1beta1", ["EndpointSlice"], "discovery.k8s.io/v1", "Kubernetes 1.21", "Kubernetes 1.25"),
        new("events.k8s.io/v1beta1", ["Event"], "events.k8s.io/v1", "Kubernetes 1.19", "Kubernetes 1.25"),
        new("autoscaling/v2beta1", ["HorizontalPodAutoscaler"], "autoscaling/v2", "Kubernetes 1.22", "Kubernetes 1.25"),
        new("autoscaling/v2beta2", ["HorizontalPodAutoscaler"], "autoscaling/v2", "Kubernetes 1.23", "Kubernetes 1.26"),
        new("policy/v1beta1", ["PodDisruptionBudget"], "policy/v1", "Kubernetes 1.21", "Kubernetes 1.25"),
        new("policy/v1beta1", ["PodSecurityPolicy"], "no replacement (use Pod Security Admission)", "Kubernetes 1.21", "Kubernetes 1.25"),
        new("node.k8s.io/v1beta1", ["RuntimeClass"], "node.k8s.io/v1", "Kubernetes 1.20", "Kubernetes 1.25"),
        new("flowcontrol.apiserver.k8s.io/v1beta1", [], "flowcontrol.apiserver.k8s.io/v1", "Kubernetes 1.23", "Kubernetes 1.26"),
        new("flowcontrol.apiserver.k8s.io/v1beta2", [], "flowcontrol.apiserver.k8s.io/v1", "Kubernetes 1.26", "Kubernetes 1.29"),
        new("flowcontrol.apiserver.k8s.io/v1beta3", [], "flowcontrol.apiserver.k8s.io/v1", "Kubernetes 1.29", "Kubernetes 1.32"),
    ];

    public static IReadOnlyList<ApiDeprecation> Flux { get; } =
    [
        new("source.toolkit.fluxcd.io/v1beta1", [], "source.toolkit.fluxcd.io/v1", "Flux 2.0", "Flux 2.7"),
        new("source.toolkit.fluxcd.io/v1beta2", ["GitRepository", "HelmRepository", "HelmChart", "Bucket"], "source.toolkit.fluxcd.io/v1", "Flux 2.3", "Flux 2.7"),
        new("source.toolkit.fluxcd.io/v1beta2", ["OCIRepository"], "source.toolkit.fluxcd.io/v1", "Flux 2.6", "Flux 2.7"),
        new("kustomize.toolkit.fluxcd.io/v1beta1", ["Kustomization"], "kustomize.toolkit.fluxcd.io/v1", "Flux 2.0", "Flux 2.7"),
        new("kustomize.toolkit.fluxcd.io/v1beta2", ["Kustomization"], "kustomize.toolkit.fluxcd.io/v1", "Flux 2.0", "Flux 2.7"),
        new("helm.toolkit.fluxcd.io/v2beta1", ["HelmRelease"], "helm.toolkit.fluxcd.io/v2", "Flux 2.3", "Flux 2.7"),
        new("helm.toolkit.fluxcd.io/v2beta2", ["HelmRelease"], "helm.toolkit.fluxcd.io/v2", "Flux 2.3", "Flux 2.7"),
        new("notification.toolkit.fluxcd.io/v1beta1", [], "notification.toolkit.fluxcd.io/v1 (Receiver) or v1beta3 (Alert, Provider)", "Flux 2.1", "Flux 2.7"),
        new("notification.toolkit.fluxcd.io/v1beta2", [], "notification.toolkit.fluxcd.io/v1 (Receiver) or v1beta3 (Alert, Provider)", "Flux 2.1", "Flux 2.7"),
        new("image.toolkit.fluxcd.io/v1beta1", [], "image.toolkit.fluxcd.io/v1", "Flux 2.0", "Flux 2.7"),
        new("image.toolkit.fluxcd.io/v1beta2", [], "image.toolkit.fluxcd.io/v1", "Flux 2.6", "Flux 2.7"),
        new("external-secrets.io/v1beta1", [], "external-secrets.io/v1", "External Secrets 0.16", "External Secrets 0.17"),
        new("external-secrets.io/v1alpha1", ["ExternalSecret", "SecretStore", "ClusterSecretStore"], "external-secrets.io/v1", "External Secrets 0.5", "External Secrets 0.10"),
        new("cert-manager.io/v1alpha2", [], "cert-manager.io/v1", "cert-manager 1.4", "cert-manager 1.7"),
        new("cert-manager.io/v1alpha3", [], "cert-manager.io/v1", "cert-manager 1.4", "cert-manager 1.7"),
        new("cert-manager.io/v1beta1", [], "cert-manager.io/v1", "cert-manager 1.4", "cert-manager 1.7"),
    ];

    /// <summary>
    /// The entries of each apiVersion, Kubernetes's before Flux's as <see cref="Find"/> takes them: every object checked
    /// asks, and scanning both lists with a closure each was a fifteenth of the schema checks of a 50,000-resource check.
    /// Declared after both lists, so it is built from them.
    /// </summary>
    private static readonly Dictionary<string, ApiDeprecation[]> ByApiVersion = Kubernetes.Concat(Flux)
        .GroupBy(deprecation => deprecation.ApiVersion, StringComparer.Ordinal)
        .ToDictionary(group => group.Key, group => group.ToArray(), StringComparer.Ordinal);

    /// <summary>The first entry that applies, Kubernetes's before Flux's.</summary>
    public static ApiDeprecation? Find(string apiVersion, string kind)
    {
        if (ByApiVersion.TryGetValue(apiVersion, out var candidates))
        {
            foreach (var deprecation in candidates)
            {
                if (deprecation.Applies(apiVersion, kind))
                {
                    return deprecation;
                }
            }
        }

        return null;
    }

    public static bool IsKubernetes(ApiDeprecation deprecation) => Kubernetes.Contains(deprecation);
}
