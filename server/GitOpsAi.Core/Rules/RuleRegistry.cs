using GitOpsAi.Core.Rules.Catalog;

namespace GitOpsAi.Core.Rules;

/// <summary>Every built-in rule, listed explicitly. Docs (docs/rules.md) and the config schema are generated from here.</summary>
public static class RuleRegistry
{
    public static IReadOnlyList<RuleDefinition> All { get; } =
    [
        .. SecurityRules.All,
        .. RbacRules.All,
        .. ReliabilityRules.All,
        .. ContainerReliabilityRules.All,
        .. EfficiencyRules.All,
        .. GitopsRules.All,
        .. SecretRules.All,
    ];

    private static readonly Lazy<IReadOnlyDictionary<string, RuleDefinition>> ById = new(() => All!.ToDictionary(r => r.Id, StringComparer.Ordinal));

    public static RuleDefinition? Find(string id) => ById.Value.GetValueOrDefault(id);
}
