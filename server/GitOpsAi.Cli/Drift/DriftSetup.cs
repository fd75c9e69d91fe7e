using GitOpsAi.Cluster;
using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Drift;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Cli.Drift;

/// <summary>
/// The drift part of <c>gitops-ai check</c>: immutable-field changes against Git HEAD always, and field drift against
/// a snapshot file (<c>--snapshot</c>) or the live cluster (<c>--cluster</c>, read-only). The baseline history is read
/// from and written back to the user's cache folder.
/// </summary>
internal sealed class DriftSetup : IDisposable
{
    private static readonly (string Group, string Kind)[] Autoscalers =
    [
        ("autoscaling", "HorizontalPodAutoscaler"), ("keda.sh", "ScaledObject"), (string.Empty, "Namespace"),
        ("apiextensions.k8s.io", "CustomResourceDefinition"), // the cluster's CRDs are schemas for the check
    ];

    private readonly InMemoryLiveState? _snapshot;
    private readonly ClusterConnection? _connection;
    private readonly DriftHistory? _history;

    /// <summary>One reader for every checked path: it runs git status once per repository.</summary>
    private static readonly GitHeadReader Head = new(onlyModifiedOnDisk: true);
    private readonly string? _historyPath;

    private DriftSetup(InMemoryLiveState? snapshot, ClusterConnection? connection, DriftHistory? history, string? historyPath)
    {
        _snapshot = snapshot;
        _connection = connection;
        _history = history;
        _historyPath = historyPath;
    }

    public static bool TryCreate(CheckRequest request, TextWriter stderr, out DriftSetup setup)
    {
        setup = new DriftSetup(null, null, null, null);
        var historyPath = DriftStateFile.PathFor(request.Paths.Count > 0 ? Path.GetFullPath(request.Paths[0]) : Environment.CurrentDirectory);
        if (request.Snapshot is { } snapshotPath)
        {
            if (ReadSnapshot(snapshotPath, stderr) is not { } live)
            {
                return false;
            }

            setup = new DriftSetup(live, null, DriftStateFile.Load(historyPath), historyPath);
        }
        else if (request.Cluster)
        {
            try
            {
                var connection = ClusterConnection.Open(request.Kubeconfig, request.Context);
                setup = new DriftSetup(null, connection, DriftStateFile.Load(historyPath), historyPath);
            }
            catch (ClusterRequestException exception)
            {
                stderr.WriteLine($"gitops-ai: {exception.Message}");
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The schemas of the CRDs the cluster serves (read by the last <see cref="AnalyzersFor"/> with --cluster): they win
    /// over the bundled ones, as in the editor, so a CRD a vendor patched (an extra enum value) is no false error.
    /// </summary>
    public IReadOnlyList<Core.Schemas.KindSchema> ClusterSchemas { get; private set; } = [];

    /// <summary>The drift analyzers for one checked path; with --cluster, the kinds the repository holds are listed first.</summary>
    public IReadOnlyList<IFileAnalyzer> AnalyzersFor(WorkspaceSnapshot workspace, TextWriter stderr, CancellationToken cancellationToken, out bool clusterFailed)
    {
        clusterFailed = false;
        var analyzers = new List<IFileAnalyzer> { new ImmutableHeadAnalyzer(Head) };
        var live = _snapshot;
        if (_connection is not null)
        {
            live = ReadCluster(workspace, stderr, cancellationToken);
            clusterFailed = live is null;
        }

        if (live is not null)
        {
            // The live comparison first, so a HEAD comparison does not repeat an immutable change it already reported.
            analyzers.Insert(0, new DriftAnalyzer(live, new DriftOptions { History = _history, Context = _connection?.Context }));
        }

        return analyzers;
    }

    private InMemoryLiveState? ReadCluster(WorkspaceSnapshot workspace, TextWriter stderr, CancellationToken cancellationToken)
    {
        var desired = RenderedDesiredState.Instance.Objects(workspace, cancellationToken);
        var options = new ClusterCacheOptions
        {
            Kinds = desired.Select(o => (o.Key.Group, o.Key.Kind)).Concat(Autoscalers).ToHashSet(),
            Namespaces = desired.Select(o => o.Key.Namespace).OfType<string>().Distinct(StringComparer.Ordinal).ToList(),
        };
        var cache = new ClusterCache(_connection!, options);
        try
        {
            cache.StartAsync(watch: false, cancellationToken).GetAwaiter().GetResult();
            var status = cache.Status;
            if (status.State is ClusterState.Unreachable or ClusterState.Unauthorized)
            {
                stderr.WriteLine($"gitops-ai: cluster {status.Context}: {status.Message}");
                return null;
            }

            if (status.IsStale || status.ForbiddenNamespaces.Count > 0)
            {
                stderr.WriteLine($"gitops-ai: cluster {status.Context}: {status.Message}");
            }

            var snapshot = cache.Snapshot();
            ClusterSchemas = Cluster.ClusterSchemas.From(snapshot.Objects.Where(Cluster.ClusterSchemas.IsCrd));
            return snapshot;
        }
        finally
        {
            cache.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static InMemoryLiveState? ReadSnapshot(string snapshotPath, TextWriter stderr)
    {
        if (!File.Exists(snapshotPath))
        {
            stderr.WriteLine($"gitops-ai: no such snapshot file: {snapshotPath}");
            return null;
        }

        string text;
        try
        {
            text = File.ReadAllText(snapshotPath);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"gitops-ai: cannot read the snapshot {snapshotPath}: {exception.Message}");
            return null;
        }

        var (objects, problems) = LiveSnapshotReader.Read(text);
        foreach (var problem in problems)
        {
            stderr.WriteLine($"gitops-ai: {snapshotPath}:{problem.Line}: {problem.Message}");
        }

        return new InMemoryLiveState($"the snapshot {Path.GetFileName(snapshotPath)}", objects);
    }

    public void SaveHistory(TextWriter stderr)
    {
        if (_history is not null && _historyPath is not null)
        {
            DriftStateFile.Save(_historyPath, _history, stderr);
        }
    }

    public void Dispose() => _connection?.Dispose();
}
