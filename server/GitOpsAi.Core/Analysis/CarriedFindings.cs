using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Text;

namespace GitOpsAi.Core.Analysis;

/// <summary>
/// Findings of an earlier text of a file kept on show for a newer text until they are computed again (the rendered
/// findings while the user types): each is moved with the text around the edit, and those in the edited region go,
/// since what they were about has changed.
/// </summary>
public static class CarriedFindings
{
    /// <summary>
    /// <paramref name="findings"/> of <paramref name="before"/> placed in <paramref name="after"/>, without the ones in the
    /// changed region and without those <paramref name="current"/> (the new text's own findings) already reports there.
    /// </summary>
    public static IReadOnlyList<Diagnostic> Move(IReadOnlyList<Diagnostic> findings, string before, string after, IReadOnlyList<Diagnostic> current)
    {
        if (findings.Count == 0)
        {
            return [];
        }

        var (prefix, changedEnd, _) = ChangedRange.Between(before, after);
        var shift = after.Length - before.Length;
        var moved = new List<Diagnostic>(findings.Count);
        foreach (var finding in findings)
        {
            var span = finding.Span;
            TextSpan? placed = span.End <= prefix ? span : span.Start >= changedEnd ? span.Shift(shift) : null;
            if (placed is { } at && !current.Any(d => d.ReportsAt(finding.Code, at)))
            {
                moved.Add(finding with { Span = at });
            }
        }

        return moved;
    }

    /// <summary>Both lists in one, in the order an analysis returns its findings (by position, then code).</summary>
    public static IReadOnlyList<Diagnostic> Merge(IReadOnlyList<Diagnostic> findings, IReadOnlyList<Diagnostic> carried) =>
        carried.Count == 0 ? findings : Analyzer.Normalize([.. findings, .. carried]);
}
