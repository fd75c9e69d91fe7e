using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Support;

/// <summary>Runs the real analyzer over in-memory files.</summary>
public static class TestAnalysis
{
    // Schema and structure tests look at those checks alone; policy tests use AnalyzePolicies.
    private static readonly Analyzer Analyzer = new(AnalyzerFeatures.Core);
    internal static readonly Analyzer FullAnalyzer = new(AnalyzerFeatures.All);

    /// <summary>Analyses <paramref name="text"/> as the only file of a workspace and returns its diagnostics.</summary>
    public static IReadOnlyList<Diagnostic> Analyze(string text, string relativePath = "manifest.yaml")
    {
        var fileSystem = new InMemoryFileSystem().Add(relativePath, text);
        return AnalyzeFile(fileSystem, relativePath);
    }

    public static IReadOnlyList<Diagnostic> AnalyzeFile(GitOpsAi.Core.IO.IFileSystem fileSystem, string relativePath, WorkspaceOptions? options = null)
    {
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem, options);
        var file = workspace.GetFile(InMemoryFileSystem.PathOf(relativePath)) ?? throw new InvalidOperationException("no such file " + relativePath);
        return Analyzer.Analyze(workspace, file).Diagnostics;
    }

    /// <summary>Every check, policies included.</summary>
    public static IReadOnlyList<Diagnostic> AnalyzeAll(InMemoryFileSystem fileSystem, string relativePath)
    {
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem);
        var file = workspace.GetFile(InMemoryFileSystem.PathOf(relativePath)) ?? throw new InvalidOperationException("no such file " + relativePath);
        return FullAnalyzer.Analyze(workspace, file).Diagnostics;
    }

    public static IReadOnlyList<Diagnostic> AnalyzeAll(string text, string relativePath = "manifest.yaml") =>
        AnalyzeAll(new InMemoryFileSystem().Add(relativePath, text), relativePath);

    /// <summary>Diagnostics other than informational notes.</summary>
    public static IReadOnlyList<Diagnostic> Problems(this IReadOnlyList<Diagnostic> diagnostics) =>
        diagnostics.Where(d => d.Severity <= DiagnosticSeverity.Warning).ToList();
}
