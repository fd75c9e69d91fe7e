namespace GitOpsAi.Core.Manifests;

/// <summary>Where each workload kind keeps its pod spec.</summary>
public static class WorkloadKinds
{
    private static readonly string[] PodPath = ["spec"];
    private static readonly string[] TemplatePath = ["spec", "template", "spec"];
    private static readonly string[] CronJobPath = ["spec", "jobTemplate", "spec", "template", "spec"];
    private static readonly string[] PodTemplatePath = ["template", "spec"];

    // Shared like the pod spec paths: made on each call, the path was 3 MB of the 50k check's allocations (every pod's labels).
    private static readonly string[] TemplateMetadataPath = ["spec", "template", "metadata"];
    private static readonly string[] CronJobMetadataPath = ["spec", "jobTemplate", "spec", "template", "metadata"];
    private static readonly string[] PodTemplateMetadataPath = ["template", "metadata"];
    private static readonly string[] PodMetadata = ["metadata"];

    public static IReadOnlyList<string> All { get; } =
        ["Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "CronJob", "PodTemplate", "DeploymentConfig"];

    /// <summary>Kinds whose spec.selector is a plain label map rather than matchLabels/matchExpressions.</summary>
    public static bool HasMapSelector(string? kind) => kind is "ReplicationController" or "DeploymentConfig";

    public static string[]? PodSpecPath(string? kind) => kind switch
    {
        "Pod" => PodPath,
        // OpenShift's DeploymentConfig (apps.openshift.io/v1) is a workload to kube-linter too.
        "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet" or "ReplicationController" or "Job" or "DeploymentConfig" => TemplatePath,
        "CronJob" => CronJobPath,
        "PodTemplate" => PodTemplatePath,
        _ => null,
    };

    /// <summary>The path to the pod template's metadata (labels that selectors match), or null for Pods.</summary>
    public static string[]? PodMetadataPath(string? kind) => kind switch
    {
        "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet" or "ReplicationController" or "Job" or "DeploymentConfig" => TemplateMetadataPath,
        "CronJob" => CronJobMetadataPath,
        "PodTemplate" => PodTemplateMetadataPath,
        "Pod" => PodMetadata,
        _ => null,
    };
}
