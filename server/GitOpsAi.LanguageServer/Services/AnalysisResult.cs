using GitOpsAi.Core.Workspace;
using CoreDiagnostic = GitOpsAi.Core.Diagnostics.Diagnostic;

namespace GitOpsAi.LanguageServer.Services;

/// <summary>The last analysis of an open document at a version.</summary>
internal sealed record AnalysisResult(OpenDocument Document, WorkspaceFile File, IReadOnlyList<CoreDiagnostic> Diagnostics, IReadOnlyList<Protocol.Diagnostic> Published)
{
    /// <summary>The findings that exist only in rendered output: from a full analysis, or carried from the last one (moved with the text).</summary>
    public IReadOnlyList<CoreDiagnostic> Rendered { get; init; } = [];

    /// <summary>False for the typing-speed analysis, whose rendered findings are carried, not computed for this text.</summary>
    public bool IsComplete { get; init; } = true;
}
