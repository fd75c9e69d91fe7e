using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitOpsAi.LanguageServer.Protocol;

public sealed record DidChangeConfigurationParams(JsonElement? Settings);

public sealed record ConfigurationItem(string? ScopeUri, string? Section);

public sealed record ConfigurationParams(IReadOnlyList<ConfigurationItem> Items);

public sealed record FileEvent(string Uri, int Type);

public static class FileChangeType
{
    public const int Created = 1;
    public const int Changed = 2;
    public const int Deleted = 3;
}

public sealed record DidChangeWatchedFilesParams(IReadOnlyList<FileEvent> Changes);

public sealed record WorkspaceFoldersChangeEvent(IReadOnlyList<WorkspaceFolder> Added, IReadOnlyList<WorkspaceFolder> Removed);

public sealed record DidChangeWorkspaceFoldersParams(WorkspaceFoldersChangeEvent Event);

public sealed record Registration(string Id, string Method, JsonNode? RegisterOptions);

public sealed record RegistrationParams(IReadOnlyList<Registration> Registrations);

public sealed record LogMessageParams(int Type, string Message);

public static class MessageType
{
    public const int Error = 1;
    public const int Warning = 2;
    public const int Info = 3;
    public const int Log = 4;
}

public sealed record WorkDoneProgressCreateParams(JsonNode Token);

public sealed record ProgressParams(JsonNode Token, JsonNode Value);

/// <summary>workspace/executeCommand: a command the server advertised, with its arguments.</summary>
