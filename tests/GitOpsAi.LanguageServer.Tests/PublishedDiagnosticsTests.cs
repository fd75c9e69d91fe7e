using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Text;
using GitOpsAi.LanguageServer.Conversion;

namespace GitOpsAi.LanguageServer.Tests;

/// <summary>
/// A keystroke's findings become LSP diagnostics by taking over the last conversion's where their line and column
/// did not change: what is converted again depends on the edit, not on the size of the file, and the result is always
/// what converting every finding makes.
/// </summary>
public sealed class PublishedDiagnosticsTests
{
    [TestCase(10)]
    [TestCase(1000)]
    public void Typing_inside_a_line_converts_only_the_finding_on_that_line_again(int lines)
    {
        var (before, after) = (Text(lines), Text(lines).Replace("name: item-3\n", "name: item-3x\n", StringComparison.Ordinal));
        var last = Converted(before, FindingsOn(before));

        var converted = PublishedDiagnostics.Convert(new SourceText(after), FindingsOn(after), last);

        Assert.That(converted.Where((d, i) => !ReferenceEquals(d, last.Converted[i])).Select(d => d.Range.Start.Line), Is.EqualTo(new[] { 3 }));
        AssertSameAsConvertingAll(after, converted);
    }

    [Test]
    public void A_line_added_converts_the_findings_below_it_again()
    {
        var before = Text(10);
        var after = before.Replace("name: item-3\n", "name: item-3\n# new line\n", StringComparison.Ordinal);
        var last = Converted(before, FindingsOn(before));

        var converted = PublishedDiagnostics.Convert(new SourceText(after), FindingsOn(after), last);

        Assert.That(Kept(converted, last), Is.EqualTo(4), "the findings of lines 0-3 are where they were");
        AssertSameAsConvertingAll(after, converted);
    }

    [Test]
    public void A_finding_more_converts_the_findings_after_it_again_with_their_new_index()
    {
        var before = Text(10);
        var after = before.Replace("name: item-3\n", "name: item-3 \n", StringComparison.Ordinal);
        var last = Converted(before, FindingsOn(before));
        var findings = FindingsOn(after).Append(Finding(new SourceText(after), 3, "trailing-space")).OrderBy(d => d.Span.Start).ToList();

        var converted = PublishedDiagnostics.Convert(new SourceText(after), findings, last);

        Assert.That(Kept(converted, last), Is.EqualTo(3), "the findings before the edit");
        AssertSameAsConvertingAll(after, converted, findings);
    }

    private static int Kept(IReadOnlyList<Protocol.Diagnostic> converted, LastConversion last) =>
        converted.Count(d => last.Converted.Any(l => ReferenceEquals(l, d)));

    private static string Text(int lines) => string.Concat(Enumerable.Range(0, lines).Select(i => $"name: item-{i}\n"));

    /// <summary>One finding on the value of each line.</summary>
    private static List<Diagnostic> FindingsOn(string text)
    {
        var source = new SourceText(text);
        return Enumerable.Range(0, source.LineCount - 1).Select(line => Finding(source, line, "value")).ToList();
    }

    private static Diagnostic Finding(SourceText source, int line, string code)
    {
        var start = source.GetOffset(new LinePosition(line, "name: ".Length));
        var end = source.GetLineEnd(line);
        return new Diagnostic(code, DiagnosticSeverity.Warning, TextSpan.FromBounds(start, end), $"{code} on the line", DiagnosticSources.Policy);
    }

    private static LastConversion Converted(string text, List<Diagnostic> findings) =>
        new(text, findings, PublishedDiagnostics.Convert(new SourceText(text), findings, last: null));

    private static void AssertSameAsConvertingAll(string text, IReadOnlyList<Protocol.Diagnostic> converted, List<Diagnostic>? findings = null) =>
        Assert.That(JsonSerializer.Serialize(converted), Is.EqualTo(JsonSerializer.Serialize(Converted(text, findings ?? FindingsOn(text)).Converted)));
}
