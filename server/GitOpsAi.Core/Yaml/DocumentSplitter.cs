namespace GitOpsAi.Core.Yaml;

/// <summary>
/// Cuts a YAML stream into per-document chunks at <c>---</c> lines. YAML forbids <c>---</c> at the start of a line inside
/// any scalar, so a plain line scan finds exactly the document boundaries the parser would.
/// </summary>
internal static class DocumentSplitter
{
    public static IEnumerable<(int Start, int End)> Split(string text, int start)
    {
        var chunkStart = start;
        var lineStart = start;
        while (lineStart < text.Length)
        {
            if (IsDocumentStartMarker(text, lineStart) && lineStart > chunkStart)
            {
                var boundary = BackOverDirectives(text, chunkStart, lineStart);
                if (boundary > chunkStart)
                {
                    yield return (chunkStart, boundary);
                    chunkStart = boundary;
                }
            }

            var newline = text.IndexOf('\n', lineStart);
            lineStart = newline < 0 ? text.Length : newline + 1;
        }

        if (chunkStart < text.Length || chunkStart == start)
        {
            yield return (chunkStart, text.Length);
        }
    }

    private static bool IsDocumentStartMarker(string text, int lineStart) =>
        lineStart + 3 <= text.Length
        && text[lineStart] == '-' && text[lineStart + 1] == '-' && text[lineStart + 2] == '-'
        && (lineStart + 3 == text.Length || text[lineStart + 3] is ' ' or '\t' or '\r' or '\n');

    /// <summary>
    /// Directive lines (<c>%YAML 1.2</c>) belong to the document that follows them, and so do comment and blank lines
    /// between a directive and the marker: the boundary moves up to the first directive of that run, if there is one.
    /// </summary>
    private static int BackOverDirectives(string text, int chunkStart, int markerLine)
    {
        var boundary = markerLine;
        var lineStart = markerLine;
        while (lineStart > chunkStart)
        {
            var previousLineEnd = lineStart - 1; // the '\n' ending the previous line
            var previousLineStart = previousLineEnd > chunkStart ? text.LastIndexOf('\n', previousLineEnd - 1, previousLineEnd - chunkStart) + 1 : chunkStart;
            if (previousLineStart < chunkStart)
            {
                previousLineStart = chunkStart;
            }

            if (text[previousLineStart] == '%')
            {
                boundary = previousLineStart;
            }
            else if (!IsBlankOrComment(text.AsSpan(previousLineStart, previousLineEnd - previousLineStart)))
            {
                break;
            }

            lineStart = previousLineStart;
        }

        return boundary;
    }

    private static bool IsBlankOrComment(ReadOnlySpan<char> line)
    {
        var trimmed = line.TrimStart(" \t").TrimEnd('\r');
        return trimmed.IsEmpty || trimmed[0] == '#';
    }
}
