using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Text;

namespace GitOpsAi.Core.Drift;

/// <summary>An inlay hint: text shown after a position.</summary>
public sealed record DriftHint(int Offset, string Label, string Tooltip);

/// <summary>A code lens over an object: its drift summary.</summary>
public sealed record DriftLens(TextSpan Span, string Title);

/// <summary>
/// How editors show drift, from the findings the analysis already made (so hover, hints and lenses never wait on the
/// network and never disagree with the diagnostics).
/// </summary>
public static class DriftPresentation
{
    private static bool IsFieldDrift(Diagnostic diagnostic) => diagnostic.Code == DriftDiagnostics.Field.Code && diagnostic.Properties is not null;

    /// <summary>Markdown for a hover at <paramref name="offset"/>: desired and live value, who, score and reasons; null when no drift is there.</summary>
    public static string? Hover(IEnumerable<Diagnostic> diagnostics, int offset)
    {
        var parts = new List<string>();
        foreach (var diagnostic in diagnostics.Where(d => IsFieldDrift(d) && d.Span.ContainsOrTouches(offset)))
        {
            var p = diagnostic.Properties!;
            parts.Add($"**Drift** `{p["path"]}` in {p["object"]}\n\n" +
                      $"- Git: `{p.GetValueOrDefault("desired") ?? "(not set)"}`\n" +
                      $"- Live: `{p["live"]}` ({p["who"]})\n\n" +
                      $"Score **{p["score"]}**: {p.GetValueOrDefault("reasons")}");
        }

        return parts.Count == 0 ? null : string.Join("\n\n---\n\n", parts);
    }

    /// <summary>Inlay hints ("live: 1.4.3-hotfix") after each drifted value in <paramref name="range"/>.</summary>
    public static IReadOnlyList<DriftHint> InlayHints(IEnumerable<Diagnostic> diagnostics, TextSpan range) =>
        diagnostics.Where(d => IsFieldDrift(d) && d.Span.OverlapsWith(range))
            .Select(d => new DriftHint(d.Span.End, $"live: {Shorten(d.Properties!["live"])}", $"{d.Properties!["who"]}, score {d.Properties["score"]}"))
            .ToList();

    /// <summary>One lens per object of the file: "in sync", "3 fields drifted, score 82", "not in cluster".</summary>
    public static IReadOnlyList<DriftLens> CodeLenses(DriftReport report, string path)
    {
        var lenses = new List<DriftLens>();
        foreach (var result in report.Objects)
        {
            var kind = result.Object.Root.GetPair("kind")?.Key;
            if (result.Object.FileOf(kind ?? result.Object.Anchor).Path != path)
            {
                continue; // the lens sits on the object's own document, not on each patch of it
            }

            var stale = report.IsStale ? " (stale)" : string.Empty;
            var immutable = result.ImmutableChanges.Count > 0 ? $", {result.ImmutableChanges.Count} immutable change{(result.ImmutableChanges.Count == 1 ? string.Empty : "s")}" : string.Empty;
            var span = kind?.Span ?? result.Object.Anchor.Span;
            lenses.Add(new DriftLens(span, $"{report.Cluster}: {result.Summary}{immutable}{stale}"));
        }

        return lenses;
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
