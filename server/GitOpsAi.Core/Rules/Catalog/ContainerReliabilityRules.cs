using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Rules.Templates;

namespace GitOpsAi.Core.Rules.Catalog;

/// <summary>Container- and pod-level reliability rules: probes, pull policy, environment, priority.</summary>
public static class ContainerReliabilityRules
{
    public static IReadOnlyList<RuleDefinition> All { get; } =
    [
        new()
        {
            Id = "readiness-probe-missing",
            Category = RuleCategory.Reliability,
            DefaultSeverity = DiagnosticSeverity.Warning,
            Description = "Containers without a readiness probe.",
            Remediation = "Add a readinessProbe so traffic reaches the container only once it can serve it.",
            Scope = [RuleScope.Workloads],
            Equivalents = ["polaris:readinessProbeMissing", "kube-linter:no-readiness-probe"],
            Notes = "As Polaris, Jobs, CronJobs and init containers are not checked (skipKinds). Unlike Polaris, neither are bare pods that run to completion (restartPolicy Never or OnFailure; skipRunToCompletionPods).",
            Template = new ContainerFieldTemplate(new ContainerFieldParameters { Field = "readinessProbe", SkipKinds = ["Job", "CronJob"], SkipRunToCompletionPods = true }),
        },
        new()
        {
            Id = "liveness-probe-missing",
            Category = RuleCategory.Reliability,
            DefaultSeverity = DiagnosticSeverity.Warning,
            Description = "Containers without a liveness probe.",
            Remediation = "Add a livenessProbe so the kubelet restarts the container when it hangs.",
            Scope = [RuleScope.Workloads],
            Equivalents = ["polaris:livenessProbeMissing", "kube-linter:no-liveness-probe"],
            Notes = "As Polaris, Jobs, CronJobs and init containers are not checked (skipKinds). Unlike Polaris, neither are bare pods that run to completion (restartPolicy Never or OnFailure; skipRunToCompletionPods).",
            Template = new ContainerFieldTemplate(new ContainerFieldParameters { Field = "livenessProbe", SkipKinds = ["Job", "CronJob"], SkipRunToCompletionPods = true }),
        },
        new()
        {
            Id = "probe-port",
            Category = RuleCategory.Reliability,
            DefaultSeverity = DiagnosticSeverity.Warning,
            Description = "Probes that target a port the container does not declare.",
            Remediation = "Point the probe at a port listed in the container's ports, by name or number.",
            Scope = [RuleScope.Workloads],
            Equivalents = ["kube-linter:liveness-port", "kube-linter:readiness-port", "kube-linter:startup-port"],
            Notes = "Covers kube-linter's three checks: httpGet, tcpSocket and grpc probes of regular containers must name a declared TCP port. A named port that is not declared makes the probe fail; a numeric one still works (ports are informational), so set requireDeclaredNumericPorts to false to report only names.",
            Template = new ProbePortTemplate(),
        },
        new()
        {
            Id = "pull-policy-not-always",
            Category = RuleCategory.Reliability,
            DefaultSeverity = DiagnosticSeverity.Warning,
            Description = "Containers whose imagePullPolicy is not Always.",
            Remediation = "Set imagePullPolicy: Always so the node re-checks the registry and cannot run a stale or unauthorised cached image.",
            Scope = [RuleScope.Workloads],
            Equivalents = ["polaris:pullPolicyNotAlways"],
            Notes = "Polaris wants Always everywhere, but with an image pinned to an immutable tag or digest (see latest-tag) IfNotPresent runs the same image without depending on the registry at every start; set skipDigestPinnedImages to true to skip images pinned by digest, or turn the rule off if tags are immutable in your registry.",
            FixSafety = FixSafety.Unsafe,
            Template = new ContainerFieldTemplate(new ContainerFieldParameters { Field = "imagePullPolicy", Value = "Always", FixValue = "Always", IncludeInitContainers = true }),
        },
        new()
        {
            Id = "duplicate-env-var",
            Category = RuleCategory.Reliability,
            DefaultSeverity = DiagnosticSeverity.Warning,
            Description = "Containers that set the same environment variable more than once.",
            Remediation = "Keep one entry per name; Kubernetes uses the last one and server-side apply (as Flux uses) rejects the duplicate.",
            Scope = [RuleScope.Workloads],
            Equivalents = ["kube-linter:duplicate-env-var"],
            Template = new DuplicateEnvVarTemplate(),
        },
        new()
        {
            Id = "priority-class-not-set",
            Category = RuleCategory.Reliability,
            DefaultSeverity = DiagnosticSeverity.Warning,
            Description = "Pods without a priority class.",
            Remediation = "Set priorityClassName so the scheduler knows which pods to keep when the cluster is short of resources.",
            Scope = [RuleScope.Workloads],
            Equivalents = ["polaris:priorityClassNotSet"],
            Notes = "kube-linter's priority-class-name is a different check (the name must be one of an accepted list; unset passes).",
            Template = new PodSpecFieldTemplate(new PodSpecFieldParameters { Field = "priorityClassName", Required = true }),
        },
    ];
}
