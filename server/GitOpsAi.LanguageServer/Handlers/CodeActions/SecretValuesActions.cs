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
    /// <summary>
    /// Implemented by the VS Code extension (clipboard or a file the user picks), which announces it in experimental
    /// capabilities; it fetches the values with <see cref="Take"/>.
    /// </summary>
    public const string HandOver = "gitopsAi.handOverSecretValues";

    public const string ClientCapability = "experimental.gitopsAi.handOverSecretValues";

    /// <summary>Implemented by the server for every other client: a file outside every workspace folder, readable by the user only.</summary>
    public const string SaveOutsideWorkspace = "gitops-ai.saveSecretValues";

    /// <summary>The values kept when the action was resolved, handed out once (the VS Code command asks with this).</summary>
    public const string Take = "gitops-ai.takeSecretValues";

    /// <summary>
    /// For clients without codeAction/resolve: the server applies the conversion (workspace/applyEdit) and saves the
    /// values as <see cref="SaveOutsideWorkspace"/> does, so they never travel in a codeAction answer either.
    /// </summary>
    public const string Convert = "gitops-ai.convertToExternalSecret";
}

/// <summary>
/// A fix that carries secret values is offered lazily. The codeAction answer holds its title, an opaque reference
/// (document, finding range, title) as data, and a command naming that reference only. codeAction/resolve, sent when
/// the user picks it, computes the edit and keeps the values on the server; the command, run after the edit (VS Code
/// takes only the edit from resolve, so the command must be there from the start), then fetches them once. Every
/// codeAction answer (the editor asks on each cursor move) thus stays free of them.
/// </summary>
internal static class SecretValuesActions
{
    private const string Marker = "gitopsAi.secretValues";
    private const int Kept = 16;
    private static readonly TimeSpan KeptFor = TimeSpan.FromMinutes(10);
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, (DateTime Until, JsonObject Payload)> Resolved = new(StringComparer.Ordinal);

    /// <summary>The offer; a client that cannot resolve actions gets a server command that applies it instead.</summary>
    public static CodeAction Unresolved(CoreCodeFix fix, string uri, Protocol.Range findingRange, IReadOnlyList<Protocol.Diagnostic>? diagnostics, ServerContext server)
    {
        var reference = new JsonObject
        {
            [Marker] = true,
            ["uri"] = uri,
            ["range"] = JsonSerializer.SerializeToNode(findingRange, JsonOptions),
            ["title"] = fix.Title,
        };
        var clientResolves = server.Client.Supports("textDocument.codeAction.resolveSupport");
        var command = !clientResolves ? SecretValuesCommands.Convert
            : server.Client.Supports(SecretValuesCommands.ClientCapability) ? SecretValuesCommands.HandOver
            : SecretValuesCommands.SaveOutsideWorkspace;
        return new CodeAction
        {
            Title = fix.Title,
            Kind = "quickfix",
            IsPreferred = fix.IsPreferred ? true : null,
            Diagnostics = diagnostics,
            Data = clientResolves ? reference : null,
            Command = new Command(fix.Title, command, [reference.DeepClone()]),
        };
    }

    public static bool IsUnresolved(CodeAction action) => action.Data?[Marker]?.GetValueKind() == JsonValueKind.True && action.Edit is null;

    /// <summary>The action with its edit (the values are kept for its command), or null when the document no longer has that finding and fix.</summary>
    public static CodeAction? Resolve(CodeAction action, ServerContext server) =>
        ResolveWithValues(action.Data, server) is { } resolved ? action with { Edit = resolved.Edit } : null;

    /// <summary>The values kept for this reference when its action was resolved, once; null when there are none (any more).</summary>
    public static JsonObject? Take(JsonElement reference)
    {
        var key = KeyOf(JsonNode.Parse(reference.GetRawText()) as JsonObject);
        return key is not null && Resolved.TryRemove(key, out var kept) && kept.Until > DateTime.UtcNow ? kept.Payload : null;
    }

    /// <summary>For <see cref="SecretValuesCommands.Convert"/>: the edit and the values together.</summary>
    public static (WorkspaceEdit Edit, JsonObject Payload)? ResolveWithValues(JsonElement reference, ServerContext server) =>
        ResolveWithValues(JsonNode.Parse(reference.GetRawText()) as JsonObject, server, keep: false);

    private static (WorkspaceEdit Edit, JsonObject Payload)? ResolveWithValues(JsonObject? reference, ServerContext server, bool keep = true)
    {
        var uri = reference?["uri"]?.GetValue<string>();
        var title = reference?["title"]?.GetValue<string>();
        var range = reference?["range"]?.Deserialize<Protocol.Range>(JsonOptions);
        if (uri is null || title is null || range is null || server.Diagnostics.Current(uri) is not { } result)
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
        var payload = new JsonObject
        {
            ["fileName"] = values.FileName,
            ["text"] = values.Text,
            ["manifestDirectory"] = Path.GetDirectoryName(result.File.Path),
            ["workspaceFolders"] = new JsonArray(server.Workspace.Roots.Select(r => (JsonNode)r).ToArray()),
        };
        if (keep)
        {
            Keep(KeyOf(reference)!, payload);
        }

        return (edit, payload);
    }

    private static void Keep(string key, JsonObject payload)
    {
        foreach (var stale in Resolved.Where(p => p.Value.Until <= DateTime.UtcNow).Select(p => p.Key).ToList())
        {
            Resolved.TryRemove(stale, out _);
        }

        if (Resolved.Count >= Kept)
        {
            Resolved.Clear();
        }

        Resolved[key] = (DateTime.UtcNow.Add(KeptFor), payload);
    }

    private static string? KeyOf(JsonObject? reference) =>
        reference?["uri"]?.GetValue<string>() is { } uri && reference["title"]?.GetValue<string>() is { } title && reference["range"] is { } range
            ? string.Join('\n', uri, title, range.ToJsonString())
            : null;

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}
