using GitOpsAi.Core.Diagnostics;

namespace GitOpsAi.Core.Editing;

/// <summary>
/// Chooses and applies fixes for a file: the preferred fix of each finding, skipping any that would overlap one already
/// chosen (they are picked up by the next pass) and any that touch other files.
/// </summary>
public static class FixApplier
{
    public sealed record Result(string Text, int Applied);

    public static Result Apply(string text, IEnumerable<Diagnostic> diagnostics)
    {
        var chosen = new List<TextEdit>();
        var applied = 0;
        foreach (var diagnostic in diagnostics)
        {
            var fix = diagnostic.Fixes.FirstOrDefault(f => f.IsPreferred && f.OtherFiles is null);
            if (fix is null || fix.Edits.Any(e => chosen.Any(c => Overlaps(c.Span, e.Span))))
            {
                continue;
            }

            chosen.AddRange(fix.Edits);
            applied++;
        }

        return new Result(applied == 0 ? text : YamlEdits.Apply(text, chosen), applied);
    }

    private static bool Overlaps(Text.TextSpan a, Text.TextSpan b) =>
        a.Start < b.End && b.Start < a.End || a.Start == b.Start;
}
