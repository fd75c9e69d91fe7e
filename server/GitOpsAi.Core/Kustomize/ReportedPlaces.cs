using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Text;

namespace GitOpsAi.Core.Kustomize;

/// <summary>
/// The places (code and span) of a file's findings, to ask whether a finding is already reported at an overlapping place
/// (<see cref="Diagnostic.ReportsAt"/>) without reading every finding of the file: a file of thousands of documents has
/// thousands of findings, and asking each of them for each rendered finding grew with the square of the file (a file of
/// 8,000 objects: 27 % of the check's CPU). One list by start, not one per code: most files have a few findings.
/// </summary>
internal sealed class ReportedPlaces
{
    private readonly List<(string Code, TextSpan Span)> _byStart;
    private int _longest;

    public ReportedPlaces(List<Diagnostic> diagnostics)
    {
        _byStart = new(diagnostics.Count + 8);
        foreach (var diagnostic in diagnostics)
        {
            Add(diagnostic);
        }
    }

    /// <summary>True when a finding added so far would say <see cref="Diagnostic.ReportsAt"/> for this code and span.</summary>
    public bool Reports(string code, TextSpan span)
    {
        // A span that overlaps (OverlapsWith, an empty one included) starts no later than the span's end and no earlier
        // than the longest span before its start.
        for (var i = FirstStartingAtOrAfter(span.Start - _longest); i < _byStart.Count && _byStart[i].Span.Start <= span.End; i++)
        {
            if (_byStart[i].Code == code && _byStart[i].Span.OverlapsWith(span))
            {
                return true;
            }
        }

        return false;
    }

    public void Add(Diagnostic diagnostic)
    {
        // After every place that starts at or before it: findings come mostly in order, so this is mostly an append.
        _byStart.Insert(FirstStartingAtOrAfter(diagnostic.Span.Start + 1), (diagnostic.Code, diagnostic.Span));
        _longest = Math.Max(_longest, diagnostic.Span.Length);
    }

    private int FirstStartingAtOrAfter(int start)
    {
        var low = 0;
        var high = _byStart.Count;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (_byStart[middle].Span.Start < start)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
