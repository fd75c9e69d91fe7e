using GitOpsAi.Core.Text;

namespace GitOpsAi.Core.Tests.Support;

/// <summary>
/// Inline span markup for tests: <c>[|text|]</c> marks an expected span and <c>$$</c> a cursor. The markup is removed
/// from the text; spans are reported in the order their markers open.
/// </summary>
public sealed record Markup(string Text, IReadOnlyList<TextSpan> Spans, int? Cursor)
{
    public static Markup Parse(string markup)
    {
        var text = new System.Text.StringBuilder(markup.Length);
        var spans = new List<TextSpan>();
        var open = new Stack<(int Index, int Start)>();
        int? cursor = null;
        for (var i = 0; i < markup.Length; i++)
        {
            if (Matches(markup, i, "[|"))
            {
                open.Push((spans.Count, text.Length));
                spans.Add(default);
                i++;
            }
            else if (Matches(markup, i, "|]"))
            {
                var (index, start) = open.Pop();
                spans[index] = TextSpan.FromBounds(start, text.Length);
                i++;
            }
            else if (Matches(markup, i, "$$"))
            {
                cursor = text.Length;
                i++;
            }
            else
            {
                text.Append(markup[i]);
            }
        }

        if (open.Count > 0)
        {
            throw new ArgumentException("Unclosed [| in test markup.");
        }

        return new Markup(text.ToString(), spans, cursor);
    }

    public TextSpan Span => Spans.Single();

    private static bool Matches(string text, int index, string token) => string.CompareOrdinal(text, index, token, 0, token.Length) == 0;
}
