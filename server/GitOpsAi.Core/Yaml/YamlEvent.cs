using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace GitOpsAi.Core.Yaml;

internal enum YamlEventKind : byte
{
    Other,
    StreamStart,
    StreamEnd,
    DocumentStart,
    DocumentEnd,
    Scalar,
    Alias,
    MappingStart,
    MappingEnd,
    SequenceStart,
    SequenceEnd,
}

/// <summary>
/// One parsing event, as a value: <see cref="TokenEventParser"/> fills a reused list of these rather than allocating one
/// YamlDotNet event object per node (a quarter of what parsing a repository allocated). YamlDotNet's Parser's events
/// are converted with <see cref="From"/>, so the tree is built from one kind of event either way.
/// </summary>
/// <param name="Value">A scalar's value, or an alias's anchor name.</param>
/// <param name="IsFlow">For a mapping or sequence start: written in brackets.</param>
internal readonly record struct YamlEvent(
    YamlEventKind Kind,
    Mark Start,
    Mark End,
    string? Value = null,
    ScalarStyle Style = ScalarStyle.Any,
    string? Tag = null,
    string? Anchor = null,
    bool IsFlow = false)
{
    public static YamlEvent From(ParsingEvent parsingEvent) => parsingEvent switch
    {
        Scalar s => new(YamlEventKind.Scalar, s.Start, s.End, s.Value, s.Style, TagOf(s.Tag), AnchorOf(s.Anchor)),
        AnchorAlias a => new(YamlEventKind.Alias, a.Start, a.End, a.Value.Value),
        MappingStart m => new(YamlEventKind.MappingStart, m.Start, m.End, Tag: TagOf(m.Tag), Anchor: AnchorOf(m.Anchor), IsFlow: m.Style == MappingStyle.Flow),
        SequenceStart q => new(YamlEventKind.SequenceStart, q.Start, q.End, Tag: TagOf(q.Tag), Anchor: AnchorOf(q.Anchor), IsFlow: q.Style == SequenceStyle.Flow),
        _ => new(KindOf(parsingEvent), parsingEvent.Start, parsingEvent.End),
    };

    public static string? TagOf(TagName tag) => tag.IsEmpty ? null : tag.Value;

    public static string? AnchorOf(AnchorName anchor) => anchor.IsEmpty ? null : anchor.Value;

    private static YamlEventKind KindOf(ParsingEvent parsingEvent) => parsingEvent switch
    {
        MappingEnd => YamlEventKind.MappingEnd,
        SequenceEnd => YamlEventKind.SequenceEnd,
        DocumentStart => YamlEventKind.DocumentStart,
        DocumentEnd => YamlEventKind.DocumentEnd,
        StreamStart => YamlEventKind.StreamStart,
        StreamEnd => YamlEventKind.StreamEnd,
        _ => YamlEventKind.Other,
    };
}
