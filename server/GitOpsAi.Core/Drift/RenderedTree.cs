using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Drift;

/// <summary>
/// A rendered object turned into the positioned tree drift compares: every node carries the span of the text that set
/// it (a base line, a patch line, the overlay's <c>images:</c> entry) and remembers the file that span is in, so a
/// finding lands on the line that set the value, in that file.
/// </summary>
internal sealed class RenderedTree
{
    private readonly Dictionary<YamlNode, string> _paths = new(ReferenceEqualityComparer.Instance);

    // Scalars whose rendered value is not the text at their span (a composed image, a prefixed name): the finding can
    // sit there, but replacing that text with the live value would be wrong.
    private readonly HashSet<YamlNode> _composed = new(ReferenceEqualityComparer.Instance);
    private readonly Func<string, SourceText?> _textOf;

    private RenderedTree(RenderedObject rendered, Func<string, SourceText?> textOf)
    {
        _textOf = textOf;
        Root = (YamlMapping)Convert(rendered.Root, rendered.Origin);
        Files = _paths.Values.ToHashSet(StringComparer.Ordinal);
    }

    public YamlMapping Root { get; }

    /// <summary>Every file that set a node of the object.</summary>
    public IReadOnlySet<string> Files { get; }

    public static RenderedTree Of(RenderedObject rendered, Func<string, SourceText?> textOf) => new(rendered, textOf);

    public string? PathOf(YamlNode node) => _paths.GetValueOrDefault(node);

    public bool IsWrittenAsIs(YamlNode node) => !_composed.Contains(node);

    private YamlNode Convert(RenderNode node, SourceRef parent)
    {
        var source = node.Source ?? parent;
        YamlNode converted = node switch
        {
            RenderMap map => new YamlMapping(source.Span, map.Entries.Select(e => Pair(e, source)).ToList(), isFlow: false, tag: null, anchor: null),
            RenderSequence sequence => new YamlSequence(source.Span, sequence.Items.Select(i => Convert(i, source)).ToList(), isFlow: false, tag: null, anchor: null),
            RenderScalar scalar => Scalar(scalar, source),
            _ => new YamlScalar(source.Span, string.Empty, YamlScalarStyle.Plain, null, null),
        };
        _paths[converted] = source.Path;
        return converted;
    }

    private YamlPair Pair(RenderEntry entry, SourceRef parent)
    {
        var keySource = entry.KeySource ?? entry.Value.Source ?? parent;
        var key = new YamlScalar(keySource.Span, entry.Key, YamlScalarStyle.Plain, null, null);
        _paths[key] = keySource.Path;
        return new YamlPair(key, Convert(entry.Value, keySource));
    }

    /// <summary>A scalar of the same YAML type; the style of the text it was written with when that text is the value.</summary>
    private YamlScalar Scalar(RenderScalar scalar, SourceRef source)
    {
        var written = WrittenText(source);
        var style = written switch
        {
            ['"', ..] => YamlScalarStyle.DoubleQuoted,
            ['\'', ..] => YamlScalarStyle.SingleQuoted,
            _ => YamlScalarStyle.Plain,
        };
        var result = new YamlScalar(source.Span, scalar.Value, style, null, null);
        if (result.Type != scalar.Type)
        {
            // Only a string can be told apart by quoting (a quoted "8080"); the type the renderer gave wins.
            result = new YamlScalar(source.Span, scalar.Value, scalar.Type == YamlScalarType.String ? YamlScalarStyle.DoubleQuoted : YamlScalarStyle.Plain, null, null);
        }

        if (written is null || Unquote(written) != scalar.Value)
        {
            _composed.Add(result);
        }

        return result;
    }

    private string? WrittenText(SourceRef source)
    {
        var text = _textOf(source.Path)?.Text;
        return text is null || source.Span.End > text.Length ? null : text.Substring(source.Span.Start, source.Span.Length).Trim();
    }

    private static string Unquote(string text) => text.Length >= 2 && (text[0] == '"' || text[0] == '\'') && text[^1] == text[0] ? text[1..^1] : text;
}
