using System.Text.RegularExpressions;
using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Text;

namespace GitOpsAi.Core.Generation;

/// <summary>
/// What the generator could not resolve from a request is written as a value containing <see cref="Marker"/> (in
/// lowercase where Kubernetes wants a DNS name). The marker is one word so that a search finds every place left to set,
/// and <see cref="PlaceholderAnalyzer"/> keeps a warning on it until it is replaced: never a silent guess.
/// </summary>
public static partial class Placeholders
{
    public const string Marker = "CHANGE-ME";

    /// <summary>A DNS-safe placeholder name (for metadata.name and references).</summary>
    public const string Name = "change-me";

    public static bool Contains(string text) => text.AsSpan().ContainsAny(MarkerSearch);

    /// <summary>
    /// <see cref="Contains(string)"/> of a document's text; a text kept as ASCII bytes (SourceText.ReleaseToAscii) is
    /// searched as it is kept: asking every file of a 50,000-resource repository for its string made 57 MB again.
    /// </summary>
    public static bool Contains(SourceText source) => source.IsReleased ? ContainsMarker(source.ReleasedAscii) : Contains(source.Text);

    internal static bool ContainsMarker(ReadOnlySpan<byte> ascii)
    {
        var marker = "change-me"u8;
        for (var at = ascii.IndexOfAny((byte)'c', (byte)'C'); at >= 0 && at <= ascii.Length - marker.Length;)
        {
            if (System.Text.Ascii.EqualsIgnoreCase(ascii.Slice(at, marker.Length), marker))
            {
                return true;
            }

            var next = ascii[(at + 1)..].IndexOfAny((byte)'c', (byte)'C');
            at = next < 0 ? -1 : at + 1 + next;
        }

        return false;
    }

    // A vectorised search: every keystroke asks this of the whole file (a third of a millisecond for 10,000 lines
    // with an ordinary case-insensitive search).
    private static readonly System.Buffers.SearchValues<string> MarkerSearch = System.Buffers.SearchValues.Create([Marker], StringComparison.OrdinalIgnoreCase);

    /// <summary>Every placeholder in a text, as spans.</summary>
    public static IEnumerable<TextSpan> Find(string text)
    {
        if (!Contains(text))
        {
            yield break;
        }

        foreach (Match match in MarkerToken().Matches(text))
        {
            yield return new TextSpan(match.Index, match.Length);
        }
    }

    [GeneratedRegex(@"(?<![A-Za-z0-9])change-me(?![A-Za-z0-9])", RegexOptions.IgnoreCase)]
    private static partial Regex MarkerToken();
}

/// <summary>Keeps a warning on every generation placeholder still in a file, with what to set there.</summary>
internal sealed class PlaceholderAnalyzer : IFileAnalyzer
{
    public void Analyze(FileAnalysisContext context)
    {
        if (!(context.File.HoldsPlaceholder ?? Placeholders.Contains(context.File.Source)))
        {
            return;
        }

        var text = context.File.Source.Text;
        foreach (var span in Placeholders.Find(text))
        {
            var lineEnd = text.IndexOf('\n', span.End);
            var comment = text.IndexOf("# ", span.End, (lineEnd < 0 ? text.Length : lineEnd) - span.End, StringComparison.Ordinal);
            var hint = comment < 0 ? string.Empty : " " + text[(comment + 2)..(lineEnd < 0 ? text.Length : lineEnd)].Trim();
            context.Diagnostics.Add(CoreDiagnostics.GenerationPlaceholder.Create(span,
                $"A placeholder from generation: set this value before committing.{hint}"));
        }
    }
}
