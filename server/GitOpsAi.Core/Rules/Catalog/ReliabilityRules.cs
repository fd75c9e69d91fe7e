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
            Template = new ImageTagTemplate(),
        },
    ];
}
