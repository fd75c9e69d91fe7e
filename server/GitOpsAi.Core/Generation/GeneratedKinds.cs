namespace GitOpsAi.Core.Generation;

/// <summary>The apiVersion each kind is generated at (the versions the bundled schemas and the policy set know).</summary>
public static class GeneratedKinds
{
    private static readonly Dictionary<string, string> ApiVersions = new(StringComparer.Ordinal)
    {
        ["Namespace"] = "v1", ["ServiceAccount"] = "v1", ["ConfigMap"] = "v1", ["Service"] = "v1",
        ["Role"] = "rbac.authorization.k8s.io/v1", ["RoleBinding"] = "rbac.authorization.k8s.io/v1",
        ["Deployment"] = "apps/v1", ["StatefulSet"] = "apps/v1", ["DaemonSet"] = "apps/v1",
        ["Job"] = "batch/v1", ["CronJob"] = "batch/v1",
        ["Ingress"] = "networking.k8s.io/v1", ["NetworkPolicy"] = "networking.k8s.io/v1",
        ["HorizontalPodAutoscaler"] = "autoscaling/v2", ["PodDisruptionBudget"] = "policy/v1",
        ["ExternalSecret"] = "external-secrets.io/v1", ["SealedSecret"] = "bitnami.com/v1alpha1",
        ["GitRepository"] = "source.toolkit.fluxcd.io/v1", ["HelmRepository"] = "source.toolkit.fluxcd.io/v1",
        ["OCIRepository"] = "source.toolkit.fluxcd.io/v1", ["HelmRelease"] = "helm.toolkit.fluxcd.io/v2",
        ["Kustomization"] = "kustomize.toolkit.fluxcd.io/v1",
        ["ImageRepository"] = "image.toolkit.fluxcd.io/v1", ["ImagePolicy"] = "image.toolkit.fluxcd.io/v1",
        ["ImageUpdateAutomation"] = "image.toolkit.fluxcd.io/v1",
        ["Canary"] = "flagger.app/v1beta1",
    };

    public static string? ApiVersionOf(string kind) => ApiVersions.GetValueOrDefault(kind);
}
