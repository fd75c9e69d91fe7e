using GitOpsAi.Cluster;
using GitOpsAi.Core.Drift;
using GitOpsAi.LanguageServer.Framework;

namespace GitOpsAi.LanguageServer.Services;

/// <summary>What the status bar shows: the context and "in sync" / "N drifted" / "stale" / "unreachable".</summary>
internal sealed record ClusterStatusParams(string State, string? Context, string Message, int Drifted);

/// <summary>
/// The live cluster while <c>gitopsAi.cluster.enabled</c> is on: a watch cache filled in the background, and an
/// analyzer with drift over a copy of it, swapped in whenever the cache changes. Typing never waits on the network:
/// analyses use the last copy, which is marked stale when the cluster could not be read. Only GETs reach the cluster.
/// </summary>
internal sealed class ClusterService : IAsyncDisposable
{
    /// <summary>Kinds cached besides those the repository holds: what drift and unmanaged-object checks look at.</summary>
    private static readonly (string Group, string Kind)[] DefaultKinds =
    [
        (string.Empty, "Namespace"), (string.Empty, "ConfigMap"), (string.Empty, "Secret"), (string.Empty, "Service"), (string.Empty, "ServiceAccount"),
        (string.Empty, "PersistentVolumeClaim"), ("apps", "Deployment"), ("apps", "StatefulSet"), ("apps", "DaemonSet"), ("batch", "CronJob"),
        ("networking.k8s.io", "Ingress"), ("networking.k8s.io", "NetworkPolicy"), ("autoscaling", "HorizontalPodAutoscaler"), ("policy", "PodDisruptionBudget"),
        ("rbac.authorization.k8s.io", "Role"), ("rbac.authorization.k8s.io", "RoleBinding"), ("rbac.authorization.k8s.io", "ClusterRole"), ("rbac.authorization.k8s.io", "ClusterRoleBinding"),
        ("apiextensions.k8s.io", "CustomResourceDefinition"),
    ];

    private readonly WorkspaceService _workspace;
    private readonly DiagnosticsService _diagnostics;
    private readonly ClientConnection _client;
    private readonly ServerLog _log;
    private readonly Lock _gate = new();
    private ClusterConnection? _connection;
    private ClusterCache? _cache;
    private (bool Enabled, string? Kubeconfig, string? Context) _applied;
    private volatile DriftAnalyzer? _drift;
    private ClusterStatusParams? _lastStatus;
    private int _refreshScheduled;
    private Task _restarts = Task.CompletedTask;
    private string _crdFingerprint = string.Empty;
    private DriftHistory? _history;
    private string? _historyPath;
    private DateTimeOffset _historySaved;

    public ClusterService(WorkspaceService workspace, DiagnosticsService diagnostics, ClientConnection client, ServerLog log)
    {
        _workspace = workspace;
        _diagnostics = diagnostics;
        _client = client;
        _log = log;
        diagnostics.DriftSource = () => _drift;
    }

    /// <summary>The drift analyzer over the latest copy of the cluster, or null while the cluster is off.</summary>
    public DriftAnalyzer? Drift => _drift;

    /// <summary>The schemas of the CRDs the connected cluster serves (empty while off); the workspace validates with them.</summary>
    public IReadOnlyList<Core.Schemas.KindSchema> Schemas { get; private set; } = [];

    /// <summary>Applies the settings: connects, reconnects or disconnects in the background; returns at once.</summary>
    public void Apply(ServerSettings settings)
    {
        var wanted = (settings.ClusterEnabled, settings.ClusterKubeconfig, settings.ClusterContext ?? ContextFromRules());
        lock (_gate)
        {
            if (wanted == _applied)
            {
                return;
            }

            _applied = wanted;

            // One restart at a time, in the order the settings came: a later one never overlaps an earlier one.
            _restarts = _restarts.ContinueWith(_ => RestartAsync(wanted), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
        }
    }

    private string? ContextFromRules() =>
        _workspace.AllSnapshots().Select(s => s.RulesConfig.Drift.Clusters.FirstOrDefault()?.Context).FirstOrDefault(c => c is not null);

    private async Task RestartAsync((bool Enabled, string? Kubeconfig, string? Context) settings)
    {
        await StopAsync().ConfigureAwait(false);
        if (!settings.Enabled)
        {
            Publish(new ClusterStatusParams("disabled", null, "Cluster comparison is off (gitopsAi.cluster.enabled).", 0));
            return;
        }

        ClusterConnection connection;
        try
        {
            connection = ClusterConnection.Open(settings.Kubeconfig, settings.Context);
        }
        catch (ClusterRequestException exception)
        {
            Publish(new ClusterStatusParams("unreachable", settings.Context, exception.Message, 0));
            return;
        }

        var root = _workspace.Roots.FirstOrDefault() ?? Directory.GetCurrentDirectory();
        _historyPath = DriftStateFile.PathFor(root);
        _history = DriftStateFile.Load(_historyPath);
        _historySaved = DateTimeOffset.UtcNow;
        var desired = _workspace.AllSnapshots().SelectMany(s => RenderedDesiredState.Instance.Objects(s)).ToList();
        var cache = new ClusterCache(connection, new ClusterCacheOptions
        {
            Kinds = desired.Select(o => (o.Key.Group, o.Key.Kind)).Concat(DefaultKinds).ToHashSet(),
            Namespaces = desired.Select(o => o.Key.Namespace).OfType<string>().Distinct(StringComparer.Ordinal).ToList(),
        });
        lock (_gate)
        {
            _connection = connection;
            _cache = cache;
        }

        cache.Changed += ScheduleRefresh;
        Publish(new ClusterStatusParams("connecting", connection.Context, $"Connecting to {connection.Context}...", 0));
        try
        {
            await cache.StartAsync(watch: true).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            _log.Error($"The cluster cache of {connection.Context} failed: {exception}");
        }

        ScheduleRefresh();
    }

    /// <summary>Cache changes come in bursts (a list, many watch events): one refresh per 300 ms at most.</summary>
    private void ScheduleRefresh()
    {
        if (Interlocked.Exchange(ref _refreshScheduled, 1) == 1)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            await Task.Delay(300).ConfigureAwait(false);
            Interlocked.Exchange(ref _refreshScheduled, 0);
            Refresh();
        });
    }

    private void Refresh()
    {
        ClusterCache? cache;
        string? context;
        lock (_gate)
        {
            cache = _cache;
            context = _connection?.Context;
        }

        if (cache is null)
        {
            return;
        }

        var status = cache.Status;
        var snapshot = cache.Snapshot();
        UpdateSchemas(snapshot.Objects.Where(ClusterSchemas.IsCrd).ToList());
        var drift = new DriftAnalyzer(snapshot, new DriftOptions { Context = context, History = _history }, _drift);
        _drift = drift;
        _diagnostics.ScheduleAllOpen();

        var drifted = _workspace.AllSnapshots().Sum(s => drift.ReportFor(s).DriftedObjects);
        var name = status.State switch
        {
            ClusterState.InSync => drifted == 0 ? "inSync" : "drifted",
            ClusterState.Stale => "stale",
            ClusterState.Unauthorized => "unauthorized",
            ClusterState.Unreachable => "unreachable",
            _ => "connecting",
        };
        Publish(new ClusterStatusParams(name, context, status.Message, drifted));
        SaveHistory(force: false);
    }

    /// <summary>The baseline goes to the user's cache folder every few minutes and when the cluster is disconnected.</summary>
    private void SaveHistory(bool force)
    {
        if (_history is not null && _historyPath is not null && (force || DateTimeOffset.UtcNow - _historySaved > TimeSpan.FromMinutes(5)))
        {
            _historySaved = DateTimeOffset.UtcNow;
            DriftStateFile.Save(_historyPath, _history, new LogWriter(_log));
        }
    }

    /// <summary>Lets the shared state file report a failed save to the server log.</summary>
    private sealed class LogWriter(ServerLog log) : StringWriter
    {
        public override void WriteLine(string? value) => log.Warning(value ?? string.Empty);
    }

    /// <summary>Validation uses the cluster's CRDs while connected; rebuilt only when a CRD changed.</summary>
    private void UpdateSchemas(IReadOnlyList<LiveObject> crds)
    {
        var fingerprint = ClusterSchemas.Fingerprint(crds);
        if (fingerprint == _crdFingerprint)
        {
            return;
        }

        _crdFingerprint = fingerprint;
        Schemas = ClusterSchemas.From(crds);
        _workspace.ApplyOptions(_workspace.Options with { ExtraSchemas = Schemas });
        _log.Info($"Validating with {Schemas.Count} schema(s) from the cluster's CRDs.");
    }

    /// <summary>Sends the status when it changed, and logs a change of state once (no storm).</summary>
    private void Publish(ClusterStatusParams status)
    {
        lock (_gate)
        {
            if (_lastStatus == status)
            {
                return;
            }

            if (_lastStatus?.State != status.State)
            {
                if (status.State is "unreachable" or "unauthorized" or "stale")
                {
                    _log.Warning($"Cluster {status.Context}: {status.Message}");
                }
                else
                {
                    _log.Info($"Cluster {status.Context ?? "(off)"}: {status.State}; {status.Message}");
                }
            }

            _lastStatus = status;
        }

        _client.Notify("gitopsAi/clusterStatus", status);
    }

    private async Task StopAsync()
    {
        ClusterCache? cache;
        ClusterConnection? connection;
        lock (_gate)
        {
            (cache, connection) = (_cache, _connection);
            (_cache, _connection) = (null, null);
        }

        _drift = null;
        SaveHistory(force: true);
        if (Schemas.Count > 0)
        {
            Schemas = [];
            _crdFingerprint = string.Empty;
            _workspace.ApplyOptions(_workspace.Options with { ExtraSchemas = [] });
        }
        if (cache is not null)
        {
            cache.Changed -= ScheduleRefresh;
            await cache.DisposeAsync().ConfigureAwait(false);
        }

        connection?.Dispose();
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);
}
