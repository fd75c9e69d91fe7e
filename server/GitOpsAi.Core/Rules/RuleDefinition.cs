using GitOpsAi.Core.Diagnostics;

namespace GitOpsAi.Core.Rules;

public enum RuleCategory
{
    Security,
    Reliability,
    Efficiency,
    Gitops,
    Secrets,
}

/// <summary>
/// A policy rule: data (id, category, default severity, description, remediation, scope, equivalents in other tools)
/// plus a configured template that holds the logic. Rules are listed explicitly in <see cref="RuleRegistry"/>.
/// </summary>
public sealed record RuleDefinition
{
    /// <summary>Kebab-case, stable: the diagnostic code users configure and suppress by.</summary>
    public required string Id { get; init; }

    public required RuleCategory Category { get; init; }

    public required DiagnosticSeverity DefaultSeverity { get; init; }

    /// <summary>What the rule finds, as one sentence.</summary>
    public required string Description { get; init; }

    /// <summary>What to do about it: one sentence ending with a period.</summary>
    public required string Remediation { get; init; }

    /// <summary>The kinds the rule looks at; <see cref="RuleScope.Workloads"/> stands for every kind with a pod template.</summary>
    public required IReadOnlyList<string> Scope { get; init; }

    /// <summary>The same check in other tools, e.g. "polaris:runAsRootAllowed", "kube-linter:run-as-non-root".</summary>
    public IReadOnlyList<string> Equivalents { get; init; } = [];

    public bool EnabledByDefault { get; init; } = true;

    /// <summary>Where Polaris and kube-linter disagree, the note says which behaviour is the default and how to get the other.</summary>
    public string? Notes { get; init; }

    /// <summary>
    /// What the rule's fixes do when applied, for a rule whose findings carry fixes (a meta-test checks every fixable rule
    /// declares it); null for a rule without fixes.
    /// </summary>
    public FixSafety? FixSafety { get; init; }

    public required IRuleTemplate Template { get; init; }

    public DiagnosticDescriptor Descriptor => new(Id, DefaultSeverity, DiagnosticSources.Policy, Description);

    public bool AppliesTo(string? kind) => kind is not null && RuleScope.Matches(Scope, kind);
}

/// <summary>Scope names: concrete kinds, or the groups below.</summary>
public static class RuleScope
{
    public const string Workloads = "<workloads>";
    public const string Any = "<any>";

    public static bool Matches(IReadOnlyList<string> scope, string kind)
    {
        // Indexed, not foreach: an interface's enumerator is an object, and this is asked for every rule of every object.
        for (var i = 0; i < scope.Count; i++)
        {
            var entry = scope[i];
            if (entry == kind || entry == Any || (entry == Workloads && Manifests.WorkloadKinds.PodSpecPath(kind) is not null))
            {
                return true;
            }
        }

        return false;
    }
}
