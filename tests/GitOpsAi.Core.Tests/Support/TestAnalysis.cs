using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Support;

/// <summary>Runs the real analyzer over in-memory files.</summary>
public static class TestAnalysis
{
    private static readonly Analyzer Analyzer = new();

    /// <summary>Analyses <paramref name="text"/> as the only file of a workspace and returns its diagnostics.</summary>
    public static IReadOnlyList<Diagnostic> Analyze(string text, string relativePath = "manifest.yaml")
    {
        var fileSystem = new InMemoryFileSystem().Add(relativePath, text);
        return AnalyzeFile(fileSystem, relativePath);
    }

    public static IReadOnlyList<Diagnostic> AnalyzeFile(InMemoryFileSystem fileSystem, string relativePath, WorkspaceOptions? options = null)
    {
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem, options);
        var file = workspace.GetFile(InMemoryFileSystem.PathOf(relativePath)) ?? throw new InvalidOperationException("no such file " + relativePath);
        return Analyzer.Analyze(workspace, file).Diagnostics;
    }

    /// <summary>Diagnostics other than informational notes.</summary>
    public static IReadOnlyList<Diagnostic> Problems(this IReadOnlyList<Diagnostic> diagnostics) =>
        diagnostics.Where(d => d.Severity <= DiagnosticSeverity.Warning).ToList();
}
