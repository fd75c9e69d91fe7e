using System.Text.Json;

namespace GitOpsAi.LanguageServer.Protocol;

public sealed record ExecuteCommandOptions(IReadOnlyList<string> Commands);

public sealed record ExecuteCommandParams(string Command, IReadOnlyList<JsonElement>? Arguments)
{
    /// <summary>A token the client created for work-done progress on this request, if it wants progress.</summary>
    public System.Text.Json.Nodes.JsonNode? WorkDoneToken { get; init; }
}

public sealed record ApplyWorkspaceEditParams(string Label, WorkspaceEdit Edit);

public sealed record ApplyWorkspaceEditResult(bool Applied, string? FailureReason);

public sealed record ShowMessageParams(int Type, string Message);
