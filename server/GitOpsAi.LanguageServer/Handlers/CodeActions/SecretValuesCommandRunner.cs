using System.Text.Json;
using System.Text.Json.Nodes;
using GitOpsAi.LanguageServer.Protocol;
using GitOpsAi.LanguageServer.Services;

namespace GitOpsAi.LanguageServer.Handlers.CodeActions;

/// <summary>
/// The secret-value commands of workspace/executeCommand: the server's side of handing over secret values. <see cref="SecretValuesCommands.Take"/>
/// gives the VS Code extension the values kept when the action was resolved; <see cref="SecretValuesCommands.SaveOutsideWorkspace"/>
/// writes them to a new file, readable by the user only, in a folder outside every workspace folder (never into the
/// repository, never over an existing file) and tells the user where; <see cref="SecretValuesCommands.Convert"/> (for
/// clients without codeAction/resolve) first applies the conversion with workspace/applyEdit. Values are handed out
/// once: a second run of the command finds none.
/// </summary>
internal sealed class SecretValuesCommandRunner(ServerContext server)
{
    private const int InvalidParams = -32602;
    private const int ContentModified = -32801;

    public async Task<JsonNode?> RunAsync(ExecuteCommandParams request, CancellationToken cancellationToken)
    {
        if (request.Arguments is not [{ ValueKind: JsonValueKind.Object } reference])
        {
            throw new StreamJsonRpc.LocalRpcException($"Unknown command or arguments: {request.Command}") { ErrorCode = InvalidParams };
        }

        switch (request.Command)
        {
            case SecretValuesCommands.Convert:
                return await ConvertAsync(reference, cancellationToken).ConfigureAwait(false);
            case SecretValuesCommands.Take:
                return SecretValuesActions.Take(reference) ?? throw Gone();
            case SecretValuesCommands.SaveOutsideWorkspace:
                return Save(SecretValuesActions.Take(reference) ?? throw Gone());
            default:
                throw new StreamJsonRpc.LocalRpcException($"Unknown command: {request.Command}") { ErrorCode = InvalidParams };
        }
    }

    private async Task<JsonNode?> ConvertAsync(JsonElement reference, CancellationToken cancellationToken)
    {
        var resolved = SecretValuesActions.ResolveWithValues(reference, server)
            ?? throw new StreamJsonRpc.LocalRpcException("The document changed since this action was offered; ask for code actions again.") { ErrorCode = ContentModified };
        var title = reference.TryGetProperty("title", out var t) ? t.GetString() ?? string.Empty : string.Empty;
        var answer = await server.Client.RequestAsync<JsonElement>("workspace/applyEdit", new ApplyWorkspaceEditParams(title, resolved.Edit), cancellationToken).ConfigureAwait(false);
        if (answer.ValueKind != JsonValueKind.Object || !answer.TryGetProperty("applied", out var applied) || applied.ValueKind != JsonValueKind.True)
        {
            // The Secret is still in the file: its values are not lost, and are not written anywhere.
            return null;
        }

        return Save(resolved.Payload);
    }

    private JsonNode Save(JsonObject payload)
    {
        var folder = SecretValuesFolder.Choose(server.Workspace.Roots)
            ?? throw new StreamJsonRpc.LocalRpcException("No folder outside the workspace to write the secret values to; set XDG_STATE_HOME.");
        var path = SecretValuesFolder.WriteNew(folder, Path.GetFileName(payload["fileName"]!.GetValue<string>()), payload["text"]!.GetValue<string>());
        server.Client.Notify("window/showMessage", new ShowMessageParams(MessageType.Info,
            $"GitOpsAi: the secret values are in {path} (outside the workspace, readable by you only). Upload them to the secret store, then delete the file."));
        return JsonValue.Create(path);
    }

    private static StreamJsonRpc.LocalRpcException Gone() =>
        new("The secret values are no longer kept: pick the action again (they are kept for 10 minutes after it is resolved, and handed out once).") { ErrorCode = ContentModified };
}

/// <summary>Where secret values may be written: a per-user folder that is inside no workspace folder.</summary>
internal static class SecretValuesFolder
{
    public static string? Choose(IReadOnlyList<string> workspaceRoots)
    {
        var state = Environment.GetEnvironmentVariable("XDG_STATE_HOME") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state");
        string[] candidates = [Path.Combine(state, "gitops-ai", "secret-values"), Path.Combine(Path.GetTempPath(), $"gitops-ai-secret-values-{Environment.UserName}")];
        return candidates.Select(Path.GetFullPath).FirstOrDefault(candidate => !workspaceRoots.Any(root => IsUnder(candidate, root)));
    }

    /// <summary>Creates the file (never replaces one: a name taken gets a number) with mode 600 in a folder with mode 700.</summary>
    public static string WriteNew(string folder, string fileName, string text)
    {
        var created = OperatingSystem.IsWindows() ? Directory.CreateDirectory(folder) : Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var stem = Path.GetFileNameWithoutExtension(fileName);
        var extension = Path.GetExtension(fileName);
        for (var attempt = 0; ; attempt++)
        {
            var path = Path.Combine(created.FullName, attempt == 0 ? fileName : $"{stem}-{attempt}{extension}");
            try
            {
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                using var stream = new FileStream(path, options);
                using var writer = new StreamWriter(stream);
                writer.Write(text);
                return path;
            }
            catch (IOException) when (File.Exists(path) && attempt < 1000)
            {
            }
        }
    }

    private static bool IsUnder(string path, string root)
    {
        var relative = Path.GetRelativePath(root, path);
        return relative == "." || (!Path.IsPathRooted(relative) && relative != ".." && !relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal));
    }
}
