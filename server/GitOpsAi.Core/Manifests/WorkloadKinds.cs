namespace GitOpsAi.Core.Manifests;

/// <summary>Where each workload kind keeps its pod spec.</summary>
public static class WorkloadKinds
{
    private static readonly string[] PodPath = ["spec"];
    private static readonly string[] TemplatePath = ["spec", "template", "spec"];
    private static readonly string[] CronJobPath = ["spec", "jobTemplate", "spec", "template", "spec"];
    private static readonly string[] PodTemplatePath = ["template", "spec"];

    // Shared like the pod spec paths: an array per call, for the pod metadata of every workload several rules read (the
    // secret rules' annotations, pod labels), was 3 MB of a 50,000-resource check.
    private static readonly string[] PodMetadata = ["metadata"];
    private static readonly string[] TemplateMetadata = ["spec", "template", "metadata"];
    private static readonly string[] CronJobMetadata = ["spec", "jobTemplate", "spec", "template", "metadata"];
    private static readonly string[] PodTemplateMetadata = ["template", "metadata"];

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
        "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet" or "ReplicationController" or "Job" or "DeploymentConfig" => TemplateMetadata,
        "CronJob" => CronJobMetadata,
        "PodTemplate" => PodTemplateMetadata,
        "Pod" => PodMetadata,
        _ => null,
    };
}
