using GitOpsAi.Core.Text;
using CoreDiagnostic = GitOpsAi.Core.Diagnostics.Diagnostic;

namespace GitOpsAi.LanguageServer.Conversion;

/// <summary>What the last conversion of a file's findings made, with the text it was made for.</summary>
internal sealed record LastConversion(string Text, IReadOnlyList<CoreDiagnostic> Diagnostics, IReadOnlyList<Protocol.Diagnostic> Converted);

/// <summary>
/// A file's findings as LSP diagnostics, taking over what the last conversion made for the findings an edit left on
/// the same lines and columns: those that end before the edit, and, when the edit added or removed no line break, those
/// that start on a line after it (typing inside a line moves the offsets of the rest of the file, not its positions).
/// In lspbench's 10,015-line file that is all but a few of the 2,013 findings each keystroke, whose conversion was
/// 0.6 MB of the keystroke's allocations. <see cref="LspConversions"/> still makes every diagnostic.
/// </summary>
internal static class PublishedDiagnostics
{
    public static IReadOnlyList<Protocol.Diagnostic> Convert(SourceText source, IReadOnlyList<CoreDiagnostic> diagnostics, LastConversion? last)
    {
        var converted = new Protocol.Diagnostic[diagnostics.Count];
        var (front, back) = last is null || last.Diagnostics.Count != last.Converted.Count ? (0, 0) : Unmoved(source.Text, diagnostics, last);
        for (var i = 0; i < front; i++)
        {
            converted[i] = last!.Converted[i];
        }

        for (var i = 1; i <= back; i++)
        {
            converted[^i] = last!.Converted[^i];
        }

        for (var index = front; index < converted.Length - back; index++)
        {
            var diagnostic = diagnostics[index];
            converted[index] = diagnostic.ToLsp(source, diagnostic.Severity, index);
        }

        return converted;
    }

    /// <summary>How many findings at the start, and at the end, are the last conversion's at the same positions.</summary>
    private static (int Front, int Back) Unmoved(string text, IReadOnlyList<CoreDiagnostic> diagnostics, LastConversion last)
    {
        var (start, oldEnd, newEnd) = ChangedRange.Between(last.Text, text);
        var old = last.Diagnostics;
        var front = 0;
        while (front < diagnostics.Count && front < old.Count && diagnostics[front].Span.End <= start && Same(old[front], diagnostics[front], 0))
        {
            front++;
        }

        // From the end only with as many findings as before (a diagnostic carries its index) and the same line breaks.
        if (diagnostics.Count != old.Count || HasLineBreak(last.Text, start, oldEnd) || HasLineBreak(text, start, newEnd) || (start > 0 && text[start - 1] == '\r'))
        {
            return (front, 0);
        }

        var nextLine = text.AsSpan(newEnd).IndexOfAny('\r', '\n');
        var firstUnmoved = nextLine < 0 ? text.Length + 1 : newEnd + nextLine + 1;
        var delta = newEnd - oldEnd;
        var back = 0;
        while (back < diagnostics.Count - front && diagnostics[^(back + 1)].Span.Start >= firstUnmoved && Same(old[^(back + 1)], diagnostics[^(back + 1)], delta))
        {
            back++;
        }

        return (front, back);
    }

    /// <summary>Everything that makes the LSP diagnostic, but the span, which is moved by <paramref name="delta"/>.</summary>
    private static bool Same(CoreDiagnostic old, CoreDiagnostic diagnostic, int delta) =>
        ReferenceEquals(old, diagnostic)
            ? delta == 0
            : old.Span.Start + delta == diagnostic.Span.Start && old.Span.Length == diagnostic.Span.Length && old.Severity == diagnostic.Severity
              && old.Code == diagnostic.Code && old.Message == diagnostic.Message && old.Source == diagnostic.Source;

    private static bool HasLineBreak(string text, int start, int end) => text.AsSpan(start, end - start).IndexOfAny('\r', '\n') >= 0;
}
