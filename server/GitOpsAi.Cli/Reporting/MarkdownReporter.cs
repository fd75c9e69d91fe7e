using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Rules;

namespace GitOpsAi.Cli.Reporting;

/// <summary>
/// A pull-request comment or job summary: counts by severity, new vs baselined, the top findings with
/// <c>path:line</c> and what to do, and every finding in a collapsed section.
/// </summary>
/// <param name="baselined">Findings the baseline accepted (not listed), and baseline entries now fixed.</param>
internal sealed class MarkdownReporter(int baselined = 0, int fixedInBaseline = 0) : IReporter
{
    private const int TopCount = 10;

    public void Write(TextWriter output, IReadOnlyList<ReportedFile> files)
    {
        var all = ReportedDiagnostic.All(files).OrderBy(d => d.Diagnostic.Severity).ThenBy(d => d.Path, StringComparer.Ordinal).ThenBy(d => d.Line).ToList();
        var count = (DiagnosticSeverity severity) => all.Count(d => d.Diagnostic.Severity == severity);
        output.WriteLine("## GitOpsAi");
        output.WriteLine();
        output.WriteLine(all.Count == 0
            ? $"No new findings in {files.Count} file{(files.Count == 1 ? "" : "s")}."
            : $"**{all.Count} new finding{(all.Count == 1 ? "" : "s")}** in {files.Count} file{(files.Count == 1 ? "" : "s")} checked.");
        output.WriteLine();
        output.WriteLine("| Errors | Warnings | Notes | Baselined | Fixed since the baseline |");
        output.WriteLine("|---:|---:|---:|---:|---:|");
        output.WriteLine($"| {count(DiagnosticSeverity.Error)} | {count(DiagnosticSeverity.Warning)} | {count(DiagnosticSeverity.Information) + count(DiagnosticSeverity.Hint)} | {baselined} | {fixedInBaseline} |");
        if (all.Count == 0)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine(all.Count > TopCount ? $"### Top {TopCount} findings" : "### Findings");
        output.WriteLine();
        foreach (var item in all.Take(TopCount))
        {
            output.WriteLine($"- **{item.Diagnostic.Severity.ToName()}** `{item.Diagnostic.Code}` at `{Code(item.Path)}:{item.Line}`: {Text(item.Diagnostic.Message)}");
            if (Remediation(item.Diagnostic.Code) is { } remediation)
            {
                output.WriteLine($"  <br>Fix: {Text(remediation)}");
            }
        }

        output.WriteLine();
        output.WriteLine($"<details><summary>All {all.Count} findings</summary>");
        output.WriteLine();
        output.WriteLine("| Severity | Location | Code | Message |");
        output.WriteLine("|---|---|---|---|");
        foreach (var item in all)
        {
            output.WriteLine($"| {item.Diagnostic.Severity.ToName()} | `{Code(item.Path)}:{item.Line}:{item.Column}` | `{item.Diagnostic.Code}` | {Text(item.Diagnostic.Message)} |");
        }

        output.WriteLine();
        output.WriteLine("</details>");
    }

    private static string? Remediation(string code) => RuleRegistry.Find(code)?.Remediation;

    /// <summary>Repository text inside backticks: no backtick may end the span early, no control character survives.</summary>
    private static string Code(string text) => TerminalText.Escape(text).Replace('`', '\'');

    /// <summary>Repository text as Markdown: escaped so a finding cannot inject HTML, links or mentions into the comment.</summary>
    private static string Text(string text)
    {
        var escaped = TerminalText.Escape(text);
        var builder = new System.Text.StringBuilder(escaped.Length);
        foreach (var character in escaped)
        {
            if (character is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '#' or '@' or '!' or '|')
            {
                builder.Append('\\');
            }

            builder.Append(character);
        }

        return builder.ToString();
    }
}
