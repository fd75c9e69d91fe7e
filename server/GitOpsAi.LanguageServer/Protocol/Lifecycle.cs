using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitOpsAi.LanguageServer.Protocol;

public sealed record WorkspaceFolder(string Uri, string Name);

public sealed record InitializeParams
{
    public int? ProcessId { get; init; }

    public string? RootUri { get; init; }

    public string? RootPath { get; init; }

    public IReadOnlyList<WorkspaceFolder>? WorkspaceFolders { get; init; }

    public JsonElement? InitializationOptions { get; init; }

    public JsonElement? Capabilities { get; init; }

    public string? Trace { get; init; }
}

public sealed record InitializeResult(ServerCapabilities Capabilities, ServerInfo ServerInfo);

public sealed record ServerInfo(string Name, string Version);

public sealed record ServerCapabilities
{
    public TextDocumentSyncOptions? TextDocumentSync { get; init; }

    public bool HoverProvider { get; init; }

    public CompletionOptions? CompletionProvider { get; init; }

    public bool DocumentSymbolProvider { get; init; }

    public bool DefinitionProvider { get; init; }

    public CodeActionOptions? CodeActionProvider { get; init; }

    public DiagnosticOptions? DiagnosticProvider { get; init; }

    public ExecuteCommandOptions? ExecuteCommandProvider { get; init; }

    public JsonObject? Workspace { get; init; }
}

public sealed record TextDocumentSyncOptions(bool OpenClose, int Change, SaveOptions? Save);

public sealed record SaveOptions(bool IncludeText);

public static class TextDocumentSyncKind
{
    public const int Full = 1;
    public const int Incremental = 2;
}

public sealed record CompletionOptions(IReadOnlyList<string> TriggerCharacters, bool ResolveProvider);

public sealed record CodeActionOptions(IReadOnlyList<string> CodeActionKinds);

public sealed record DiagnosticOptions(string Identifier, bool InterFileDependencies, bool WorkspaceDiagnostics);

public sealed record InitializedParams;

public sealed record SetTraceParams(string Value);
