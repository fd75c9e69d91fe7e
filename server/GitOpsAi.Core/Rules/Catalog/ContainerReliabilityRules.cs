namespace GitOpsAi.Core.Rules.Catalog;

/// <summary>Container-level reliability rules: probes, pull policy, ports.</summary>
public static class ContainerReliabilityRules
{
    public static IReadOnlyList<RuleDefinition> All { get; } = [];
}
