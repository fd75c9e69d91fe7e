using System.Text.Json.Nodes;

namespace GitOpsAi.LanguageServer.Protocol;

// The basic structures of the LSP specification (3.17), as small records. Property names are camelCased by the
// serializer and nulls are omitted, so a record reads like the spec.

public sealed record Position(int Line, int Character);

public sealed record Range(Position Start, Position End);

public sealed record Location(string Uri, Range Range);

public sealed record TextDocumentIdentifier(string Uri);

public sealed record VersionedTextDocumentIdentifier(string Uri, int Version);

public sealed record OptionalVersionedTextDocumentIdentifier(string Uri, int? Version);

public sealed record TextDocumentItem(string Uri, string LanguageId, int Version, string Text);

public sealed record TextDocumentPositionParams(TextDocumentIdentifier TextDocument, Position Position);

public sealed record TextEdit(Range Range, string NewText);

public sealed record TextDocumentEdit(OptionalVersionedTextDocumentIdentifier TextDocument, IReadOnlyList<TextEdit> Edits);

public sealed record WorkspaceEdit
{
    public Dictionary<string, IReadOnlyList<TextEdit>>? Changes { get; init; }

    /// <summary>TextDocumentEdit or CreateFile entries, in order.</summary>
    public IReadOnlyList<JsonNode>? DocumentChanges { get; init; }
}

public sealed record MarkupContent(string Kind, string Value)
{
    public static MarkupContent Markdown(string value) => new("markdown", value);
}

public sealed record WorkDoneProgressParams
{
    public JsonNode? WorkDoneToken { get; init; }
}

public static class LspErrorCodes
{
    public const int ParseError = -32700;
    public const int InvalidRequest = -32600;
    public const int MethodNotFound = -32601;
    public const int InvalidParams = -32602;
    public const int InternalError = -32603;
    public const int ServerNotInitialized = -32002;
    public const int RequestCancelled = -32800;
    public const int ContentModified = -32801;
}
