using System.Text.Json.Nodes;
using GitOpsAi.Core.Workspace;
using GitOpsAi.LanguageServer.Protocol;

namespace GitOpsAi.LanguageServer.Services;

/// <summary>
/// Indexes workspace folders in the background, reporting $/progress when the client supports it. Open documents are
/// analysed meanwhile against what is known; when a folder is done, they are re-checked with the full context.
/// </summary>
internal sealed class IndexingService(ServerContext server)
{
    private int _tokens;

    public void IndexAll(IEnumerable<string> roots)
    {
        foreach (var root in roots)
        {
            _ = Task.Run(() => IndexAsync(root));
        }
    }

    private async Task IndexAsync(string root)
    {
        JsonNode? token = null;
        if (server.Client.Supports("window.workDoneProgress"))
        {
            token = $"gitops-ai/indexing/{Interlocked.Increment(ref _tokens)}";
            await server.Client.RequestAsync<object>("window/workDoneProgress/create", new WorkDoneProgressCreateParams(token.DeepClone())).ConfigureAwait(false);
            Report(token, new JsonObject { ["kind"] = "begin", ["title"] = "GitOpsAi: indexing", ["message"] = root, ["percentage"] = 0, ["cancellable"] = false });
        }

        try
        {
            var options = server.Workspace.Options;
            var total = Math.Max(1, WorkspaceLoader.FindYamlFiles(root, new Core.IO.PhysicalFileSystem(), options).Count());
            var lastPercent = 0;
            var progress = token is null ? null : new Progress<int>(done =>
            {
                var percent = done * 100 / total;
                if (percent >= lastPercent + 5)
                {
                    lastPercent = percent;
                    Report(token, new JsonObject { ["kind"] = "report", ["message"] = $"{done}/{total} files", ["percentage"] = percent });
                }
            });

            var open = server.Documents.All
                .Where(d => server.Diagnostics.LastResult(d.Uri) is not null)
                .Select(d => server.Diagnostics.LastResult(d.Uri)!.File)
                .ToList();
            server.Workspace.Index(root, open, progress, server.Stopping.Token);
            server.Diagnostics.ScheduleAllOpen();
            if (server.Diagnostics.ClientPulls && server.Client.Supports("workspace.diagnostics.refreshSupport"))
            {
                _ = server.Client.RequestAsync<object>("workspace/diagnostic/refresh", null);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception exception)
        {
            server.Log.Error($"Indexing {root} failed: {exception}");
        }
        finally
        {
            if (token is not null)
            {
                Report(token, new JsonObject { ["kind"] = "end", ["message"] = "done" });
            }
        }
    }

    private void Report(JsonNode token, JsonObject value) => server.Client.Notify("$/progress", new ProgressParams(token.DeepClone(), value));
}
