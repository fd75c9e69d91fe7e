namespace GitOpsAi.Core.Diagnostics;

/// <summary>
/// Every diagnostic the engine can produce, for reports that list rules (SARIF) and for documentation. Other families
/// of checks (policy rules) register here too, so front ends never need to know where a code comes from.
/// </summary>
public static class DiagnosticCatalog
{
    private static readonly List<Func<IEnumerable<DiagnosticDescriptor>>> Providers = [() => CoreDiagnostics.All];

    public static IEnumerable<DiagnosticDescriptor> All => Providers.SelectMany(provider => provider());

    public static void Register(Func<IEnumerable<DiagnosticDescriptor>> provider)
    {
        lock (Providers)
        {
            Providers.Add(provider);
        }
    }
}
