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

    /// <summary>The live cluster for drift (off unless gitopsAi.cluster.enabled); set by the host.</summary>
    public ClusterService Cluster { get; init; } = null!;

    private bool _shutdownRequested;
    private int _initialized;

    /// <summary>True the first time only: a second initialize is an error (LSP), and must not re-add folders or settings.</summary>
    public bool TryMarkInitialized() => Interlocked.Exchange(ref _initialized, 1) == 0;

    // Set by the shutdown request, read by the dispatch of every later message on other threads.
    public bool ShutdownRequested { get => Volatile.Read(ref _shutdownRequested); set => Volatile.Write(ref _shutdownRequested, value); }

    public TaskCompletionSource<int> Exit { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public CancellationTokenSource Stopping { get; } = new();

    /// <summary>The document behind a URI: an open one at its latest text, else the indexed or on-disk file; null if neither.</summary>
    public DocumentContext? Resolve(string uri)
    {
        // Current first: analysing now lays the document over its folder, and the snapshot taken after holds it.
        var open = Diagnostics.Current(uri)?.File;
        var path = DocumentStore.PathOf(uri);
        var snapshot = Workspace.SnapshotFor(path);
        var file = open ?? snapshot.GetFile(path) ?? LoadFromDisk(snapshot, path);

        // Outside every workspace folder (or before the folder is indexed) the folder's snapshot does not hold the file,
        // and features look it up there: definition follows the file's own kustomization entries and objects.
        return file is null ? null : new DocumentContext(uri, snapshot.Holding(file), file);
    }

    /// <summary>The text of any file, for converting spans in other files (definition targets) into ranges.</summary>
    public SourceText? SourceOf(WorkspaceSnapshot snapshot, string path) =>
        Documents.GetByPath(path)?.Text ?? snapshot.GetFile(path)?.Source ?? LoadFromDisk(snapshot, path)?.Source;

    private static WorkspaceFile? LoadFromDisk(WorkspaceSnapshot snapshot, string path) =>
        snapshot.FileSystem.FileExists(path) ? WorkspaceFile.Load(snapshot.FileSystem, path, snapshot.Root) : null;
}
