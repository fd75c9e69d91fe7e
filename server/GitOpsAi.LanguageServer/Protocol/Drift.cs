namespace GitOpsAi.LanguageServer.Protocol;

public sealed record InlayHintParams(TextDocumentIdentifier TextDocument, Range Range);

/// <summary>An inlay hint (kind omitted: neither a type nor a parameter).</summary>
public sealed record InlayHint(Position Position, string Label, string? Tooltip, bool PaddingLeft);

