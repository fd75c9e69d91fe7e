using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Drift;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.LanguageServer.Services;

/// <summary>
/// Drift for every file against the cluster its path maps to (<c>drift.clusters</c> in .gitops-ai/rules.yaml, else
/// the default context). A new instance is made whenever one of the clusters' copies changes, so the diagnostics
/// service knows to analyse again. A file whose cluster is not connected yet asks for it (lazily) and gets no drift.
/// </summary>
internal sealed class ClusterDrift(Func<WorkspaceSnapshot, WorkspaceFile, DriftAnalyzer?> analyzerFor) : IFileAnalyzer
{
    /// <summary>The analyzer of the cluster a file is compared against, or null while it is not connected.</summary>
    public DriftAnalyzer? For(WorkspaceSnapshot workspace, WorkspaceFile file) => analyzerFor(workspace, file);

    public void Analyze(FileAnalysisContext context) => analyzerFor(context.Workspace, context.File)?.Analyze(context);
}
