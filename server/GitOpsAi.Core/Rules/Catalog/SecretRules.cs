namespace GitOpsAi.Core.Rules.Catalog;

/// <summary>Secret rules: plain Secrets and secret-looking values committed to Git.</summary>
public static class SecretRules
{
    public static IReadOnlyList<RuleDefinition> All { get; } = [];
}
