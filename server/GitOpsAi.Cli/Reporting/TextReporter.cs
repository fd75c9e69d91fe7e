using GitOpsAi.Core.Diagnostics;

namespace GitOpsAi.Cli.Reporting;

/// <summary>
/// <c>path:line:col: severity code: message</c>, one finding per line, then a summary. Everything that comes from the
/// repository is escaped (see <see cref="TerminalText"/>), so one finding is always exactly one line.
/// </summary>
internal sealed class TextReporter : IReporter
{
    public void Write(TextWriter output, IReadOnlyList<ReportedFile> files)
    {
        var counts = new Dictionary<DiagnosticSeverity, int>();
        foreach (var item in ReportedDiagnostic.All(files))
        {
            var diagnostic = item.Diagnostic;
            output.WriteLine($"{TerminalText.EscapePath(item.Path)}:{item.Line}:{item.Column}: {diagnostic.Severity.ToName()} {TerminalText.Escape(diagnostic.Code)}: {TerminalText.Escape(diagnostic.Message)}");
            counts[diagnostic.Severity] = counts.GetValueOrDefault(diagnostic.Severity) + 1;
        }

        output.WriteLine(
            $"{files.Count} file{(files.Count == 1 ? "" : "s")} checked: {Count(counts, DiagnosticSeverity.Error, "error")}, {Count(counts, DiagnosticSeverity.Warning, "warning")}, {Count(counts, DiagnosticSeverity.Information, "note")}.");
    }

    private static string Count(Dictionary<DiagnosticSeverity, int> counts, DiagnosticSeverity severity, string noun)
    {
        var count = counts.GetValueOrDefault(severity) + (severity == DiagnosticSeverity.Information ? counts.GetValueOrDefault(DiagnosticSeverity.Hint) : 0);
        return $"{count} {noun}{(count == 1 ? "" : "s")}";
    }
}
