using System.Text.Json.Serialization;

namespace GitOpsAi.LanguageServer.Protocol;

// The basic structures of the LSP specification (3.17), as small records. Property names are camelCased by the
// serializer and nulls are omitted, so a record reads like the spec.

public sealed record Position(int Line, int Character);

public sealed record Range(Position Start, Position End);

public sealed record Location(string Uri, Range Range);

public sealed record TextDocumentIdentifier(string Uri);

public sealed record VersionedTextDocumentIdentifier(string Uri, int Version);

/// <summary>A null version (the file is not open) is written out, not left out: clients check for the member.</summary>
public sealed record OptionalVersionedTextDocumentIdentifier(string Uri, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] int? Version);

public sealed record TextDocumentItem(string Uri, string LanguageId, int Version, string Text);

public sealed record TextDocumentPositionParams(TextDocumentIdentifier TextDocument, Position Position);

public sealed record TextEdit(Range Range, string NewText);

public sealed record TextDocumentEdit(OptionalVersionedTextDocumentIdentifier TextDocument, IReadOnlyList<TextEdit> Edits);

public sealed record CreateFile(string Uri, CreateFileOptions? Options)
{
    public string Kind => "create";
}

public sealed record CreateFileOptions(bool IgnoreIfExists);

public sealed record WorkspaceEdit
{
    public Dictionary<string, IReadOnlyList<TextEdit>>? Changes { get; init; }

    /// <summary><see cref="TextDocumentEdit"/> or <see cref="CreateFile"/> entries, in order (written as their runtime types).</summary>
    public IReadOnlyList<object>? DocumentChanges { get; init; }
}

public sealed record MarkupContent(string Kind, string Value)
{
    public static MarkupContent Markdown(string value) => new("markdown", value);
}
