using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Rules.Templates;

namespace GitOpsAi.Core.Rules.Catalog;

/// <summary>GitOps rules: Flux and Argo CD objects and how the repository's objects refer to each other.</summary>
public static class GitopsRules
{
    public static IReadOnlyList<RuleDefinition> All { get; } =
    [
        new()
        {
            Id = "flux-kustomization-prune",
            Category = RuleCategory.Gitops,
            DefaultSeverity = DiagnosticSeverity.Warning,
            Description = "Flux Kustomizations that do not prune objects removed from Git.",
            Remediation = "Set spec.prune: true so objects deleted from the repository are deleted from the cluster.",
            Scope = ["Kustomization"],
            Template = new FluxOnly(new RequiredFieldTemplate(new RequiredFieldParameters { Path = "spec.prune", Value = "true" })),
        },
    ];
}
