using GitOpsAi.Core.Text;

namespace GitOpsAi.Core.Yaml;

/// <summary>
/// Finds comments. YamlDotNet's comment events are unreliable after flow collections, so the parser skips comments and
/// this scanner finds them in the text instead: a <c>#</c> at a line start or after whitespace, outside any quoted or
/// block scalar (plain scalars cannot contain " #").
/// </summary>
internal static class CommentScanner
{
    /// <param name="start">Where the chunk to scan begins: always at the start of a line.</param>
    public static void Scan(string text, int start, int end, List<TextSpan> quotedSpans, List<YamlComment> comments)
    {
        var quotedIndex = 0;
        var position = start;
        while (position < end)
        {
            var hash = text.IndexOf('#', position, end - position);
            if (hash < 0)
            {
                return;
            }

            while (quotedIndex < quotedSpans.Count && quotedSpans[quotedIndex].End <= hash)
            {
                quotedIndex++;
            }

            var insideScalar = quotedIndex < quotedSpans.Count && quotedSpans[quotedIndex].Start <= hash;
            if (insideScalar)
            {
                position = quotedSpans[quotedIndex].End;
                continue;
            }

            var precededBySpace = hash == start || text[hash - 1] is ' ' or '\t' or '\n' or '\r';
            var lineEnd = text.IndexOfAny(['\n', '\r'], hash, end - hash);
            if (lineEnd < 0)
            {
                lineEnd = end;
            }

            if (precededBySpace)
            {
                // A chunk starts at a line start, which after a byte order mark is not preceded by a line break.
                var lineStart = hash;
                while (lineStart > start && text[lineStart - 1] is ' ' or '\t')
                {
                    lineStart--;
                }

                var isOwnLine = lineStart == start || text[lineStart - 1] is '\n' or '\r';
                comments.Add(new YamlComment(TextSpan.FromBounds(hash, lineEnd), text.AsSpan(hash + 1, lineEnd - hash - 1).Trim().ToString(), isOwnLine));
            }

            position = lineEnd;
        }
    }
}
