using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Analysis;

/// <summary>Everything the analysis found in one file, sorted by position.</summary>
public sealed record FileAnalysis(WorkspaceFile File, IReadOnlyList<Diagnostic> Diagnostics)
{
    public string Path => File.Path;

    /// <summary>The findings that exist only in rendered output (part of <see cref="Diagnostics"/>; empty when not run).</summary>
    public IReadOnlyList<Diagnostic> Rendered { get; init; } = [];

    /// <summary>False when the rendered-output checks were left out (<see cref="AnalysisScope.WithoutRendered"/>).</summary>
    public bool IsComplete { get; init; } = true;
}
