using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Text;

namespace GitOpsAi.Core.Yaml;

/// <summary>A comment, kept because later features read them (natural-language generation, inline suppressions).</summary>
/// <param name="Span">From the <c>#</c> to the end of the line.</param>
/// <param name="Text">The text after <c>#</c>, trimmed.</param>
/// <param name="IsOwnLine">True when nothing but whitespace precedes the comment on its line.</param>
public readonly record struct YamlComment(TextSpan Span, string Text, bool IsOwnLine);

/// <summary>One document of a multi-document YAML file.</summary>
public sealed class YamlDocument
{
    public YamlDocument(int index, TextSpan span, YamlNode? root, bool isAnalyzable)
    {
        Index = index;
        Span = span;
        Root = root;
        IsAnalyzable = isAnalyzable;
    }

    /// <summary>Zero-based position among the file's documents.</summary>
    public int Index { get; }

    /// <summary>The document's text, including its <c>---</c> marker line when it has one.</summary>
    public TextSpan Span { get; }

    /// <summary>The root node, or null for an empty document or one that failed to parse.</summary>
    public YamlNode? Root { get; }

    /// <summary>False when the document had a syntax error or hit a parser limit: only its syntax diagnostics apply.</summary>
    public bool IsAnalyzable { get; }

    public YamlMapping? RootMapping => Root as YamlMapping;
}

/// <summary>A parsed YAML file: its documents, comments and the diagnostics parsing produced.</summary>
public sealed class YamlFile
{
    public YamlFile(SourceText source, IReadOnlyList<YamlDocument> documents, IReadOnlyList<YamlComment> comments, IReadOnlyList<Diagnostic> diagnostics, bool isHelmTemplate)
    {
        Source = source;
        Documents = documents;
        Comments = comments;
        Diagnostics = diagnostics;
        IsHelmTemplate = isHelmTemplate;
    }

    public SourceText Source { get; }

    public IReadOnlyList<YamlDocument> Documents { get; }

    public IReadOnlyList<YamlComment> Comments { get; }

    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>True for a Helm chart template (<c>{{ }}</c> outside strings): such files are not YAML until rendered.</summary>
    public bool IsHelmTemplate { get; }

    /// <summary>The per-chunk parse results, which an edit of this file can reuse.</summary>
    internal IReadOnlyList<ParsedChunk> Chunks { get; init; } = [];

    public YamlDocument? DocumentAt(int offset)
    {
        foreach (var document in Documents)
        {
            if (document.Span.ContainsOrTouches(offset))
            {
                return document;
            }
        }

        return null;
    }
}
