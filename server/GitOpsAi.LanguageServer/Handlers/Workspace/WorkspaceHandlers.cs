using System.Text.Json;
using GitOpsAi.Core.Workspace;
using GitOpsAi.LanguageServer.Conversion;
using GitOpsAi.LanguageServer.Framework;
using GitOpsAi.LanguageServer.Protocol;
using GitOpsAi.LanguageServer.Services;

namespace GitOpsAi.LanguageServer.Handlers.Workspace;

[LspMethod("workspace/didChangeConfiguration")]
internal sealed class DidChangeConfigurationHandler(ServerContext server) : INotificationHandler<DidChangeConfigurationParams>
{
    public void Handle(DidChangeConfigurationParams notification)
    {
        // Clients either push the settings here or send null and expect us to pull them.
        if (notification.Settings is { ValueKind: JsonValueKind.Object } settings && settings.TryGetProperty("gitopsAi", out _))
        {
            ConfigurationLoader.Apply(server, ServerSettings.Parse(settings));
        }
        else if (server.Client.Supports("workspace.configuration"))
        {
            _ = ConfigurationLoader.RefreshAsync(server);
        }
    }
}

[LspMethod("workspace/didChangeWatchedFiles")]
internal sealed class DidChangeWatchedFilesHandler(ServerContext server) : INotificationHandler<DidChangeWatchedFilesParams>
{
    private readonly Lock _gate = new();
    private Task _tail = Task.CompletedTask;

    /// <summary>
    /// Reading and parsing the files is left to the thread pool, one batch after the other in arrival order: a large or
    /// hostile file (a FIFO, a slow disk) must never stop message handling.
    /// </summary>
    public void Handle(DidChangeWatchedFilesParams notification)
    {
        var changes = notification.Changes.ToList();
        lock (_gate)
        {
            _tail = _tail.ContinueWith(_ => Apply(changes), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
    }

    private void Apply(IReadOnlyList<FileEvent> changes)
    {
        try
        {
            var paths = changes
                .Select(change => (Path: LspConversions.ToPath(change.Uri), Deleted: change.Type == FileChangeType.Deleted))
                .Where(change => change.Path is not null)
                .Select(change => (change.Path!, change.Deleted))
                .ToList();
            var (folders, outsideFolders) = server.Workspace.FilesChangedOnDisk(paths, p => server.Documents.GetByPath(p) is not null);
            foreach (var (root, impact) in folders)
            {
                server.Diagnostics.ScheduleAffected(impact, root, except: null);
            }

            if (outsideFolders)
            {
                // Outside every folder, documents are checked against their own directory, which may hold it.
                server.Diagnostics.ScheduleAllOpen();
            }
        }
        catch (Exception exception)
        {
            server.Log.Error($"Applying {changes.Count} changed files failed: {exception}");
        }
    }
}

[LspMethod("workspace/didChangeWorkspaceFolders")]
internal sealed class DidChangeWorkspaceFoldersHandler(ServerContext server, IndexingService indexing) : INotificationHandler<DidChangeWorkspaceFoldersParams>
{
    public void Handle(DidChangeWorkspaceFoldersParams notification)
    {
        foreach (var removed in notification.Event.Removed)
        {
            if (LspConversions.ToPath(removed.Uri) is { } path)
            {
                server.Workspace.RemoveFolder(path);
            }
        }

        var added = notification.Event.Added.Select(f => LspConversions.ToPath(f.Uri)).OfType<string>().ToList();
        foreach (var path in added)
        {
            server.Workspace.AddFolder(path);
        }

        indexing.IndexAll(added);
    }
}

/// <summary>Pulls the "gitopsAi" section with workspace/configuration and applies it.</summary>
internal static class ConfigurationLoader
{
    public static async Task RefreshAsync(ServerContext server)
    {
        var response = await server.Client.RequestAsync<JsonElement[]>("workspace/configuration",
            new ConfigurationParams([new ConfigurationItem(null, "gitopsAi")])).ConfigureAwait(false);
        if (response is { Length: > 0 })
        {
            Apply(server, ServerSettings.Parse(response[0]));
        }
    }

    public static void Apply(ServerContext server, ServerSettings settings)
    {
        server.Diagnostics.Settings = settings;
        server.Log.Verbose = settings.Trace == "verbose";
        var root = server.Workspace.Roots.FirstOrDefault() ?? Directory.GetCurrentDirectory();
        server.Workspace.ApplyOptions(new WorkspaceOptions
        {
            ValidateSchemas = settings.ValidateSchemas,
            ExtraSchemaFolders = settings.ExtraSchemaFolders.Select(folder => ResolveFolder(server, folder, root)).OfType<string>().ToList(),
            ConfineSchemaFolders = true, // workspace settings are repository content (.vscode/settings.json)
            ExtraSchemas = server.Cluster?.Schemas ?? [],
            SeverityOverrides = settings.SeverityOverrides,
        });
        foreach (var snapshot in server.Workspace.AllSnapshots())
        {
            foreach (var problem in snapshot.SchemaProblems)
            {
                server.Log.Warning(problem.Diagnostic.Message);
            }
        }

        server.Cluster?.Apply(settings);
        server.Diagnostics.ScheduleAllOpen();
    }

    /// <summary>
    /// A schema folder made absolute against the first workspace folder. One that is no path at all is skipped with a
    /// warning: an exception here would lose the other settings, or fail initialize.
    /// </summary>
    private static string? ResolveFolder(ServerContext server, string folder, string root)
    {
        try
        {
            return Path.GetFullPath(folder, root);
        }
        catch (ArgumentException exception)
        {
            server.Log.Warning($"Ignored the schema folder {JsonSerializer.Serialize(folder)}: {exception.Message}");
            return null;
        }
    }
}
