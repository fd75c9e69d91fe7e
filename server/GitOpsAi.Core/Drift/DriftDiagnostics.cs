using GitOpsAi.Core.Diagnostics;

namespace GitOpsAi.Core.Drift;

/// <summary>The codes of live-cluster findings (source <c>gitops-ai.drift</c>).</summary>
public static class DriftDiagnostics
{
    public static readonly DiagnosticDescriptor Field = new("drift-field", DiagnosticSeverity.Warning, DiagnosticSources.Drift, "A field differs in the live cluster from what Git sets (warning above maxDriftScore, information at or below).");
    public static readonly DiagnosticDescriptor Missing = new("drift-missing", DiagnosticSeverity.Warning, DiagnosticSources.Drift, "An object in Git is not in the live cluster.");
    public static readonly DiagnosticDescriptor Unmanaged = new("drift-unmanaged", DiagnosticSeverity.Information, DiagnosticSources.Drift, "Objects in a namespace Git manages that no Git source produces.");
    public static readonly DiagnosticDescriptor ImmutableChange = new("immutable-field-change", DiagnosticSeverity.Error, DiagnosticSources.Drift, "Git changes a field Kubernetes does not allow to change; the apply will be refused.");
    public static readonly DiagnosticDescriptor Status = new("drift-cluster-status", DiagnosticSeverity.Information, DiagnosticSources.Drift, "The cluster could not be read (unreachable, unauthorised, stale); drift findings are missing or out of date.");

    public static IReadOnlyList<DiagnosticDescriptor> All { get; } = [Field, Missing, Unmanaged, ImmutableChange, Status];
}
