using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Workspace;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Rules.Templates;

/// <summary>An autoscaler that manages a workload's replicas: a HorizontalPodAutoscaler or a KEDA ScaledObject.</summary>
public sealed record Autoscaler(Manifest Manifest, long MinReplicas, long? MaxReplicas, YamlNode? MinNode, YamlNode? MaxNode);

/// <summary>How many replicas a workload runs: spec.replicas, a kustomization's replicas entry, or its autoscaler.</summary>
public static class Scaling
{
    /// <summary>The autoscaler whose scaleTargetRef names this workload (same namespace), if any.</summary>
    public static Autoscaler? AutoscalerOf(WorkspaceSnapshot workspace, WorkspaceFile file, Manifest workload)
    {
        var objects = WorkspaceObjects.For(workspace);
        var @namespace = objects.NamespaceOf(file, workload);
        foreach (var (kind, candidate) in workload.Kind is null || workload.Name is null ? [] : objects.AutoscalersTargeting(workload.Kind, workload.Name))
        {
            if (!WorkspaceObjects.SameNamespace(candidate.Namespace, @namespace))
            {
                continue;
            }

            var spec = candidate.Manifest.Spec!;
            var minNode = spec[kind == "ScaledObject" ? "minReplicaCount" : "minReplicas"];
            var maxNode = spec[kind == "ScaledObject" ? "maxReplicaCount" : "maxReplicas"];
            return new Autoscaler(candidate.Manifest, IntOrPercent.Integer(minNode) ?? (kind == "ScaledObject" ? 0 : 1), IntOrPercent.Integer(maxNode), minNode, maxNode);
        }

        return null;
    }

    /// <summary>
    /// The replica count written for a workload: a kustomization's <c>replicas:</c> entry for it wins over spec.replicas.
    /// Null when neither says (Kubernetes then runs one) or the value is substituted.
    /// </summary>
    public static long? WrittenReplicas(WorkspaceSnapshot workspace, Manifest workload)
    {
        if (workload.Name is not null && WorkspaceObjects.For(workspace).KustomizeReplicas(workload.Name) is { } written)
        {
            return written;
        }

        return IntOrPercent.Integer(workload.Spec?["replicas"]);
    }

    /// <summary>The fewest and most replicas a workload runs (its autoscaler's range, else its written count; one when unset).</summary>
    public static (long Min, long Max, Autoscaler? Autoscaler) Range(WorkspaceSnapshot workspace, WorkspaceFile file, Manifest workload)
    {
        if (AutoscalerOf(workspace, file, workload) is { } autoscaler)
        {
            return (autoscaler.MinReplicas, autoscaler.MaxReplicas ?? autoscaler.MinReplicas, autoscaler);
        }

        var written = WrittenReplicas(workspace, workload) ?? 1;
        return (written, written, null);
    }

    /// <summary>True when spec.replicas is a Flux substitution, so the count is only known at apply time.</summary>
    public static bool IsSubstituted(Manifest workload) =>
        workload.Spec?["replicas"] is YamlScalar scalar && LabelSelectors.IsSubstituted(scalar.Value);
}
