using System.Text.Json;
using System.Text.Json.Nodes;
using GitOpsAi.Core.Text;
using GitOpsAi.LanguageServer.Conversion;
using GitOpsAi.LanguageServer.Protocol;
using GitOpsAi.LanguageServer.Services;
using CoreCodeFix = GitOpsAi.Core.Diagnostics.CodeFix;

namespace GitOpsAi.LanguageServer.Handlers.CodeActions;

/// <summary>The commands that hand over the secret values a fix takes out of a file.</summary>
internal static class SecretValuesCommands
{
    /// <summary>Implemented by the VS Code extension (clipboard or a file the user picks); clients announce it in experimental capabilities.</summary>
    public const string HandOver = "gitopsAi.handOverSecretValues";

    public const string ClientCapability = "experimental.gitopsAi.handOverSecretValues";

    /// <summary>Implemented by the server for every other client: a file outside every workspace folder, readable by the user only.</summary>
    public const string SaveOutsideWorkspace = "gitops-ai.saveSecretValues";

    /// <summary>
    /// For clients without codeAction/resolve: the server applies the conversion (workspace/applyEdit) and saves the
    /// values as <see cref="SaveOutsideWorkspace"/> does, so they never travel in a codeAction answer either.
    /// </summary>
    public const string Convert = "gitops-ai.convertToExternalSecret";
}

/// <summary>
/// A fix that carries secret values is offered lazily: the codeAction answer holds its title and an opaque reference
/// (document, finding range, title), and only codeAction/resolve, sent when the user picks it, computes the edit and
/// the command that carries the values. Every codeAction request (the editor asks on each cursor move) thus stays free
/// of them.
/// </summary>
internal static class SecretValuesActions
{
    private const string Marker = "gitopsAi.secretValues";

    /// <summary>The offer; a client that cannot resolve actions gets a server command that applies it instead.</summary>
    public static CodeAction Unresolved(CoreCodeFix fix, string uri, Protocol.Range findingRange, IReadOnlyList<Protocol.Diagnostic>? diagnostics, bool clientResolves)
    {
        var reference = new JsonObject
        {
            [Marker] = true,
            ["uri"] = uri,
            ["range"] = JsonSerializer.SerializeToNode(findingRange, JsonOptions),
            ["title"] = fix.Title,
        };
        return new CodeAction
        {
            Title = fix.Title,
            Kind = "quickfix",
            IsPreferred = fix.IsPreferred ? true : null,
            Diagnostics = diagnostics,
            Data = clientResolves ? reference : null,
            Command = clientResolves ? null : new Command(fix.Title, SecretValuesCommands.Convert, [reference]),
        };
    }

    public static bool IsUnresolved(CodeAction action) => action.Data?[Marker]?.GetValueKind() == JsonValueKind.True;

    /// <summary>The action with its edit and values, or null when the document no longer has that finding and fix.</summary>
    public static CodeAction? Resolve(CodeAction action, ServerContext server)
    {
        var uri = action.Data?["uri"]?.GetValue<string>();
        var title = action.Data?["title"]?.GetValue<string>() ?? action.Title;
        var range = action.Data?["range"]?.Deserialize<Protocol.Range>(JsonOptions);
        if (uri is null || range is null || server.Diagnostics.Current(uri) is not { } result)
        {
            return null;
        }

        var source = result.File.Source;
        var fix = result.Diagnostics
            .Where(d => source.ToRange(d.Span) == range)
            .SelectMany(d => d.Fixes)
            .FirstOrDefault(f => f.SecretValues is not null && f.Title == title);
        if (fix?.SecretValues is not { } values)
        {
            return null;
        }

        var version = server.Documents.Get(uri)?.Version;
        var edit = new WorkspaceEdit
        {
            DocumentChanges = [new TextDocumentEdit(new OptionalVersionedTextDocumentIdentifier(uri, version), fix.Edits.Select(e => e.ToLsp(source)).ToList())],
        };
        return action with { Edit = edit, Command = HandOverCommand(server, result.File.Path, values), Data = null };
    }

    /// <summary>The offer made as a command (clients without codeAction/resolve), turned back into an action to resolve.</summary>
    public static CodeAction FromCommandArgument(JsonElement reference) => new()
    {
        Title = reference.TryGetProperty("title", out var title) && title.ValueKind == JsonValueKind.String ? title.GetString()! : string.Empty,
        Data = JsonNode.Parse(reference.GetRawText()) as JsonObject,
    };

    private static Command HandOverCommand(ServerContext server, string manifestPath, Core.Diagnostics.SecretValues values)
    {
        var payload = new JsonObject
        {
            ["fileName"] = values.FileName,
            ["text"] = values.Text,
            ["manifestDirectory"] = Path.GetDirectoryName(manifestPath),
            ["workspaceFolders"] = new JsonArray(server.Workspace.Roots.Select(r => (JsonNode)r).ToArray()),
        };
        return server.Client.Supports(SecretValuesCommands.ClientCapability)
            ? new Command("Hand over the secret values", SecretValuesCommands.HandOver, [payload])
            : new Command("Save the secret values outside the workspace", SecretValuesCommands.SaveOutsideWorkspace, [payload]);
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}
