using GitOpsAi.Core.IO;
using GitOpsAi.LanguageServer.Framework;
using GitOpsAi.LanguageServer.Protocol;
using GitOpsAi.LanguageServer.Services;

namespace GitOpsAi.LanguageServer.Tests;

/// <summary>The services in process, for orderings an editor cannot force over stdio.</summary>
public sealed class IndexingTests
{
    [Test]
    public async Task An_edit_analysed_while_its_folder_is_indexed_is_not_replaced_by_older_text()
    {
        using var repo = Samples.Repository();
        var path = repo.PathOf("settings.yaml");
        var uri = repo.UriOf("settings.yaml");
        const string typed = "# typed while the folder was being read\n";
        DocumentStore documents = new();
        DiagnosticsService? diagnostics = null;
        var editTyped = false;
        // The user types while the indexer reads this very file from disk, and the edit is analysed at once.
        var disk = new HookedFileSystem(read =>
        {
            if (read == path && !editTyped)
            {
                editTyped = true;
                documents.Change(new VersionedTextDocumentIdentifier(uri, 2), [new TextDocumentContentChangeEvent(null, typed)]);
                diagnostics!.Current(uri);
            }
        });
        var log = new ServerLog(TextWriter.Null);
        var client = new ClientConnection(log); // never attached: nothing is sent
        var workspace = new WorkspaceService(log, disk);
        diagnostics = new DiagnosticsService(documents, workspace, client, log);
        var server = new ServerContext(log, client, documents, workspace, diagnostics);
        workspace.AddFolder(repo.Root);
        documents.Open(new TextDocumentItem(uri, "yaml", 1, Samples.Settings));
        diagnostics.Current(uri);

        new IndexingService(server).IndexAll([repo.Root]);
        for (var waited = 0; !workspace.IsIndexed(repo.Root) && waited < 300; waited++)
        {
            await Task.Delay(100);
        }

        Assert.That(editTyped, Is.True);
        Assert.That(workspace.SnapshotFor(path).GetFile(path)!.Source.Text, Is.EqualTo(typed));
    }

    [Test]
    public async Task An_open_document_gets_diagnostics_and_hover_while_its_folder_is_still_being_indexed()
    {
        using var repo = Samples.Repository();
        for (var i = 0; i < 50; i++)
        {
            repo.Write($"apps/app-{i}.yaml", Samples.Settings);
        }

        var uri = repo.UriOf("deployment.yaml");
        using var release = new ManualResetEventSlim(false);
        using var reading = new ManualResetEventSlim(false);
        // The indexer stalls in the middle of the folder (a slow disk, a huge repository) until the test lets it go on.
        var disk = new HookedFileSystem(read =>
        {
            if (read.Contains($"{Path.DirectorySeparatorChar}apps{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            {
                reading.Set();
                release.Wait(TimeSpan.FromSeconds(60));
            }
        });
        var log = new ServerLog(TextWriter.Null);
        var client = new ClientConnection(log);
        var documents = new DocumentStore();
        var workspace = new WorkspaceService(log, disk);
        var diagnostics = new DiagnosticsService(documents, workspace, client, log);
        var server = new ServerContext(log, client, documents, workspace, diagnostics);
        workspace.AddFolder(repo.Root);
        documents.Open(new TextDocumentItem(uri, "yaml", 1, Samples.DeploymentWithTypo));

        new IndexingService(server).IndexAll([repo.Root]);
        try
        {
            Assert.That(reading.Wait(TimeSpan.FromSeconds(30)), Is.True, "indexing reached the folder");

            var result = diagnostics.Current(uri);
            var hover = await new Handlers.Hover.HoverHandler(server).HandleAsync(new TextDocumentPositionParams(new TextDocumentIdentifier(uri), new Position(1, 2)), CancellationToken.None);

            Assert.That(workspace.IsIndexed(repo.Root), Is.False, "both answers came while the folder was being read");
            Assert.That(result!.Published.Select(d => d.Range.Start.Line), Has.Member(5), "the typo on line 5 is reported");
            Assert.That(hover?.Contents.Value, Does.Contain("Deployment enables declarative updates"));
        }
        finally
        {
            release.Set();
        }

        for (var waited = 0; !workspace.IsIndexed(repo.Root) && waited < 300; waited++)
        {
            await Task.Delay(100);
        }

        Assert.That(workspace.IsIndexed(repo.Root), Is.True);
    }

    private sealed class HookedFileSystem(Action<string> beforeRead) : IFileSystem
    {
        public bool FileExists(string path) => PhysicalFileSystem.Instance.FileExists(path);

        public bool DirectoryExists(string path) => PhysicalFileSystem.Instance.DirectoryExists(path);

        public byte[] ReadAllBytes(string path)
        {
            beforeRead(path);
            return PhysicalFileSystem.Instance.ReadAllBytes(path);
        }

        public IEnumerable<string> EnumerateFiles(string directory) => PhysicalFileSystem.Instance.EnumerateFiles(directory);

        public IEnumerable<string> EnumerateDirectories(string directory) => PhysicalFileSystem.Instance.EnumerateDirectories(directory);
    }
}
