using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Text;

namespace GitOpsAi.Cli.Reporting;

/// <summary>One analysed file and the folder its path is reported relative to.</summary>
internal sealed record ReportedFile(string Root, FileAnalysis Analysis)
{
    /// <summary>The path relative to the checked folder, with forward slashes.</summary>
    public string RelativePath => Path.GetRelativePath(Root, Analysis.Path).Replace('\\', '/');

    /// <summary>The snapshot the file was analysed in (the change scope asks it which rendered objects a change touches).</summary>
    public Core.Workspace.WorkspaceSnapshot? Workspace { get; init; }
}

/// <summary>A diagnostic with its 1-based line/column range, as every CLI format shows it.</summary>
internal sealed record ReportedDiagnostic(string Path, int Line, int Column, int EndLine, int EndColumn, Diagnostic Diagnostic)
{
    public static IEnumerable<ReportedDiagnostic> From(ReportedFile file)
    {
        var source = file.Analysis.File.Source;
        var path = file.RelativePath; // worked out once per file, not once per finding
        foreach (var diagnostic in file.Analysis.Diagnostics)
        {
            // SourceText is the one place offsets become positions; the CLI shows them 1-based.
            LineRange range = source.GetLineRange(diagnostic.Span);
            yield return new ReportedDiagnostic(path, range.Start.Line + 1, range.Start.Character + 1, range.End.Line + 1, range.End.Character + 1, diagnostic);
        }
    }

    public static IEnumerable<ReportedDiagnostic> All(IEnumerable<ReportedFile> files) =>
        files.OrderBy(f => f.RelativePath, StringComparer.Ordinal).SelectMany(From);
}

internal interface IReporter
{
    void Write(TextWriter output, IReadOnlyList<ReportedFile> files);
}
