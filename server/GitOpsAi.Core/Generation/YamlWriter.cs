using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace GitOpsAi.Core.Generation;

/// <summary>An ordered YAML mapping the builders fill; null values are left out, so optional fields need no ifs.</summary>
internal sealed class YMap : List<KeyValuePair<string, object?>>
{
    public void Add(string key, object? value) => Add(new KeyValuePair<string, object?>(key, value));

    public bool IsEmpty => Count == 0;
}

/// <summary>A YAML sequence.</summary>
internal sealed class YSeq : List<object?>
{
    public YSeq()
    {
    }

    public YSeq(IEnumerable<object?> items) : base(items)
    {
    }
}

/// <summary>A scalar with a trailing comment (placeholders say what to set on their own line).</summary>
internal sealed record Commented(object Value, string Comment);

/// <summary>A multi-line string written as a literal block (<c>|</c>).</summary>
internal sealed record Block(string Text);

/// <summary>
/// Writes builder trees as block-style YAML in the layout the repository's own files use (two-space indent, sequence
/// items indented under their key). Strings are quoted whenever a YAML 1.1 or 1.2 reader could take them for anything
/// but a string, so a generated "8080" stays a string and an "on" never becomes true.
/// </summary>
internal static partial class YamlWriter
{
    public static string Write(YMap root)
    {
        var builder = new StringBuilder();
        WriteMap(builder, root, 0, firstLinePrefix: null);
        return builder.ToString();
    }

    private static void WriteMap(StringBuilder builder, YMap map, int indent, string? firstLinePrefix)
    {
        var first = true;
        foreach (var (key, value) in map)
        {
            if (value is null)
            {
                continue;
            }

            if (first && firstLinePrefix is not null)
            {
                builder.Append(firstLinePrefix);
            }
            else
            {
                builder.Append(' ', indent);
            }

            first = false;
            builder.Append(Scalar(key)).Append(':');
            WriteValue(builder, value, indent);
        }
    }

    /// <summary>Writes what follows "key:" (or "-"), including the line break.</summary>
    private static void WriteValue(StringBuilder builder, object value, int indent)
    {
        switch (value)
        {
            case YMap { Count: 0 }:
                builder.Append(" {}\n");
                break;
            case YMap map:
                builder.Append('\n');
                WriteMap(builder, map, indent + 2, firstLinePrefix: null);
                break;
            case YSeq { Count: 0 }:
                builder.Append(" []\n");
                break;
            case YSeq sequence:
                builder.Append('\n');
                WriteSequence(builder, sequence, indent + 2);
                break;
            case Block block:
                builder.Append(" |\n");
                foreach (var line in block.Text.TrimEnd('\n').Split('\n'))
                {
                    builder.Append(' ', indent + 2).Append(line).Append('\n');
                }

                break;
            case Commented commented:
                builder.Append(' ').Append(Scalar(commented.Value)).Append("  # ").Append(commented.Comment).Append('\n');
                break;
            default:
                builder.Append(' ').Append(Scalar(value)).Append('\n');
                break;
        }
    }

    private static void WriteSequence(StringBuilder builder, YSeq sequence, int indent)
    {
        foreach (var item in sequence)
        {
            if (item is null)
            {
                continue;
            }

            if (item is YMap { Count: > 0 } map)
            {
                WriteMap(builder, map, indent + 2, firstLinePrefix: new string(' ', indent) + "- ");
                continue;
            }

            builder.Append(' ', indent).Append('-');
            WriteValue(builder, item, indent);
        }
    }

    public static string Scalar(object value) => value switch
    {
        bool b => b ? "true" : "false",
        int or long => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        string s => Quote(s),
        _ => Quote(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty),
    };

    private static string Quote(string text) =>
        SafePlain().IsMatch(text) && !LooksTyped(text) ? text : "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    /// <summary>Words and numbers that YAML 1.1 (kubectl) or 1.2 resolve to booleans, nulls or numbers.</summary>
    private static bool LooksTyped(string text) =>
        text[0] is '.' or '-' or '+' || YamlNumberOrDate().IsMatch(text) ||
        text.ToLowerInvariant() is "true" or "false" or "yes" or "no" or "on" or "off" or "y" or "n" or "null" or "~";

    [GeneratedRegex(@"^[A-Za-z0-9_./-][A-Za-z0-9_./:@+=-]*$")]
    private static partial Regex SafePlain();

    /// <summary>Integers, floats, hex and octal, YAML 1.1 sexagesimals (1:20) and dates: what "8080", "1.5", "2024-01-01" resolve to.</summary>
    [GeneratedRegex(@"^(?:[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|0x[0-9a-fA-F_]+|0o[0-7_]+|[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}.*)$")]
    private static partial Regex YamlNumberOrDate();
}
