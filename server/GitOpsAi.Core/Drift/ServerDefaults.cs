using System.Text.Json.Nodes;

namespace GitOpsAi.Core.Drift;

/// <summary>
/// A value the API server (or an admission default) fills in when the repository leaves a field out. A live field that
/// Git does not set and that holds its default is not drift. <see cref="Value"/> null means any value is the server's
/// choice (a Service's clusterIP, a PVC's volumeName).
/// </summary>
public sealed record ServerDefault(string Kinds, string Pattern, string? Value)
{
    public bool AppliesTo(string kind) => Kinds == "*" || Kinds.Split(',').Contains(kind, StringComparer.Ordinal);

    public bool Matches(JsonNode? live) => Value is null || string.Equals(Value, Canonical(live), StringComparison.Ordinal);

    private static string Canonical(JsonNode? node) => node is JsonValue ? LiveValues.Display(node) : node?.ToJsonString() ?? "null";
}

/// <summary>
/// The documented table of values Kubernetes defaults (docs/drift.md shows it). Pod-spec and container entries are
/// written once and expanded under every workload's pod template.
/// </summary>
public static class ServerDefaults
{
    private const string Workloads = "Deployment,StatefulSet,DaemonSet,ReplicaSet,Job,CronJob,Pod,ReplicationController";

    private static readonly (string Pattern, string? Value)[] PodSpec =
    [
        ("restartPolicy", "Always"), ("restartPolicy", "OnFailure"), ("restartPolicy", "Never"), ("dnsPolicy", "ClusterFirst"),
        ("schedulerName", "default-scheduler"), ("securityContext", "{}"), ("terminationGracePeriodSeconds", "30"),
        ("enableServiceLinks", "true"), ("serviceAccount", null), ("serviceAccountName", "default"), ("priority", "0"),
        ("preemptionPolicy", "PreemptLowerPriority"), ("nodeName", null), ("tolerations", null), ("hostNetwork", "false"),
        ("volumes[].configMap.defaultMode", "420"), ("volumes[].secret.defaultMode", "420"), ("volumes[].projected.defaultMode", "420"),
        ("volumes[].downwardAPI.defaultMode", "420"), ("volumes[].emptyDir", "{}"), ("volumes[].hostPath.type", ""),
        ("volumes[].persistentVolumeClaim.readOnly", "false"),
    ];

    private static readonly (string Pattern, string? Value)[] Container =
    [
        ("terminationMessagePath", "/dev/termination-log"), ("terminationMessagePolicy", "File"), ("imagePullPolicy", null),
        ("resources", "{}"), ("ports[].protocol", "TCP"), ("env[].valueFrom.fieldRef.apiVersion", "v1"),
        ("livenessProbe.timeoutSeconds", "1"), ("livenessProbe.periodSeconds", "10"), ("livenessProbe.successThreshold", "1"), ("livenessProbe.failureThreshold", "3"),
        ("readinessProbe.timeoutSeconds", "1"), ("readinessProbe.periodSeconds", "10"), ("readinessProbe.successThreshold", "1"), ("readinessProbe.failureThreshold", "3"),
        ("startupProbe.timeoutSeconds", "1"), ("startupProbe.periodSeconds", "10"), ("startupProbe.successThreshold", "1"), ("startupProbe.failureThreshold", "3"),
        ("livenessProbe.httpGet.scheme", "HTTP"), ("readinessProbe.httpGet.scheme", "HTTP"), ("startupProbe.httpGet.scheme", "HTTP"),
    ];

    private static readonly string[] PodSpecPrefixes = ["spec.template.spec", "spec.jobTemplate.spec.template.spec", "spec"];

    private static readonly ServerDefault[] Table = Build();

    private static readonly ILookup<string, ServerDefault> ByPattern = Table.ToLookup(e => e.Pattern, StringComparer.Ordinal);

    public static IReadOnlyList<ServerDefault> All => Table;

    /// <summary>True when a live field Git does not set holds what the server would fill in anyway.</summary>
    public static bool IsDefault(string kind, FieldPath path, JsonNode? live)
    {
        foreach (var entry in ByPattern[path.Pattern])
        {
            if (entry.AppliesTo(kind) && entry.Matches(live))
            {
                return true;
            }
        }

        return false;
    }

    private static ServerDefault[] Build()
    {
        var table = new List<ServerDefault>
        {
            new("Deployment,StatefulSet,ReplicaSet", "spec.replicas", "1"),
            new("Deployment", "spec.strategy", null),
            new("Deployment,StatefulSet,DaemonSet", "spec.revisionHistoryLimit", "10"),
            new("Deployment", "spec.progressDeadlineSeconds", "600"),
            new("Deployment,StatefulSet,DaemonSet,ReplicaSet", "spec.minReadySeconds", "0"),
            new("StatefulSet", "spec.podManagementPolicy", "OrderedReady"),
            new("StatefulSet,DaemonSet", "spec.updateStrategy", null),
            new("StatefulSet", "spec.persistentVolumeClaimRetentionPolicy", null),
            new("StatefulSet", "spec.volumeClaimTemplates[].apiVersion", "v1"),
            new("StatefulSet", "spec.volumeClaimTemplates[].kind", "PersistentVolumeClaim"),
            new("StatefulSet", "spec.volumeClaimTemplates[].spec.volumeMode", "Filesystem"),
            new("StatefulSet", "spec.volumeClaimTemplates[].status", null),
            new(Workloads, "spec.template.metadata.creationTimestamp", "null"),
            new("Service", "spec.clusterIP", null),
            new("Service", "spec.clusterIPs", null),
            new("Service", "spec.ipFamilies", null),
            new("Service", "spec.ipFamilyPolicy", "SingleStack"),
            new("Service", "spec.sessionAffinity", "None"),
            new("Service", "spec.internalTrafficPolicy", "Cluster"),
            new("Service", "spec.externalTrafficPolicy", "Cluster"),
            new("Service", "spec.type", "ClusterIP"),
            new("Service", "spec.ports[].protocol", "TCP"),
            new("Service", "spec.ports[].targetPort", null),
            new("Service", "spec.ports[].nodePort", null),
            new("Service", "spec.allocateLoadBalancerNodePorts", "true"),
            new("Service", "spec.healthCheckNodePort", null),
            new("PersistentVolumeClaim", "spec.volumeName", null),
            new("PersistentVolumeClaim", "spec.volumeMode", "Filesystem"),
            new("PersistentVolumeClaim", "spec.storageClassName", null),
            new("PersistentVolumeClaim", "metadata.finalizers", null),
            new("HorizontalPodAutoscaler", "spec.behavior", null),
            new("HorizontalPodAutoscaler", "spec.metrics", null),
            new("Job", "spec.backoffLimit", "6"),
            new("Job", "spec.completions", "1"),
            new("Job", "spec.parallelism", "1"),
            new("Job", "spec.completionMode", "NonIndexed"),
            new("Job", "spec.suspend", "false"),
            new("Job", "spec.selector", null),
            new("Job", "spec.podReplacementPolicy", null),
            new("Job", "spec.manualSelector", null),
            new("Job", "spec.template.metadata.labels", null),
            new("CronJob", "spec.concurrencyPolicy", "Allow"),
            new("CronJob", "spec.suspend", "false"),
            new("CronJob", "spec.successfulJobsHistoryLimit", "3"),
            new("CronJob", "spec.failedJobsHistoryLimit", "1"),
            new("Ingress", "spec.ingressClassName", null),
            new("Namespace", "spec.finalizers", null),
            new("Namespace", "metadata.labels", null),
            new("ServiceAccount", "secrets", null),
            new("ConfigMap,Secret", "immutable", "false"),
            new("Secret", "type", "Opaque"),
            new("*", "metadata.namespace", null),
            new("*", "metadata.labels", "{}"),
            new("*", "metadata.annotations", "{}"),
        };

        foreach (var prefix in PodSpecPrefixes)
        {
            var kinds = prefix == "spec" ? "Pod" : prefix.StartsWith("spec.jobTemplate", StringComparison.Ordinal) ? "CronJob" : Workloads;
            table.AddRange(PodSpec.Select(entry => new ServerDefault(kinds, $"{prefix}.{entry.Pattern}", entry.Value)));
            foreach (var containers in new[] { "containers", "initContainers" })
            {
                table.AddRange(Container.Select(entry => new ServerDefault(kinds, $"{prefix}.{containers}[].{entry.Pattern}", entry.Value)));
            }
        }

        return [.. table];
    }
}
