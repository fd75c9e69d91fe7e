using System.Text.Json.Nodes;

namespace GitOpsAi.LanguageServer.Protocol;

public sealed record Diagnostic
{
    public required Range Range { get; init; }

    public int Severity { get; init; }

    public string? Code { get; init; }

    public CodeDescription? CodeDescription { get; init; }

    public string? Source { get; init; }

    public required string Message { get; init; }

    /// <summary>Round-tripped by clients into code action requests; we put the diagnostic's fixes' identity here.</summary>
    public JsonNode? Data { get; init; }
}

public sealed record CodeDescription(string Href);

public sealed record PublishDiagnosticsParams(string Uri, int? Version, IReadOnlyList<Diagnostic> Diagnostics);

public sealed record DocumentDiagnosticParams(TextDocumentIdentifier TextDocument, string? Identifier, string? PreviousResultId);

/// <summary>A pull report: kind "full" with items, or "unchanged" with the previous result id.</summary>
public sealed record DocumentDiagnosticReport(string Kind, string? ResultId, IReadOnlyList<Diagnostic>? Items);

public sealed record PreviousResultId(string Uri, string Value);

public sealed record WorkspaceDiagnosticParams(string? Identifier, IReadOnlyList<PreviousResultId>? PreviousResultIds);

public sealed record WorkspaceDocumentDiagnosticReport(string Kind, string Uri, int? Version, string? ResultId, IReadOnlyList<Diagnostic>? Items);

public sealed record WorkspaceDiagnosticReport(IReadOnlyList<WorkspaceDocumentDiagnosticReport> Items);
