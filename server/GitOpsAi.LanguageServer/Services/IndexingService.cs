using System.Text.Json.Nodes;
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
            var progress = token is null ? null : PercentageReports(token, root);
            server.Workspace.Index(root, path => server.Documents.GetByPath(path) is not null, progress, server.Stopping.Token);
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

    /// <summary>A report every 5% of the folder's files; counting them walks the folder, so only when progress is shown.</summary>
    private Progress<int> PercentageReports(JsonNode token, string root)
    {
        var total = Math.Max(1, server.Workspace.CountYamlFiles(root));
        var lastPercent = 0;
        return new Progress<int>(done =>
        {
            var percent = done * 100 / total;
            if (percent >= lastPercent + 5)
            {
                lastPercent = percent;
                Report(token, new JsonObject { ["kind"] = "report", ["message"] = $"{done}/{total} files", ["percentage"] = percent });
            }
        });
    }

    private void Report(JsonNode token, JsonObject value) => server.Client.Notify("$/progress", new ProgressParams(token.DeepClone(), value));
}
