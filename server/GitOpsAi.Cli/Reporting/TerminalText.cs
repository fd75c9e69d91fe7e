using System.Globalization;
using System.Text;

namespace GitOpsAi.Cli.Reporting;

/// <summary>
/// Makes text from the repository (messages, paths, codes) safe for a line-oriented log. A YAML key holding a newline
/// and "::error file=...::" would otherwise forge a GitHub Actions workflow command, an escape sequence could recolour
/// or rewrite the CI log, and bidirectional controls could make a path read differently from what it is. Control
/// characters (C0, DEL, C1), line and paragraph separators and bidi controls are written as \n, \r, \t or \u00XX.
/// </summary>
internal static class TerminalText
{
    public static string Escape(string text)
    {
        var firstUnsafe = -1;
        for (var i = 0; i < text.Length; i++)
        {
            if (IsUnsafe(text[i]))
            {
                firstUnsafe = i;
                break;
            }
        }

        if (firstUnsafe < 0)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16).Append(text, 0, firstUnsafe);
        foreach (var c in text.AsSpan(firstUnsafe))
        {
            _ = c switch
            {
                '\n' => escaped.Append("\\n"),
                '\r' => escaped.Append("\\r"),
                '\t' => escaped.Append("\\t"),
                _ when IsUnsafe(c) => escaped.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture)),
                _ => escaped.Append(c),
            };
        }

        return escaped.ToString();
    }

    /// <summary>
    /// A path that would begin a report line with "::" (a file named "::error file=x::y.yaml") is written "./::...",
    /// the same file, so no line of the report can start a workflow command.
    /// </summary>
    public static string EscapePath(string path)
    {
        var escaped = Escape(path);
        return escaped.StartsWith(':') ? "./" + escaped : escaped;
    }

    private static bool IsUnsafe(char c) =>
        c < 0x20 || c is '\u007F' || (c >= '\u0080' && c <= '\u009F')
        || c is '\u2028' or '\u2029' or '\u200E' or '\u200F' or '\u061C'
        || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
}
