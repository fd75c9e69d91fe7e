namespace GitOpsAi.LanguageServer.Protocol;

/// <summary>
/// An LSP Command: the client runs it (the server never does: "copy to clipboard" is the editor's job). The member
/// "command" is <see cref="Name"/> because a property cannot share its record's name.
/// </summary>
public sealed record Command(string Title, [property: System.Text.Json.Serialization.JsonPropertyName("command")] string Name, IReadOnlyList<object>? Arguments);

public sealed record CodeLensParams(TextDocumentIdentifier TextDocument);

public sealed record CodeLens(Range Range, Command? Command);

public sealed record CodeLensOptions(bool ResolveProvider);
