using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Analysis;

/// <summary>Everything the analysis found in one file, sorted by position.</summary>
public sealed record FileAnalysis(WorkspaceFile File, IReadOnlyList<Diagnostic> Diagnostics)
{
    public string Path => File.Path;
}
