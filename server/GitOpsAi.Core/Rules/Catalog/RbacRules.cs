namespace GitOpsAi.Core.Rules.Catalog;

/// <summary>RBAC rules: who may exec into pods, who is bound to cluster-admin, wildcards.</summary>
public static class RbacRules
{
    public static IReadOnlyList<RuleDefinition> All { get; } = [];
}
