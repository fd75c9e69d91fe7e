using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Rules.Templates;

namespace GitOpsAi.Core.Rules.Catalog;

/// <summary>Efficiency rules: resource requests and limits.</summary>
public static class EfficiencyRules
{
    public static IReadOnlyList<RuleDefinition> All { get; } =
    [
        new()
        {
            Id = "cpu-requests-missing",
            Category = RuleCategory.Efficiency,
            DefaultSeverity = DiagnosticSeverity.Warning,
            Description = "Containers without a CPU request.",
            Remediation = "Set resources.requests.cpu so the scheduler can place the pod.",
            Scope = [RuleScope.Workloads],
            Equivalents = ["polaris:cpuRequestsMissing", "kube-linter:unset-cpu-requirements"],
            Notes = "Default requirementsType: any, so a CPU limit alone passes: Kubernetes then sets the request to the limit. Polaris and current kube-linter (unset-cpu-requirements uses requirementsType: request) report a limit without a request: set requirementsType to requests for that; older kube-linter releases required a request and a limit: set it to all. Init containers are not checked, as in Polaris. The fix inserts settings.defaultCpuRequest.",
            FixSafety = FixSafety.Unsafe,
            Template = new ResourceRequirementsTemplate(new ResourceRequirementsParameters { Resource = "cpu", RequirementsType = "any" }),
        },
        new()
        {
            Id = "cpu-limits-missing",
            Category = RuleCategory.Efficiency,
            DefaultSeverity = DiagnosticSeverity.Warning,
            Description = "Containers without a CPU limit.",
            Remediation = "Set resources.limits.cpu so one container cannot starve the others on its node.",
            Scope = [RuleScope.Workloads],
            Equivalents = ["polaris:cpuLimitsMissing"],
            Notes = "Polaris requires CPU limits; kube-linter no longer does (a CPU limit throttles bursts, while the request already guarantees the container its share). Init containers are not checked, as in Polaris. The fix is offered only when settings.defaultCpuLimit is set.",
            FixSafety = FixSafety.Unsafe,
            Template = new ResourceRequirementsTemplate(new ResourceRequirementsParameters { Resource = "cpu", RequirementsType = "limits" }),
        },
        new()
        {
            Id = "memory-requests-missing",
            Category = RuleCategory.Efficiency,
            DefaultSeverity = DiagnosticSeverity.Warning,
            Description = "Containers without a memory request.",
            Remediation = "Set resources.requests.memory so the scheduler reserves the memory the container needs.",
            Scope = [RuleScope.Workloads],
            Equivalents = ["polaris:memoryRequestsMissing"],
            Notes = "Default requirementsType: any, so a memory limit alone passes: Kubernetes then sets the request to the limit. Polaris reports it: set requirementsType to requests for Polaris's behaviour. Init containers are not checked, as in Polaris. The fix inserts settings.defaultMemoryRequest.",
            FixSafety = FixSafety.Unsafe,
            Template = new ResourceRequirementsTemplate(new ResourceRequirementsParameters { Resource = "memory", RequirementsType = "any" }),
        },
        new()
        {
            Id = "memory-limits-missing",
            Category = RuleCategory.Efficiency,
            DefaultSeverity = DiagnosticSeverity.Warning,
            Description = "Containers without a memory limit.",
            Remediation = "Set resources.limits.memory so a leaking container is restarted instead of exhausting its node.",
            Scope = [RuleScope.Workloads],
            Equivalents = ["polaris:memoryLimitsMissing", "kube-linter:unset-memory-requirements"],
            Notes = "Polaris and current kube-linter both require a memory limit (kube-linter's unset-memory-requirements uses requirementsType: limit). Older kube-linter releases required a request and a limit: set requirementsType to all. Init containers are not checked, as in Polaris. The fix inserts settings.defaultMemoryLimit.",
            FixSafety = FixSafety.Unsafe,
            Template = new ResourceRequirementsTemplate(new ResourceRequirementsParameters { Resource = "memory", RequirementsType = "limits" }),
        },
    ];
}
