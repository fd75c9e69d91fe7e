namespace GitOpsAi.Core.Drift;

/// <summary>
/// What is never drift, whoever wrote it: status, the metadata the server owns, and the labels and annotations GitOps
/// tools and kubectl add to track what they applied.
/// </summary>
public static class DriftNoise
{
    /// <summary>Top-level and metadata fields the server owns (dotted paths; everything under them is skipped too).</summary>
    public static IReadOnlyList<string> ServerOwnedPaths { get; } =
    [
        "status", "metadata.uid", "metadata.resourceVersion", "metadata.generation", "metadata.creationTimestamp",
        "metadata.managedFields", "metadata.selfLink", "metadata.deletionTimestamp", "metadata.deletionGracePeriodSeconds",
        "metadata.ownerReferences", "metadata.generateName", "apiVersion", "kind", "metadata.name",
    ];

    /// <summary>Annotations kubectl, the controllers and the GitOps tools write (a trailing '/' means a prefix).</summary>
    public static IReadOnlyList<string> TrackingAnnotations { get; } =
    [
        "kubectl.kubernetes.io/last-applied-configuration", "kubectl.kubernetes.io/restartedAt", "deployment.kubernetes.io/",
        "argocd.argoproj.io/tracking-id", "argocd.argoproj.io/compare-options", "meta.helm.sh/", "kustomize.toolkit.fluxcd.io/",
        "helm.toolkit.fluxcd.io/", "autoscaling.alpha.kubernetes.io/", "pv.kubernetes.io/", "volume.beta.kubernetes.io/",
        "volume.kubernetes.io/", "control-plane.alpha.kubernetes.io/", "endpoints.kubernetes.io/", "batch.kubernetes.io/",
    ];

    /// <summary>Labels the GitOps tools and the controllers add (a trailing '/' means a prefix).</summary>
    public static IReadOnlyList<string> TrackingLabels { get; } =
    [
        "kustomize.toolkit.fluxcd.io/", "helm.toolkit.fluxcd.io/", "argocd.argoproj.io/instance", "app.kubernetes.io/instance",
        "pod-template-hash", "controller-uid", "batch.kubernetes.io/", "controller-revision-hash", "statefulset.kubernetes.io/",
        "kubernetes.io/metadata.name", "job-name",
    ];

    public static bool IsNoise(FieldPath path)
    {
        foreach (var owned in ServerOwnedPaths)
        {
            if (path.StartsWith(owned))
            {
                return true;
            }
        }

        var segments = path.Segments;
        if (segments.Count >= 2 && segments[^2].Field is "annotations" or "labels" && segments[^1].Field is { } key
            && (segments.Count == 3 || path.Dotted.EndsWith("template.metadata." + segments[^2].Field + "." + key, StringComparison.Ordinal)))
        {
            var table = segments[^2].Field == "labels" ? TrackingLabels : TrackingAnnotations;
            return table.Any(entry => entry.EndsWith('/') ? key.StartsWith(entry, StringComparison.Ordinal) : key == entry);
        }

        return false;
    }
}
