namespace GitOpsAi.Core.Kustomize;

/// <summary>kustomize's default field specs (api/internal/konfig/builtinpluginconsts), in the compact <c>kind|group|path|create</c> form.</summary>
internal static class DefaultTables
{
    private const string Affinity = "spec/template/spec/affinity/";

    /// <summary>Selectors commonLabels (and labels with includeSelectors) also write.</summary>
    public static readonly string[] SelectorLabels =
    [
        "Service||spec/selector|create",
        "ReplicationController||spec/selector|create",
        "Deployment||spec/selector/matchLabels|create",
        .. AffinityPaths("Deployment"),
        "ReplicaSet||spec/selector/matchLabels|create",
        "DaemonSet||spec/selector/matchLabels|create",
        "StatefulSet|apps|spec/selector/matchLabels|create",
        "StatefulSet|apps|spec/volumeClaimTemplates[]/metadata/labels|create",
        .. AffinityPaths("StatefulSet"),
        "Job|batch|spec/selector/matchLabels",
        "CronJob|batch|spec/jobTemplate/spec/selector/matchLabels",
        "PodDisruptionBudget|policy|spec/selector/matchLabels",
        "NetworkPolicy|networking.k8s.io|spec/podSelector/matchLabels",
        "NetworkPolicy|networking.k8s.io|spec/ingress/from/podSelector/matchLabels",
        "NetworkPolicy|networking.k8s.io|spec/egress/to/podSelector/matchLabels",
    ];

    private static readonly string[] PodSpecKinds = ["Deployment", "ReplicaSet", "DaemonSet", "StatefulSet", "Job"];

    private static IEnumerable<string> AffinityPaths(string kind) =>
    [
        $"{kind}|apps|{Affinity}podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels",
        $"{kind}|apps|{Affinity}podAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels",
        $"{kind}|apps|{Affinity}podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels",
        $"{kind}|apps|{Affinity}podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels",
        $"{kind}|apps|spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels",
    ];

    /// <summary>The pod spec's place in each kind that has one.</summary>
    private static IEnumerable<(string Kind, string Prefix)> PodSpecs(bool withPodTemplate = true)
    {
        yield return ("Pod", "spec/");
        if (withPodTemplate)
        {
            yield return ("PodTemplate", "template/spec/");
        }

        foreach (var kind in PodSpecKinds)
        {
            yield return (kind, "spec/template/spec/");
        }

        yield return ("CronJob", "spec/jobTemplate/spec/template/spec/");
    }

    public static IEnumerable<NameReference> NameReferences()
    {
        foreach (var kind in new[] { "Deployment", "ReplicationController", "ReplicaSet", "StatefulSet" })
        {
            yield return Reference(kind, null, "HorizontalPodAutoscaler||spec/scaleTargetRef/name");
        }

        foreach (var (kind, prefix) in PodSpecs())
        {
            foreach (var path in new[] { "volumes/configMap/name", "containers/env/valueFrom/configMapKeyRef/name", "initContainers/env/valueFrom/configMapKeyRef/name", "containers/envFrom/configMapRef/name", "initContainers/envFrom/configMapRef/name", "volumes/projected/sources/configMap/name" })
            {
                yield return Reference("ConfigMap", null, $"{kind}||{prefix}{path}");
            }

            foreach (var path in new[] { "volumes/secret/secretName", "containers/env/valueFrom/secretKeyRef/name", "initContainers/env/valueFrom/secretKeyRef/name", "containers/envFrom/secretRef/name", "initContainers/envFrom/secretRef/name", "imagePullSecrets/name", "volumes/projected/sources/secret/name" })
            {
                yield return Reference("Secret", null, $"{kind}||{prefix}{path}");
            }
        }

        foreach (var line in new[]
        {
            "Node||spec/configSource/configMap", "Role||rules/resourceNames", "ClusterRole||rules/resourceNames",
            @"Ingress||metadata/annotations/nginx.ingress.kubernetes.io\/fastcgi-params-configmap",
        })
        {
            yield return Reference("ConfigMap", null, line);
        }

        foreach (var line in new[]
        {
            "Ingress||spec/tls/secretName", @"Ingress||metadata/annotations/ingress.kubernetes.io\/auth-secret",
            @"Ingress||metadata/annotations/nginx.ingress.kubernetes.io\/auth-secret", @"Ingress||metadata/annotations/nginx.ingress.kubernetes.io\/auth-tls-secret",
            "ServiceAccount||imagePullSecrets/name", "StorageClass||parameters/secretName", "StorageClass||parameters/adminSecretName",
            "StorageClass||parameters/userSecretName", "StorageClass||parameters/secretRef", "Role||rules/resourceNames", "ClusterRole||rules/resourceNames",
            "Service|serving.knative.dev|spec/template/spec/containers/env/valueFrom/secretKeyRef/name", "PersistentVolume||spec/azureFile/secretName",
        })
        {
            yield return Reference("Secret", null, line);
        }

        foreach (var line in new[]
        {
            "StatefulSet|apps|spec/serviceName", "Ingress||spec/rules/http/paths/backend/serviceName", "Ingress||spec/backend/serviceName",
            "Ingress||spec/rules/http/paths/backend/service/name", "Ingress||spec/defaultBackend/service/name",
            "APIService|apiregistration.k8s.io|spec/service/name",
            "ValidatingWebhookConfiguration|admissionregistration.k8s.io|webhooks/clientConfig/service",
            "MutatingWebhookConfiguration|admissionregistration.k8s.io|webhooks/clientConfig/service",
            "HTTPRoute||spec/rules/backendRefs/name",
        })
        {
            yield return Reference("Service", null, line);
        }

        yield return Reference("Role", "rbac.authorization.k8s.io", "RoleBinding|rbac.authorization.k8s.io|roleRef/name");
        yield return Reference("ClusterRole", "rbac.authorization.k8s.io", "RoleBinding|rbac.authorization.k8s.io|roleRef/name");
        yield return Reference("ClusterRole", "rbac.authorization.k8s.io", "ClusterRoleBinding|rbac.authorization.k8s.io|roleRef/name");
        yield return Reference("ServiceAccount", null, "RoleBinding|rbac.authorization.k8s.io|subjects");
        yield return Reference("ServiceAccount", null, "ClusterRoleBinding|rbac.authorization.k8s.io|subjects");
        foreach (var (kind, prefix) in PodSpecs(withPodTemplate: false).Append(("ReplicationController", "spec/template/spec/")))
        {
            yield return Reference("ServiceAccount", null, $"{kind}||{prefix}serviceAccountName");
            yield return Reference("PersistentVolumeClaim", null, $"{kind}||{prefix}volumes/persistentVolumeClaim/claimName");
            yield return Reference("PriorityClass", "scheduling.k8s.io", $"{kind}||{prefix}priorityClassName");
        }

        yield return Reference("PersistentVolume", null, "PersistentVolumeClaim||spec/volumeName");
        yield return Reference("PersistentVolume", null, "ClusterRole||rules/resourceNames");
        yield return Reference("StorageClass", "storage.k8s.io", "PersistentVolume||spec/storageClassName");
        yield return Reference("StorageClass", "storage.k8s.io", "PersistentVolumeClaim||spec/storageClassName");
        yield return Reference("StorageClass", "storage.k8s.io", "StatefulSet||spec/volumeClaimTemplates/spec/storageClassName");
        yield return Reference("IngressClass", null, "Ingress||spec/ingressClassName");
    }

    private static NameReference Reference(string kind, string? group, string spec) => new(kind, group, FieldSpec.Parse(spec));
}
