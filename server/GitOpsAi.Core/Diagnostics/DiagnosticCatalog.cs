namespace GitOpsAi.Core.Diagnostics;

/// <summary>Every diagnostic the engine can produce, built-in codes and rules, for reports that list them (SARIF).</summary>
public static class DiagnosticCatalog
{
    public static IEnumerable<DiagnosticDescriptor> All =>
        CoreDiagnostics.All.Concat(Rules.RuleRegistry.All.Select(rule => rule.Descriptor));
}
