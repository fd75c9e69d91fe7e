using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Kustomize;

/// <summary>
/// YAML written inside a kustomization string (an inline patch): parsed on its own, then every span moved to where
/// the text sits in the kustomization file, so a value set by an inline patch points at its own line.
/// </summary>
internal static class InlineDocuments
{
    /// <summary>
    /// The parse of each inline patch of a kustomization file, kept while that file (one version of it) lives: a component
    /// included by hundreds of overlays had its patch parsed again for every one (10% of rendering a 50,000-resource
    /// monorepo, issue 13). Only the parse tree and the line map are shared (both read only); every use converts the tree
    /// to render nodes of its own, which transformers may edit.
    /// </summary>
    private static readonly ConditionalWeakTable<Workspace.WorkspaceFile, ConcurrentDictionary<(int Start, string Text), Parsed>> ByFile = new();

    private sealed record Parsed(YamlFile Yaml, bool HasErrors, int[]? LineMap);

    public static IReadOnlyList<RenderNode> Parse(RenderContext context, RenderScalar scalar, out bool hasErrors)
    {
        var at = scalar.Source ?? default;
        var (parsed, errors, map) = ParsedOnce(context, at, scalar.Value);
        hasErrors = errors;
        var result = new List<RenderNode>();
        foreach (var document in parsed.Documents)
        {
            if (document.Root is null)
            {
                continue;
            }

            var node = RenderNode.FromYaml(document.Root, at.Path);
            Move(node, parsed.Source, map, at);
            result.Add(node);
        }

        return result;
    }

    private static Parsed ParsedOnce(RenderContext context, SourceRef at, string value)
    {
        if (at.Path.Length == 0)
        {
            return Parse(context, at, value);
        }

        var byText = ByFile.GetValue(context.Inputs.Holding(at.Path), _ => new ConcurrentDictionary<(int, string), Parsed>());
        return byText.TryGetValue((at.Span.Start, value), out var known) ? known : byText.GetOrAdd((at.Span.Start, value), Parse(context, at, value));
    }

    private static Parsed Parse(RenderContext context, SourceRef at, string value)
    {
        var parsed = YamlParser.Parse(value);
        return new Parsed(parsed, parsed.Diagnostics.Any(d => d.Severity == Diagnostics.DiagnosticSeverity.Error), LineMap(context, at, value));
    }

    /// <summary>For a block scalar: the file offset of each line of its value; otherwise null (spans fall back to the whole scalar).</summary>
    private static int[]? LineMap(RenderContext context, SourceRef at, string value)
    {
        if (at.Path.Length == 0)
        {
            return null;
        }

        var text = context.Inputs.Holding(at.Path).Source.Text;
        if (at.Span.Start >= text.Length || text[at.Span.Start] is not ('|' or '>'))
        {
            return null;
        }

        var lineCount = value.Split('\n').Length;
        var starts = new int[lineCount];
        var position = text.IndexOf('\n', at.Span.Start);
        var indent = -1;
        for (var line = 0; line < lineCount && position >= 0 && position < text.Length; line++)
        {
            var lineStart = position + 1;
            var end = text.IndexOf('\n', lineStart);
            var content = text[lineStart..(end < 0 ? text.Length : end)];
            if (indent < 0 && content.Trim().Length > 0)
            {
                indent = content.Length - content.TrimStart(' ').Length;
            }

            starts[line] = lineStart + Math.Max(0, Math.Min(indent < 0 ? 0 : indent, content.Length));
            position = end;
        }

        return starts;
    }

    private static void Move(RenderNode node, SourceText inline, int[]? lineStarts, SourceRef at)
    {
        node.Source = Map(node.Source, inline, lineStarts, at);
        switch (node)
        {
            case RenderMap map:
                foreach (var entry in map.Entries)
                {
                    entry.KeySource = Map(entry.KeySource, inline, lineStarts, at);
                    Move(entry.Value, inline, lineStarts, at);
                }

                break;
            case RenderSequence sequence:
                foreach (var item in sequence.Items)
                {
                    Move(item, inline, lineStarts, at);
                }

                break;
        }
    }

    private static SourceRef? Map(SourceRef? source, SourceText inline, int[]? lineStarts, SourceRef at)
    {
        if (source is not { } inner || lineStarts is null)
        {
            return at;
        }

        var position = inline.GetLinePosition(inner.Span.Start);
        if (position.Line >= lineStarts.Length || lineStarts[position.Line] == 0)
        {
            return at;
        }

        var start = lineStarts[position.Line] + position.Character;
        var endPosition = inline.GetLinePosition(inner.Span.End);
        var length = endPosition.Line == position.Line ? inner.Span.Length : Math.Max(0, (endPosition.Line < lineStarts.Length ? lineStarts[endPosition.Line] + endPosition.Character : start) - start);
        return new SourceRef(at.Path, new TextSpan(start, length));
    }
}
