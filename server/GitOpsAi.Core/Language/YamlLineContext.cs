using System.Text.RegularExpressions;
using GitOpsAi.Core.Text;

namespace GitOpsAi.Core.Language;

/// <summary>
/// Where the cursor is in a YAML document, worked out from the text's indentation rather than from a parse tree,
/// because while someone types the document is usually not valid YAML. This is what completion (and hover on broken
/// documents) stands on.
/// </summary>
public sealed record YamlLineContext
{
    /// <summary>The keys from the document root to the mapping the cursor is in; "[]" marks a list item.</summary>
    public required IReadOnlyList<string> Path { get; init; }

    /// <summary>When the cursor is in a value, the key that value belongs to; null when completing a key.</summary>
    public string? ValueOfKey { get; init; }

    /// <summary>True when the cursor is a scalar item of a list ("- Read|").</summary>
    public bool IsListItemValue { get; init; }

    /// <summary>What is already typed of the word at the cursor.</summary>
    public required string Prefix { get; init; }

    /// <summary>The text a completion replaces: the typed prefix.</summary>
    public required TextSpan ReplaceSpan { get; init; }

    /// <summary>The column keys of the current mapping start at.</summary>
    public int Indent { get; init; }

    /// <summary>Keys already written in the mapping the cursor is in.</summary>
    public required IReadOnlySet<string> ExistingKeys { get; init; }

    public string? ApiVersion { get; init; }

    public string? Kind { get; init; }

    public bool IsKey => ValueOfKey is null && !IsListItemValue;

    /// <summary>True when nothing but comments and whitespace is in the document yet.</summary>
    public bool IsEmptyDocument { get; init; }
}

public static partial class YamlLineContextReader
{
    public static YamlLineContext? Read(SourceText source, int offset, TextSpan documentSpan)
    {
        offset = Math.Clamp(offset, 0, source.Length);
        var position = source.GetLinePosition(offset);
        var lineStart = source.GetLineStart(position.Line);
        var before = source.Text.AsSpan(lineStart, offset - lineStart).ToString();
        var firstLine = source.GetLinePosition(documentSpan.Start).Line;
        var lastLine = source.GetLinePosition(Math.Max(documentSpan.Start, documentSpan.End - 1)).Line;
        var (apiVersion, kind, isEmpty) = ReadIdentity(source, firstLine, lastLine, position.Line);

        Match match;
        if ((match = KeyLine().Match(before)).Success)
        {
            var indent = match.Groups["indent"].Length + (match.Groups["dash"].Success ? match.Groups["dash"].Length : 0);
            var prefix = match.Groups["key"].Value;
            var path = ParentPath(source, position.Line, indent, firstLine, startsListItem: match.Groups["dash"].Success);
            return new YamlLineContext
            {
                Path = path,
                Prefix = prefix,
                ReplaceSpan = new TextSpan(offset - prefix.Length, prefix.Length),
                Indent = indent,
                ExistingKeys = SiblingKeys(source, position.Line, indent, firstLine, lastLine),
                ApiVersion = apiVersion,
                Kind = kind,
                IsEmptyDocument = isEmpty,
            };
        }

        if ((match = ValueLine().Match(before)).Success)
        {
            var indent = match.Groups["indent"].Length + (match.Groups["dash"].Success ? match.Groups["dash"].Length : 0);
            var prefix = match.Groups["value"].Value;
            var path = ParentPath(source, position.Line, indent, firstLine, startsListItem: match.Groups["dash"].Success);
            return new YamlLineContext
            {
                Path = path,
                ValueOfKey = match.Groups["key"].Value.Trim(),
                Prefix = prefix,
                ReplaceSpan = new TextSpan(offset - prefix.Length, prefix.Length),
                Indent = indent,
                ExistingKeys = new HashSet<string>(),
                ApiVersion = apiVersion,
                Kind = kind,
            };
        }

        if ((match = ListValueLine().Match(before)).Success)
        {
            var dashColumn = match.Groups["indent"].Length;
            var prefix = match.Groups["value"].Value;
            var path = ParentPath(source, position.Line, dashColumn + 2, firstLine, startsListItem: true);
            return new YamlLineContext
            {
                Path = path.Take(path.Count - 1).ToList(), // the list itself, not an item mapping
                IsListItemValue = true,
                Prefix = prefix,
                ReplaceSpan = new TextSpan(offset - prefix.Length, prefix.Length),
                Indent = dashColumn,
                ExistingKeys = new HashSet<string>(),
                ApiVersion = apiVersion,
                Kind = kind,
            };
        }

        return null;
    }

    /// <summary>
    /// Walks up from the cursor line: each less-indented "key:" line is a parent; a "- " line whose content column is
    /// the current column means the cursor is inside that list item.
    /// </summary>
    private static List<string> ParentPath(SourceText source, int line, int column, int firstLine, bool startsListItem)
    {
        var reversed = new List<string>();
        var current = column;
        var inclusive = false; // after a list item, the owning key may sit at the dash's column (indentless sequence)
        if (startsListItem)
        {
            reversed.Add("[]");
            current = column - 2;
            inclusive = true;
        }

        for (var index = line - 1; index >= firstLine && current > 0 || (index >= firstLine && inclusive && current == 0); index--)
        {
            var text = source.GetLineText(index);
            var content = text.TrimStart(' ');
            if (content.IsEmpty || content[0] == '#' || content.StartsWith("---"))
            {
                continue;
            }

            var lineColumn = text.Length - content.Length;
            if (content.StartsWith("- ") || content.SequenceEqual("-"))
            {
                if (lineColumn + 2 == current && !inclusive)
                {
                    reversed.Add("[]");
                    current = lineColumn;
                    inclusive = true;
                }

                continue;
            }

            var isParent = inclusive ? lineColumn <= current : lineColumn < current;
            if (!isParent)
            {
                continue;
            }

            var colon = KeyOf(content);
            if (colon is null)
            {
                continue;
            }

            reversed.Add(colon);
            current = lineColumn;
            inclusive = false;
            if (current == 0)
            {
                break;
            }
        }

        reversed.Reverse();
        return reversed;
    }

    private static HashSet<string> SiblingKeys(SourceText source, int line, int column, int firstLine, int lastLine)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var direction = -1; direction <= 1; direction += 2)
        {
            for (var index = line + direction; index >= firstLine && index <= lastLine; index += direction)
            {
                var text = source.GetLineText(index);
                var content = text.TrimStart(' ');
                if (content.IsEmpty || content[0] == '#')
                {
                    continue;
                }

                if (content.StartsWith("---"))
                {
                    break;
                }

                var lineColumn = text.Length - content.Length;
                var isItemStart = content.StartsWith("- ") && lineColumn + 2 == column;
                if (isItemStart)
                {
                    if (direction < 0 && KeyOf(content[2..].TrimStart()) is { } itemKey)
                    {
                        keys.Add(itemKey);
                    }

                    break; // the start of our list item (upwards) or the next item (downwards)
                }

                if (lineColumn < column)
                {
                    break;
                }

                if (lineColumn == column && KeyOf(content) is { } key)
                {
                    keys.Add(key);
                }
            }
        }

        return keys;
    }

    private static string? KeyOf(ReadOnlySpan<char> content)
    {
        var colon = content.IndexOf(':');
        if (colon <= 0 || (colon + 1 < content.Length && content[colon + 1] != ' '))
        {
            return null;
        }

        var key = content[..colon].Trim().Trim('"').Trim('\'');
        return key.IsEmpty || key.Contains(' ') ? null : key.ToString();
    }

    private static (string? ApiVersion, string? Kind, bool IsEmpty) ReadIdentity(SourceText source, int firstLine, int lastLine, int cursorLine)
    {
        string? apiVersion = null;
        string? kind = null;
        var isEmpty = true;
        for (var index = firstLine; index <= lastLine; index++)
        {
            var text = source.GetLineText(index);
            if (text.StartsWith("apiVersion:"))
            {
                apiVersion = text["apiVersion:".Length..].Trim().Trim('"').Trim('\'').ToString();
            }
            else if (text.StartsWith("kind:"))
            {
                kind = text["kind:".Length..].Trim().Trim('"').Trim('\'').ToString();
            }

            var trimmed = text.Trim();
            if (index != cursorLine && !trimmed.IsEmpty && trimmed[0] != '#' && !trimmed.StartsWith("---"))
            {
                isEmpty = false;
            }
        }

        return (apiVersion is { Length: > 0 } ? apiVersion : null, kind is { Length: > 0 } ? kind : null, isEmpty);
    }

    [GeneratedRegex(@"^(?<indent> *)(?<dash>- +)?(?<key>[^\s:#\-""'][^:#]*|)$")]
    private static partial Regex KeyLine();

    [GeneratedRegex(@"^(?<indent> *)(?<dash>- +)?(?<key>[^\s:#""'][^:#]*): +(?<value>[^\s#]*)$")]
    private static partial Regex ValueLine();

    [GeneratedRegex(@"^(?<indent> *)- +(?<value>[^\s:#]*)$")]
    private static partial Regex ListValueLine();
}
