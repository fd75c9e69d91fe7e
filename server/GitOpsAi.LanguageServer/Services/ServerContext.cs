using GitOpsAi.Core.Text;
using GitOpsAi.Core.Workspace;
using GitOpsAi.LanguageServer.Framework;

namespace GitOpsAi.LanguageServer.Services;

/// <summary>A document as features see it: its workspace snapshot, its parsed file and where it came from.</summary>
internal sealed record DocumentContext(string Uri, WorkspaceSnapshot Workspace, WorkspaceFile File)
{
    public SourceText Source => File.Source;
}

/// <summary>The services every handler may use; one per server.</summary>
internal sealed class ServerContext
{
    public ServerContext(ServerLog log, ClientConnection client, DocumentStore documents, WorkspaceService workspace, DiagnosticsService diagnostics)
    {
        Log = log;
        Client = client;
        Documents = documents;
        Workspace = workspace;
        Diagnostics = diagnostics;
    }

    public ServerLog Log { get; }

    public ClientConnection Client { get; }

    public DocumentStore Documents { get; }

    public WorkspaceService Workspace { get; }

    public DiagnosticsService Diagnostics { get; }

    public bool ShutdownRequested { get; set; }

    public TaskCompletionSource<int> Exit { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public CancellationTokenSource Stopping { get; } = new();

    /// <summary>The document behind a URI: an open one at its latest text, else the indexed or on-disk file; null if neither.</summary>
    public DocumentContext? Resolve(string uri)
    {
        if (Documents.Get(uri) is not null && Diagnostics.Current(uri) is { } current)
        {
            return new DocumentContext(uri, Workspace.SnapshotFor(current.File.Path), current.File);
        }

        var path = DocumentStore.PathOf(uri);
        var snapshot = Workspace.SnapshotFor(path);
        var file = snapshot.GetFile(path);
        if (file is null && File.Exists(path))
        {
            file = WorkspaceFile.Load(snapshot.FileSystem, path, snapshot.Root);
        }

        return file is null ? null : new DocumentContext(uri, snapshot, file);
    }

    /// <summary>The text of any file, for converting spans in other files (definition targets) into ranges.</summary>
    public SourceText? SourceOf(WorkspaceSnapshot snapshot, string path)
    {
        if (Documents.GetByPath(path) is { } open)
        {
            return open.Text;
        }

        if (snapshot.GetFile(path) is { } file)
        {
            return file.Source;
        }

        return File.Exists(path) ? WorkspaceFile.Load(snapshot.FileSystem, path, snapshot.Root).Source : null;
    }
}
