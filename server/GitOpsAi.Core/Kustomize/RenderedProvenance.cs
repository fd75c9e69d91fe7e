using GitOpsAi.Core.Text;

namespace GitOpsAi.Core.Kustomize;

/// <summary>
/// What a change-scoped run (<c>--changed-since</c>) needs of a rendered object once it is checked: where it was
/// written, the kustomizations and Flux Kustomization it came through, and the text its fields came from. A finding
/// keeps this instead of the object's render tree, which at 50,000 resources held every rendered object of every root
/// until the report was written.
/// </summary>
internal sealed class RenderedProvenance
{
    private RenderedProvenance(SourceRef origin, string? fluxKustomizationPath, IReadOnlyList<string> overlays, (string Path, TextSpan Span)[] sources)
    {
        Origin = origin;
        FluxKustomizationPath = fluxKustomizationPath;
        Overlays = overlays;
        Sources = sources;
    }

    public SourceRef Origin { get; }

    public string? FluxKustomizationPath { get; }

    public IReadOnlyList<string> Overlays { get; }

    /// <summary>
    /// The text every key and value of the object came from, per file, as the fewest spans that cover the same text:
    /// spans that overlap or touch are joined. A change touches a joined span exactly when it touches one of the spans
    /// joined (<see cref="SourceChange.Touches"/> asks whether the change meets the span, ends included), so nothing
    /// is lost, and an object written from one document keeps a span or two instead of one per node.
    /// </summary>
    public IReadOnlyList<(string Path, TextSpan Span)> Sources { get; }

    /// <summary>How many provenances were made on this thread (tests prove a run that does not need them makes none).</summary>
    [ThreadStatic]
    internal static int MadeOnThisThread;

    public static RenderedProvenance Of(RenderedObject rendered)
    {
        MadeOnThisThread++;
        // The spans are gathered in one list per thread: a list per object grew through every size up to its node count
        // (0.17 GB of a 50,000-resource check); only the joined spans are kept.
        var spans = Scratch ??= new List<(string Path, TextSpan Span)>(256);
        spans.Clear();
        Collect(rendered.Root, spans);
        spans.Sort(ByPathAndStart);
        var joined = JoinedScratch ??= new List<(string Path, TextSpan Span)>(64);
        joined.Clear();
        foreach (var (path, span) in spans)
        {
            if (joined.Count > 0 && joined[^1] is var (lastPath, last) && lastPath == path && span.Start <= last.End)
            {
                joined[^1] = (path, TextSpan.FromBounds(last.Start, Math.Max(last.End, span.End)));
            }
            else
            {
                joined.Add((path, span));
            }
        }

        (string Path, TextSpan Span)[] sources = [.. joined];
        spans.Clear(); // the paths are not kept alive by the scratch lists
        joined.Clear();
        return new RenderedProvenance(rendered.Origin, rendered.FluxKustomizationPath, rendered.Overlays, sources);
    }

    /// <summary>
    /// The same provenance with what came from <paramref name="document"/> of <paramref name="path"/> moved by
    /// <paramref name="delta"/>: that document, unchanged, moved by an edit above it (see <see cref="RootReads"/>).
    /// </summary>
    internal RenderedProvenance MovedWith(string path, TextSpan document, int delta)
    {
        TextSpan Moved(string spanPath, TextSpan span) =>
            spanPath == path && span.Start >= document.Start && span.End <= document.End ? span.Shift(delta) : span;

        return new RenderedProvenance(Origin with { Span = Moved(Origin.Path, Origin.Span) }, FluxKustomizationPath, Overlays, [.. Sources.Select(s => (s.Path, Moved(s.Path, s.Span)))]);
    }

    [ThreadStatic]
    private static List<(string Path, TextSpan Span)>? Scratch;

    [ThreadStatic]
    private static List<(string Path, TextSpan Span)>? JoinedScratch;

    private static readonly Comparison<(string Path, TextSpan Span)> ByPathAndStart =
        (a, b) => string.CompareOrdinal(a.Path, b.Path) is var byPath and not 0 ? byPath : a.Span.Start.CompareTo(b.Span.Start);

    private static void Collect(RenderNode node, List<(string, TextSpan)> spans)
    {
        if (node.Source is { } source)
        {
            spans.Add((source.Path, source.Span));
        }

        switch (node)
        {
            case RenderMap map:
                foreach (var entry in map.Entries)
                {
                    if (entry.KeySource is { } key)
                    {
                        spans.Add((key.Path, key.Span));
                    }

                    Collect(entry.Value, spans);
                }

                break;
            case RenderSequence sequence:
                foreach (var item in sequence.Items)
                {
                    Collect(item, spans);
                }

                break;
        }
    }
}
