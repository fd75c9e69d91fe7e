using System.Text.Json;

namespace GitOpsAi.LanguageServer.Protocol;

/// <summary>An LSP Command; the member "command" is <see cref="Name"/> (a property cannot share its record's name).</summary>
public sealed record Command(string Title, [property: System.Text.Json.Serialization.JsonPropertyName("command")] string Name, IReadOnlyList<object>? Arguments);

public sealed record CodeLensParams(TextDocumentIdentifier TextDocument);

public sealed record CodeLens(Range Range, Command? Command);

public sealed record CodeLensOptions(bool ResolveProvider);

public sealed record ExecuteCommandOptions(IReadOnlyList<string> Commands);

public sealed record ExecuteCommandParams(string Command, IReadOnlyList<JsonElement>? Arguments)
{
    /// <summary>A token the client created for work-done progress on this request, if it wants progress.</summary>
    public System.Text.Json.Nodes.JsonNode? WorkDoneToken { get; init; }
}

public sealed record ApplyWorkspaceEditParams(string Label, WorkspaceEdit Edit);

public sealed record ApplyWorkspaceEditResult(bool Applied, string? FailureReason);

public sealed record ShowMessageParams(int Type, string Message);
