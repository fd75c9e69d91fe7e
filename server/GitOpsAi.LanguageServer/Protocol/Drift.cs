namespace GitOpsAi.LanguageServer.Protocol;

public sealed record InlayHintParams(TextDocumentIdentifier TextDocument, Range Range);

/// <summary>An inlay hint (kind omitted: neither a type nor a parameter).</summary>
public sealed record InlayHint(Position Position, string Label, string? Tooltip, bool PaddingLeft);

public sealed record CodeLensParams(TextDocumentIdentifier TextDocument);

public sealed record CodeLens(Range Range, Command? Command);

/// <summary>A command the client runs (never the server: "copy to clipboard" is the editor's job).</summary>
public sealed record Command(string Title, [property: System.Text.Json.Serialization.JsonPropertyName("command")] string CommandName, IReadOnlyList<object>? Arguments);
