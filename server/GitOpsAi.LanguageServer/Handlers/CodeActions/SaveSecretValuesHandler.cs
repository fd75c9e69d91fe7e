using System.Text.Json;
using GitOpsAi.LanguageServer.Framework;
using GitOpsAi.LanguageServer.Protocol;
using GitOpsAi.LanguageServer.Services;

namespace GitOpsAi.LanguageServer.Handlers.CodeActions;

/// <summary>
/// workspace/executeCommand for clients without a command of their own to hand over secret values: the values go to
/// a new file, readable by the user only, in a folder outside every workspace folder (never into the repository,
/// never over an existing file), and the user is told where.
/// </summary>
[LspMethod("workspace/executeCommand")]
internal sealed class SaveSecretValuesHandler(ServerContext server) : IRequestHandler<ExecuteCommandParams, string?>
{
    private const int InvalidParams = -32602;

    public Task<string?> HandleAsync(ExecuteCommandParams request, CancellationToken cancellationToken)
    {
        if (request.Command != SecretValuesCommands.SaveOutsideWorkspace
            || request.Arguments is not [{ ValueKind: JsonValueKind.Object } payload]
            || payload.TryGetProperty("fileName", out var name) is false || name.ValueKind != JsonValueKind.String
            || payload.TryGetProperty("text", out var text) is false || text.ValueKind != JsonValueKind.String)
        {
            throw new StreamJsonRpc.LocalRpcException($"Unknown command or arguments: {request.Command}") { ErrorCode = InvalidParams };
        }

        var folder = SecretValuesFolder.Choose(server.Workspace.Roots)
            ?? throw new StreamJsonRpc.LocalRpcException("No folder outside the workspace to write the secret values to; set XDG_STATE_HOME.");
        var path = SecretValuesFolder.WriteNew(folder, Path.GetFileName(name.GetString()!), text.GetString()!);
        server.Client.Notify("window/showMessage", new ShowMessageParams(MessageType.Info,
            $"GitOpsAi: the secret values are in {path} (outside the workspace, readable by you only). Upload them to the secret store, then delete the file."));
        return Task.FromResult<string?>(path);
    }
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
