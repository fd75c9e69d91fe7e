using System.Text;
using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Editing;

/// <summary>
/// Text edits that change one field of a YAML document while leaving every other line (comments, quoting, order,
/// blank lines) exactly as written. When an edit cannot be made safely (flow-style collections, aliases, merge keys)
/// the helpers return null and no fix is offered.
/// </summary>
public static class YamlEdits
{
    /// <summary>
    /// Sets <paramref name="path"/> under <paramref name="mapping"/> to <paramref name="valueYaml"/> (a YAML fragment:
    /// a scalar such as "true", or a block such as "requests:\n  cpu: 100m"), creating missing intermediate mappings.
    /// </summary>
    public static TextEdit? SetValue(SourceText source, YamlMapping mapping, IReadOnlyList<string> path, string valueYaml)
    {
        var edit = SetValueLf(source, mapping, path, valueYaml);
        return edit is null || NewLine(source) == "\n" ? edit : edit with { NewText = edit.NewText.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal) };
    }

    private static TextEdit? SetValueLf(SourceText source, YamlMapping mapping, IReadOnlyList<string> path, string valueYaml)
    {
        if (path.Count == 0 || mapping.IsFlow && mapping.Pairs.Count > 0 || mapping.Anchor is not null)
        {
            return null;
        }

        var current = mapping;
        var index = 0;
        for (; index < path.Count; index++)
        {
            if (current.GetPair(path[index]) is not { } pair)
            {
                break;
            }

            if (pair.IsMerged || pair.Value.Anchor is not null)
            {
                return null; // the value is shared with other places; changing it here would change them too
            }

            if (index == path.Count - 1)
            {
                return ReplaceValue(source, current, pair, valueYaml);
            }

            switch (pair.Value)
            {
                case YamlMapping { IsFlow: false } child:
                    current = child;
                    continue;
                case YamlMapping { IsFlow: true, Pairs.Count: 0 } or YamlScalar { IsNull: true }:
                    // "securityContext: {}" or "securityContext:" becomes a block mapping holding the rest of the path
                    // (no space left after the colon).
                    var colonEnd = AfterColon(source, pair);
                    var indent = KeyColumn(source, current) + 2;
                    return new TextEdit(TextSpan.FromBounds(colonEnd, Math.Max(colonEnd, pair.Value.Span.End)), NewLine(source) + Render(path.Skip(index + 1).ToList(), valueYaml, indent).TrimEnd('\n'));
                default:
                    return null;
            }
        }

        return InsertInto(source, current, path.Skip(index).ToList(), valueYaml);
    }

    /// <summary>Inserts a whole line (e.g. a comment) before the line holding <paramref name="offset"/>, with its indentation.</summary>
    public static TextEdit InsertLineBefore(SourceText source, int offset, string text)
    {
        var line = source.GetLinePosition(offset).Line;
        var lineStart = source.GetLineStart(line);
        var lineText = source.GetLineText(line);
        var indent = lineText.Length - lineText.TrimStart(' ').Length;
        var dash = lineText.TrimStart(' ').StartsWith("- ") ? 2 : 0;
        return new TextEdit(new TextSpan(lineStart, 0), new string(' ', indent + dash) + text + NewLine(source));
    }

    /// <summary>
    /// Appends <paramref name="item"/> to a list as written: a new "- item" line after the last item of a block
    /// sequence, or ", item" inside a flow sequence. Null when the list is shared (an anchor) or empty in block form.
    /// </summary>
    public static TextEdit? AppendItem(SourceText source, YamlSequence list, string item)
    {
        if (list.Anchor is not null)
        {
            return null;
        }

        if (list.IsFlow)
        {
            if (list.Items.Count == 0)
            {
                return new TextEdit(list.Span, $"[{item}]");
            }

            return new TextEdit(new TextSpan(list.Items[^1].Span.End, 0), $", {item}");
        }

        if (list.Items.Count == 0)
        {
            return null;
        }

        var last = list.Items[^1];
        var firstLine = source.GetLinePosition(list.Items[0].Span.Start).Line;
        var lastLine = source.GetLinePosition(Math.Max(last.Span.Start, last.Span.End - 1)).Line;
        var lineText = source.GetLineText(firstLine).ToString();
        var dash = lineText.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0 || lineText[..dash].Trim().Length > 0)
        {
            return null; // the first item shares its line with something else (e.g. "key: - a" cannot happen, but "- - a" can)
        }

        return InsertAfterLine(source, lastLine, $"{new string(' ', dash)}- {item}{NewLine(source)}");
    }

    public static CodeFix? Fix(string title, TextEdit? edit, bool preferred = true) =>
        edit is null ? null : new CodeFix(title, [edit]) { IsPreferred = preferred };

    /// <summary>Applies non-overlapping edits to a text (the CLI's --fix and tests).</summary>
    public static string Apply(string text, IEnumerable<TextEdit> edits)
    {
        var builder = new StringBuilder(text);
        foreach (var edit in edits.OrderByDescending(e => e.Span.Start).ThenByDescending(e => e.Span.End))
        {
            builder.Remove(edit.Span.Start, edit.Span.Length).Insert(edit.Span.Start, edit.NewText);
        }

        return builder.ToString();
    }

    private static TextEdit? ReplaceValue(SourceText source, YamlMapping owner, YamlPair pair, string valueYaml)
    {
        if (!valueYaml.Contains('\n'))
        {
            return pair.Value is YamlScalar { IsNull: true, Span.Length: 0 }
                ? new TextEdit(new TextSpan(AfterColon(source, pair), 0), " " + valueYaml)
                : new TextEdit(pair.Value.Span, valueYaml);
        }

        if (pair.Value is YamlMapping { IsFlow: false } or YamlSequence { IsFlow: false })
        {
            return null; // replacing a whole block is a rewrite, not a fix
        }

        var indent = KeyColumn(source, owner) + 2;
        return new TextEdit(TextSpan.FromBounds(AfterColon(source, pair), pair.Value.Span.End), NewLine(source) + Render([], valueYaml, indent).TrimEnd('\r', '\n'));
    }

    private static TextEdit? InsertInto(SourceText source, YamlMapping mapping, IReadOnlyList<string> remaining, string valueYaml)
    {
        if (mapping.IsFlow)
        {
            return null;
        }

        var written = mapping.Pairs.Where(p => !p.IsMerged).ToList();
        if (written.Count == 0)
        {
            return null;
        }

        var column = KeyColumn(source, mapping);
        var last = written.Max(p => Math.Max(p.Key.Span.End, p.Value.Span.End));
        var line = source.GetLinePosition(Math.Max(0, last - 1)).Line;
        return InsertAfterLine(source, line, Render(remaining, valueYaml, column));
    }

    /// <summary>Inserts whole lines after <paramref name="line"/>; a text that does not end with a line break gets one first.</summary>
    private static TextEdit InsertAfterLine(SourceText source, int line, string text)
    {
        var insertAt = source.GetLineEnd(line, includeBreak: true);
        var prefix = insertAt == source.Length && !EndsWithNewLine(source) ? NewLine(source) : string.Empty;
        return new TextEdit(new TextSpan(insertAt, 0), prefix + text);
    }

    /// <summary>"a", "b" with "true" at indent 4 → "    a:\n      b: true\n".</summary>
    private static string Render(IReadOnlyList<string> keys, string valueYaml, int indent)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < keys.Count; i++)
        {
            builder.Append(' ', indent + (2 * i)).Append(keys[i]).Append(':');
            var isLast = i == keys.Count - 1;
            if (isLast && !valueYaml.Contains('\n'))
            {
                builder.Append(' ').Append(valueYaml).Append('\n');
                return builder.ToString();
            }

            builder.Append('\n');
        }

        var blockIndent = indent + (2 * keys.Count);
        foreach (var line in valueYaml.TrimEnd('\n').Split('\n'))
        {
            builder.Append(' ', blockIndent).Append(line).Append('\n');
        }

        return builder.ToString();
    }

    /// <summary>The offset just after the colon that ends a pair's key: "key : value" may have spaces before it.</summary>
    private static int AfterColon(SourceText source, YamlPair pair) => source.Text.IndexOf(':', pair.Key.Span.End) + 1;

    /// <summary>The column keys of a block mapping start at (after "- " for a list item).</summary>
    private static int KeyColumn(SourceText source, YamlMapping mapping)
    {
        var first = mapping.Pairs.Cast<YamlPair?>().FirstOrDefault(p => !p!.Value.IsMerged);
        return first is not { } written ? source.GetLinePosition(mapping.Span.Start).Character : source.GetLinePosition(written.Key.Span.Start).Character;
    }

    private static string NewLine(SourceText source) => source.NewLine;

    private static bool EndsWithNewLine(SourceText source) => source.Length > 0 && source.Text[^1] == '\n';
}
