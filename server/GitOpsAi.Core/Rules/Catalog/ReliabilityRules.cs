using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Rules.Templates;

namespace GitOpsAi.Core.Rules.Catalog;

/// <summary>Reliability rules: images, probes, replicas, disruption budgets, autoscaling.</summary>
public static class ReliabilityRules
{
    public static IReadOnlyList<RuleDefinition> All { get; } =
    [
        new()
        {
            Id = "latest-tag",
            Category = RuleCategory.Reliability,
            DefaultSeverity = DiagnosticSeverity.Error,
            Description = "Container images with the 'latest' tag or no tag at all.",
            Remediation = "Pin every image to a version tag or a digest.",
            Scope = [RuleScope.Workloads],
            Equivalents = ["polaris:tagNotSpecified", "kube-linter:latest-tag"],
            FixSafety = FixSafety.Unsafe,
            Template = new ImageTagTemplate(),
        },
        new()
        {
            Id = "deployment-missing-replicas",
            Category = RuleCategory.Reliability,
            DefaultSeverity = DiagnosticSeverity.Warning,
            Description = "Deployments that run a single replica.",
            Remediation = "Set spec.replicas to 2 or more, or let a HorizontalPodAutoscaler manage the replicas.",
            Scope = ["Deployment"],
            Equivalents = ["polaris:deploymentMissingReplicas"],
            Notes = "A kustomization's replicas entry counts as the replica count. Deployments an autoscaler (HorizontalPodAutoscaler or KEDA ScaledObject) scales are skipped, since their spec.replicas is not used; Polaris reports them too (set skipWhenAutoscaled: false).",
            FixSafety = FixSafety.Unsafe,
            Template = new MinReplicasTemplate(),
        },
        new()
        {
            Id = "metadata-instance-mismatch",
            Category = RuleCategory.Reliability,
            DefaultSeverity = DiagnosticSeverity.Warning,
            Description = "Workloads whose app.kubernetes.io/instance label differs from their name.",
            Remediation = "Set the app.kubernetes.io/instance label to the object's metadata.name.",
            Scope = [RuleScope.Workloads],
            Equivalents = ["polaris:metadataAndInstanceMismatched"],
            Notes = "Polaris also fails workloads that do not have the label at all; by default only a label that is present and differs is reported (set requireLabel: true for Polaris's behaviour).",
            Template = new MatchingLabelTemplate(),
        },
        new()
        {
            Id = "pdb-zero-disruptions",
            Category = RuleCategory.Reliability,
            DefaultSeverity = DiagnosticSeverity.Warning,
            Description = "PodDisruptionBudgets that never allow a voluntary eviction (maxUnavailable 0 or minAvailable 100%).",
            Remediation = "Allow at least one disruption: set maxUnavailable to 1 or more, or minAvailable below the replica count.",
            Scope = ["PodDisruptionBudget"],
            Equivalents = ["polaris:pdbDisruptionsIsZero", "kube-linter:pdb-max-unavailable"],
            Notes = "Polaris checks maxUnavailable 0 or 0% and minAvailable 100%; kube-linter's pdb-max-unavailable checks maxUnavailable 0, and its pdb-min-available reports minAvailable 100% (reported here, not by pdb-min-available-too-high).",
            Template = new PdbZeroDisruptionsTemplate(),
        },
        new()
        {
            Id = "pdb-min-available-too-high",
            Category = RuleCategory.Reliability,
            DefaultSeverity = DiagnosticSeverity.Warning,
            Description = "PodDisruptionBudgets whose minAvailable is at least the replica count of the workload they select, so no pod can be evicted.",
            Remediation = "Lower minAvailable below the workload's replicas (or its autoscaler's minReplicas), or raise those.",
            Scope = ["PodDisruptionBudget"],
            Equivalents = ["kube-linter:pdb-min-available", "polaris:pdbMinAvailableGreaterThanHPAMinReplicas"],
            Notes = "kube-linter compares with the workload's replicas, Polaris with the minReplicas of the Deployment's HorizontalPodAutoscaler; both are done by default (compareReplicas, compareAutoscalerMinimum). Workloads are matched by the PodDisruptionBudget's selector against their pod labels (or, when the pod template writes none, their own selector's labels, as kube-linter does), in the same namespace; percentages are rounded up as Kubernetes does and, against an autoscaler, taken of the replicas written on the workload as Polaris does. minAvailable above 100% is reported here, exactly 100% by pdb-zero-disruptions.",
            Template = new PdbMinAvailableTemplate(),
        },
        new()
        {
            Id = "pdb-unhealthy-pod-eviction-policy",
            Category = RuleCategory.Reliability,
            DefaultSeverity = DiagnosticSeverity.Warning,
            Description = "PodDisruptionBudgets that do not set unhealthyPodEvictionPolicy.",
            Remediation = "Set spec.unhealthyPodEvictionPolicy: AlwaysAllow so pods that are not ready can be evicted during node drains.",
            Scope = ["PodDisruptionBudget"],
            Equivalents = ["kube-linter:pdb-unhealthy-pod-eviction-policy"],
            FixSafety = FixSafety.Unsafe,
            Template = new RequiredFieldTemplate(new RequiredFieldParameters { Path = "spec.unhealthyPodEvictionPolicy", FixValue = "AlwaysAllow" }),
        },
        new()
        {
            Id = "missing-pod-disruption-budget",
            Category = RuleCategory.Reliability,
            DefaultSeverity = DiagnosticSeverity.Warning,
            Description = "Deployments whose pods no PodDisruptionBudget selects.",
            Remediation = "Add a PodDisruptionBudget whose selector matches the Deployment's pod labels.",
            Scope = ["Deployment"],
            Equivalents = ["polaris:missingPodDisruptionBudget"],
            Notes = "Polaris checks every Deployment; by default only Deployments that can run 2 or more replicas (spec.replicas, or their autoscaler's maxReplicas) are checked, since a budget for a single replica blocks drains (set minReplicas: 0 for Polaris's behaviour). A budget must be in the same namespace and match the pod template's labels with its selector, so pods without labels are never covered.",
            Template = new MissingPdbTemplate(),
        },
        new()
        {
            Id = "replicas-not-spread",
            Category = RuleCategory.Reliability,
            DefaultSeverity = DiagnosticSeverity.Warning,
            Description = "Workloads with several replicas that do not spread them across nodes or zones.",
            Remediation = "Add a topologySpreadConstraint (or a podAntiAffinity term) on kubernetes.io/hostname or topology.kubernetes.io/zone that selects the workload's own pods.",
            Scope = ["Deployment", "StatefulSet", "ReplicaSet", "ReplicationController", "DeploymentConfig"],
            Equivalents = ["polaris:topologySpreadConstraint", "kube-linter:no-anti-affinity"],
            Notes = "Polaris requires topologySpreadConstraints on every pod spec except Jobs and CronJobs; kube-linter requires podAntiAffinity on workloads with 2 or more replicas. By default either mechanism counts and workloads with fewer than 2 replicas are skipped (set accept: [topologySpreadConstraints] and minReplicas: 0 for Polaris's behaviour, accept: [podAntiAffinity] for kube-linter's). The fix adds a soft (ScheduleAnyway) spread over hostnames.",
            FixSafety = FixSafety.Unsafe,
            Template = new SpreadTemplate(),
        },
        new()
        {
            Id = "hpa-min-replicas",
            Category = RuleCategory.Reliability,
            DefaultSeverity = DiagnosticSeverity.Warning,
            Description = "HorizontalPodAutoscalers that may scale down to a single replica.",
            Remediation = "Set minReplicas to 2 or more.",
            Scope = ["HorizontalPodAutoscaler"],
            Equivalents = ["polaris:hpaMinAvailability"],
            Notes = "As Polaris, an autoscaler without minReplicas is not reported (set requireExplicit: true to report it).",
            FixSafety = FixSafety.Unsafe,
            Template = new HpaMinReplicasTemplate(),
        },
        new()
        {
            Id = "hpa-no-scaling-range",
            Category = RuleCategory.Reliability,
            DefaultSeverity = DiagnosticSeverity.Warning,
            Description = "HorizontalPodAutoscalers whose maxReplicas is not greater than minReplicas.",
            Remediation = "Set maxReplicas above minReplicas so the autoscaler can scale.",
            Scope = ["HorizontalPodAutoscaler"],
            Equivalents = ["polaris:hpaMaxAvailability"],
            Template = new HpaScalingRangeTemplate(),
        },
        new()
        {
            Id = "duplicate-hpa",
            Category = RuleCategory.Reliability,
            DefaultSeverity = DiagnosticSeverity.Warning,
            Description = "Workloads scaled by two autoscalers (HorizontalPodAutoscalers, or a KEDA ScaledObject and an autoscaler), which fight over the replica count.",
            Remediation = "Keep one autoscaler per workload and merge the metrics of the others into it.",
            Scope = ["HorizontalPodAutoscaler", "ScaledObject"],
            Notes = "Autoscalers match by scaleTargetRef kind and name in the same namespace. Each of them is reported, naming the others.",
            Template = new DuplicateAutoscalerTemplate(),
        },
        new()
        {
            Id = "job-ttl-seconds-after-finished",
            Category = RuleCategory.Reliability,
            DefaultSeverity = DiagnosticSeverity.Warning,
            Description = "Standalone Jobs that do not set ttlSecondsAfterFinished, and CronJobs whose Jobs set it.",
            Remediation = "Set spec.ttlSecondsAfterFinished on standalone Jobs; on CronJobs, remove it from the job template and rely on the history limits.",
            Scope = ["Job", "CronJob"],
            Equivalents = ["kube-linter:job-ttl-seconds-after-finished"],
            Notes = "As kube-linter: a finished Job without a TTL stays with its pods until deleted; a CronJob's own history limits clean up its Jobs, and a TTL on them conflicts with those limits.",
            Template = new JobTtlTemplate(),
        },
        new()
        {
            Id = "mismatching-selector",
            Category = RuleCategory.Reliability,
            DefaultSeverity = DiagnosticSeverity.Warning,
            Description = "Workloads whose selector does not match their own pod template's labels.",
            Remediation = "Make spec.selector match the labels in spec.template.metadata.labels.",
            Scope = [RuleScope.Workloads],
            Equivalents = ["kube-linter:mismatching-selector"],
            Notes = "kube-linter also reports a missing selector; here the schema check reports it where Kubernetes requires one (Jobs and ReplicationControllers default theirs). A pod template with no labels at all fails any non-empty selector; OpenShift DeploymentConfigs are checked with their plain-map selector.",
            Template = new SelectorMatchesTemplate(),
        },
        new()
        {
            Id = "invalid-target-ports",
            Category = RuleCategory.Reliability,
            DefaultSeverity = DiagnosticSeverity.Warning,
            Description = "Container port names and Service targetPorts that are not valid port names or numbers.",
            Remediation = "Use port names of at most 15 lower-case letters, digits and single hyphens with at least one letter (RFC 6335), and port numbers from 1 to 65535.",
            Scope = [RuleScope.Workloads, "Service"],
            Equivalents = ["kube-linter:invalid-target-ports"],
            Template = new PortNamesTemplate(),
        },
        new()
        {
            Id = "deprecated-service-account-field",
            Category = RuleCategory.Reliability,
            DefaultSeverity = DiagnosticSeverity.Warning,
            Description = "Pod specs that use the deprecated serviceAccount field.",
            Remediation = "Use serviceAccountName instead of serviceAccount.",
            Scope = [RuleScope.Workloads],
            Equivalents = ["kube-linter:deprecated-service-account-field"],
            FixSafety = FixSafety.Safe,
            Template = new DeprecatedServiceAccountTemplate(),
        },
        new()
        {
            Id = "no-extensions-v1beta",
            Category = RuleCategory.Reliability,
            DefaultSeverity = DiagnosticSeverity.Error,
            Description = "Objects in the removed extensions/v1beta* API versions.",
            Remediation = "Move the object to its current API (apps/v1, networking.k8s.io/v1).",
            Scope = [RuleScope.Any],
            Equivalents = ["kube-linter:no-extensions-v1beta"],
            EnabledByDefault = false,
            Notes = "Off by default: the core removed-api-version diagnostic already reports these objects, with the release that removed them. Turn it on for kube-linter's check id; while it is on, removed-api-version is not reported for extensions/* objects, so a line is not reported twice. Error, not Warning, like the diagnostic it replaces: Kubernetes no longer serves these APIs.",
            Template = new DisallowedApiVersionTemplate(),
        },

        // Workload-level security: network isolation and TLS.
        new()
        {
            Id = "missing-network-policy",
            Category = RuleCategory.Security,
            DefaultSeverity = DiagnosticSeverity.Warning,
            Description = "Workloads whose pods no network policy selects.",
            Remediation = "Add a NetworkPolicy (or Cilium/Calico policy) in the workload's namespace whose podSelector matches its pods.",
            Scope = [RuleScope.Workloads],
            Equivalents = ["polaris:missingNetworkPolicy"],
            Notes = "Polaris requires a NetworkPolicy whose podSelector.matchLabels names one of the pod's labels and that has both ingress and egress rules, and reports every workload when there is none. By default any policy that selects the pods (an empty podSelector selects all, Cilium and Calico policies count) and restricts ingress is enough, repositories without any network policy are taken to manage it elsewhere, and namespaces a HelmRelease or remote base installs into are skipped (set policyTypes: [Ingress, Egress], requireWhenRepositoryHasNone: true and requirePolicyRules: true for Polaris's verdicts). A direction listed in policyTypes without rules counts by default, since Kubernetes then denies all traffic that way; Polaris wants rules for both directions.",
            Template = new MissingNetworkPolicyTemplate(),
        },
        new()
        {
            Id = "ingress-tls-missing",
            Category = RuleCategory.Security,
            DefaultSeverity = DiagnosticSeverity.Warning,
            Description = "Ingresses without TLS settings.",
            Remediation = "Add spec.tls with the hosts and the Secret that holds their certificate.",
            Scope = ["Ingress"],
            Equivalents = ["polaris:tlsSettingsMissing"],
            Template = new RequiredFieldTemplate(new RequiredFieldParameters { Path = "spec.tls" }),
        },
    ];
}
