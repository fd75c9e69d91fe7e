using GitOpsAi.Core.Workspace;
using GitOpsAi.LanguageServer.Framework;
using GitOpsAi.LanguageServer.Handlers.Workspace;
using GitOpsAi.LanguageServer.Protocol;
using GitOpsAi.LanguageServer.Services;

namespace GitOpsAi.LanguageServer.Tests;

/// <summary>Files changed on disk by something other than the editor (a branch checkout, a pull), in process.</summary>
public sealed class WatchedFilesTests
{
    private const int Files = 120;

    [Test]
    public async Task A_checkout_that_changes_many_files_makes_one_snapshot_of_the_folder_not_one_per_file()
    {
        using var repo = Repository();
        var (server, workspace) = Indexed(repo);
        var before = workspace.SnapshotFor(repo.PathOf("apps/app-0.yaml")).Id;

        for (var i = 0; i < Files; i++)
        {
            repo.Write($"apps/app-{i}.yaml", ConfigMap(i, "checked-out"));
        }

        new DidChangeWatchedFilesHandler(server).Handle(new DidChangeWatchedFilesParams(
            [.. Enumerable.Range(0, Files).Select(i => new FileEvent(repo.UriOf($"apps/app-{i}.yaml"), FileChangeType.Changed))]));
        var after = await SnapshotHoldingAsync(workspace, repo.PathOf($"apps/app-{Files - 1}.yaml"), "checked-out");

        // One snapshot for the batch and one with the disk facts recomputed; a snapshot per file made every index again per file.
        Assert.That(after.Id - before, Is.LessThan(10));
        Assert.That(Enumerable.Range(0, Files).Select(i => after.GetFile(repo.PathOf($"apps/app-{i}.yaml"))!.Source.Text), Has.All.Contains("checked-out"));
    }

    [Test]
    public async Task A_batch_of_changes_adds_removes_and_replaces_files_but_leaves_open_documents_as_typed()
    {
        using var repo = Repository();
        var (server, workspace) = Indexed(repo);
        const string typed = "# typed in the editor, not saved\n";
        server.Documents.Open(new TextDocumentItem(repo.UriOf("apps/app-2.yaml"), "yaml", 1, typed));
        workspace.Update(WorkspaceFile.FromText(repo.PathOf("apps/app-2.yaml"), repo.Root, typed, null));

        repo.Write("apps/app-0.yaml", ConfigMap(0, "changed"));
        File.Delete(repo.PathOf("apps/app-1.yaml"));
        repo.Write("apps/app-2.yaml", ConfigMap(2, "saved elsewhere"));
        repo.Write("apps/new.yaml", ConfigMap(1000, "added"));
        new DidChangeWatchedFilesHandler(server).Handle(new DidChangeWatchedFilesParams(
        [
            new FileEvent(repo.UriOf("apps/app-0.yaml"), FileChangeType.Changed),
            new FileEvent(repo.UriOf("apps/app-1.yaml"), FileChangeType.Deleted),
            new FileEvent(repo.UriOf("apps/app-2.yaml"), FileChangeType.Changed),
            new FileEvent(repo.UriOf("apps/new.yaml"), FileChangeType.Created),
        ]));
        var after = await SnapshotHoldingAsync(workspace, repo.PathOf("apps/new.yaml"), "added");

        Assert.That(after.GetFile(repo.PathOf("apps/app-0.yaml"))!.Source.Text, Does.Contain("changed"));
        Assert.That(after.GetFile(repo.PathOf("apps/app-1.yaml")), Is.Null);
        Assert.That(after.GetFile(repo.PathOf("apps/app-2.yaml"))!.Source.Text, Is.EqualTo(typed));
        Assert.That(after.GetFile(repo.PathOf("apps/app-3.yaml"))!.Source.Text, Does.Contain("original"));
    }

    private static TempWorkspace Repository()
    {
        var repo = new TempWorkspace();
        for (var i = 0; i < Files; i++)
        {
            repo.Write($"apps/app-{i}.yaml", ConfigMap(i, "original"));
        }

        return repo;
    }

    private static string ConfigMap(int i, string value) =>
        $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-{i}\n  namespace: apps\ndata:\n  state: {value}\n";

    private static (ServerContext Server, WorkspaceService Workspace) Indexed(TempWorkspace repo)
    {
        var log = new ServerLog(TextWriter.Null);
        var client = new ClientConnection(log); // never attached: nothing is sent
        var documents = new DocumentStore();
        var workspace = new WorkspaceService(log, Core.IO.PhysicalFileSystem.Instance);
        var diagnostics = new DiagnosticsService(documents, workspace, client, log);
        workspace.AddFolder(repo.Root);
        workspace.Index(repo.Root, _ => false, null, CancellationToken.None);
        return (new ServerContext(log, client, documents, workspace, diagnostics), workspace);
    }

    /// <summary>The handler applies changes off the dispatch thread: waits until the folder's snapshot holds the text.</summary>
    private static async Task<WorkspaceSnapshot> SnapshotHoldingAsync(WorkspaceService workspace, string path, string text)
    {
        for (var waited = 0; waited < 300; waited++)
        {
            var snapshot = workspace.SnapshotFor(path);
            if (snapshot.GetFile(path)?.Source.Text.Contains(text, StringComparison.Ordinal) == true)
            {
                return snapshot;
            }

            await Task.Delay(50);
        }

        throw new AssertionException($"{path} never held '{text}'");
    }
}
