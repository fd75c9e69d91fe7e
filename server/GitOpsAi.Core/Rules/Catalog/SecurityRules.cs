using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Rules.Templates;

namespace GitOpsAi.Core.Rules.Catalog;

/// <summary>Security rules: pod and container hardening, RBAC, host access.</summary>
public static class SecurityRules
{
    public static IReadOnlyList<RuleDefinition> All { get; } =
    [
        new()
        {
            Id = "run-as-non-root",
            Category = RuleCategory.Security,
            DefaultSeverity = DiagnosticSeverity.Error,
            Description = "Containers that may run as root.",
            Remediation = "Set securityContext.runAsNonRoot: true (or a non-zero runAsUser) on the container or the pod.",
            Scope = [RuleScope.Workloads],
            Equivalents = ["polaris:runAsRootAllowed", "kube-linter:run-as-non-root"],
            Template = new RunAsNonRootTemplate(),
        },
    ];
}
