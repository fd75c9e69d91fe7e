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
            Notes = "kube-linter's unset-cpu-requirements accepts a request or a limit (requirementsType: any); Polaris checks requests and limits separately. Default: requests, as Polaris; set requirementsType to any for kube-linter's behaviour.",
            Template = new ResourceRequirementsTemplate(new ResourceRequirementsParameters { Resource = "cpu", RequirementsType = "requests" }),
        },
    ];
}
