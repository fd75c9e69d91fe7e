using GitOpsAi.Cluster;
using GitOpsAi.Core.Drift;
using GitOpsAi.Core.Workspace;
using GitOpsAi.LanguageServer.Framework;

namespace GitOpsAi.LanguageServer.Services;

/// <summary>What the status bar shows: the context and "in sync" / "N drifted" / "stale" / "unreachable"; with several
/// contexts (drift.clusters), the worst state, the contexts joined, and each context's own status in <c>Clusters</c>.</summary>
internal sealed record ClusterStatusParams(string State, string? Context, string Message, int Drifted)
{
    public IReadOnlyList<ClusterStatusParams>? Clusters { get; init; }
}

/// <summary>
/// The live clusters while <c>gitopsAi.cluster.enabled</c> is on: per kubeconfig context in use, a watch cache filled
/// in the background and an analyzer with drift over a copy of it, swapped in whenever that cache changes. The default
/// context connects at once; a context that <c>drift.clusters</c> maps some paths to connects when a file under those
/// paths is first analysed. Typing never waits on the network: analyses use the last copy, which is marked stale when
/// the cluster could not be read. Only GETs reach a cluster.
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
    private readonly Dictionary<string, ClusterLink> _mapped = new(StringComparer.Ordinal);
    private ClusterLink? _default;
    private (bool Enabled, string? Kubeconfig, string? Context) _applied;
    private volatile ClusterDrift? _drift;
    private ClusterStatusParams? _lastStatus;
    private Task _restarts = Task.CompletedTask;

    public ClusterService(WorkspaceService workspace, DiagnosticsService diagnostics, ClientConnection client, ServerLog log)
    {
        _workspace = workspace;
        _diagnostics = diagnostics;
        _client = client;
        _log = log;
        diagnostics.DriftSource = () => _drift;
    }

    /// <summary>Drift against the cluster each file maps to, or null while the cluster is off.</summary>
    public ClusterDrift? Drift => _drift;

    /// <summary>The analyzer of the cluster <paramref name="file"/> is compared against, or null (off, or not connected yet).</summary>
    public DriftAnalyzer? DriftFor(WorkspaceSnapshot workspace, WorkspaceFile file) => _drift?.For(workspace, file);

    /// <summary>The schemas of the CRDs the default cluster serves (empty while off); the workspace validates with them.</summary>
    public IReadOnlyList<Core.Schemas.KindSchema> Schemas { get; private set; } = [];

    /// <summary>Applies the settings: connects, reconnects or disconnects in the background; returns at once.</summary>
    public void Apply(ServerSettings settings)
    {
        var wanted = (settings.ClusterEnabled, settings.ClusterKubeconfig, settings.ClusterContext);
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

    private async Task RestartAsync((bool Enabled, string? Kubeconfig, string? Context) settings)
    {
        await StopAsync().ConfigureAwait(false);
        if (!settings.Enabled)
        {
            Publish(new ClusterStatusParams("disabled", null, "Cluster comparison is off (gitopsAi.cluster.enabled).", 0));
            return;
        }

        var link = new ClusterLink(settings.Context, isDefault: true);
        lock (_gate)
        {
            _default = link;
        }

        _drift = new ClusterDrift(AnalyzerFor);
        await ConnectAsync(link, settings.Kubeconfig).ConfigureAwait(false);
    }

    /// <summary>The default link, or the link of the context the file's path is mapped to (created, and connected in the background, on first use).</summary>
    private DriftAnalyzer? AnalyzerFor(WorkspaceSnapshot workspace, WorkspaceFile file)
    {
        ClusterLink? link;
        lock (_gate)
        {
            if (_default is not { } fallback)
            {
                return null;
            }

            var mapped = workspace.RulesConfig.Drift.ClusterFor(file.RelativePath)?.Context;
            if (mapped is null || mapped == fallback.Context || mapped == fallback.RequestedContext)
            {
                return fallback.Drift;
            }

            if (!_mapped.TryGetValue(mapped, out link))
            {
                _mapped[mapped] = link = new ClusterLink(mapped, isDefault: false);
                var kubeconfig = _applied.Kubeconfig;
                _ = Task.Run(() => ConnectAsync(link, kubeconfig));
            }
        }

        return link.Drift;
    }

    private async Task ConnectAsync(ClusterLink link, string? kubeconfig)
    {
        ClusterConnection connection;
        try
        {
            connection = ClusterConnection.Open(kubeconfig, link.RequestedContext);
        }
        catch (ClusterRequestException exception)
        {
            link.Status = new ClusterStatusParams("unreachable", link.RequestedContext, exception.Message, 0);
            PublishAll();
            return;
        }

        var root = _workspace.Roots.FirstOrDefault() ?? Directory.GetCurrentDirectory();

        // The baseline of the default context keeps its file; another context's is kept apart (its drift is its own).
        link.HistoryPath = DriftStateFile.PathFor(link.IsDefault ? root : $"{root}\n{connection.Context}");
        link.History = DriftStateFile.Load(link.HistoryPath);
        link.HistorySaved = DateTimeOffset.UtcNow;
        var desired = _workspace.AllSnapshots().SelectMany(s => RenderedDesiredState.Instance.Objects(s)).ToList();
        var cache = new ClusterCache(connection, new ClusterCacheOptions
        {
            Kinds = desired.Select(o => (o.Key.Group, o.Key.Kind)).Concat(DefaultKinds).ToHashSet(),
            Namespaces = desired.Select(o => o.Key.Namespace).OfType<string>().Distinct(StringComparer.Ordinal).ToList(),
        });
        lock (_gate)
        {
            if (!IsCurrent(link))
            {
                connection.Dispose();
                return; // the settings changed while the kubeconfig was read
            }

            (link.Connection, link.Cache) = (connection, cache);
        }

        cache.Changed += () => ScheduleRefresh(link);
        link.Status = new ClusterStatusParams("connecting", connection.Context, $"Connecting to {connection.Context}...", 0);
        PublishAll();
        try
        {
            await cache.StartAsync(watch: true).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            _log.Error($"The cluster cache of {connection.Context} failed: {exception}");
        }

        ScheduleRefresh(link);
    }

    private bool IsCurrent(ClusterLink link) => ReferenceEquals(_default, link) || _mapped.ContainsValue(link);

    /// <summary>Cache changes come in bursts (a list, many watch events): one refresh per 300 ms at most.</summary>
    private void ScheduleRefresh(ClusterLink link)
    {
        if (Interlocked.Exchange(ref link.RefreshScheduled, 1) == 1)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            await Task.Delay(300).ConfigureAwait(false);
            Interlocked.Exchange(ref link.RefreshScheduled, 0);
            Refresh(link);
        });
    }

    private void Refresh(ClusterLink link)
    {
        ClusterCache? cache;
        lock (_gate)
        {
            cache = IsCurrent(link) ? link.Cache : null;
        }

        if (cache is null)
        {
            return;
        }

        var status = cache.Status;
        var snapshot = cache.Snapshot();
        if (link.IsDefault)
        {
            UpdateSchemas(link, snapshot.Objects.Where(ClusterSchemas.IsCrd).ToList());
        }

        var drift = new DriftAnalyzer(snapshot, new DriftOptions { Context = link.Context, History = link.History, MappedPathsOnly = !link.IsDefault }, link.Drift);
        link.Drift = drift;
        _drift = new ClusterDrift(AnalyzerFor);
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
        link.Status = new ClusterStatusParams(name, link.Context, status.Message, drifted);
        PublishAll();
        SaveHistory(link, force: false);
    }

    /// <summary>The baseline goes to the user's cache folder every few minutes and when the cluster is disconnected.</summary>
    private void SaveHistory(ClusterLink link, bool force)
    {
        if (link.History is { } history && link.HistoryPath is { } path && (force || DateTimeOffset.UtcNow - link.HistorySaved > TimeSpan.FromMinutes(5)))
        {
            link.HistorySaved = DateTimeOffset.UtcNow;
            DriftStateFile.Save(path, history, new LogWriter(_log));
        }
    }

    /// <summary>Lets the shared state file report a failed save to the server log.</summary>
    private sealed class LogWriter(ServerLog log) : StringWriter
    {
        public override void WriteLine(string? value) => log.Warning(value ?? string.Empty);
    }

    /// <summary>Validation uses the default cluster's CRDs while connected; rebuilt only when a CRD changed.</summary>
    private void UpdateSchemas(ClusterLink link, IReadOnlyList<LiveObject> crds)
    {
        var fingerprint = ClusterSchemas.Fingerprint(crds);
        if (fingerprint == link.CrdFingerprint)
        {
            return;
        }

        link.CrdFingerprint = fingerprint;
        Schemas = ClusterSchemas.From(crds);
        _workspace.ApplyOptions(_workspace.Options with { ExtraSchemas = Schemas });
        _log.Info($"Validating with {Schemas.Count} schema(s) from the cluster's CRDs.");
    }

    /// <summary>One status for the status bar: the default context's, or with several contexts the worst state and each context's own.</summary>
    private void PublishAll()
    {
        List<ClusterStatusParams> all;
        lock (_gate)
        {
            all = (_default is null ? [] : new[] { _default }).Concat(_mapped.Values).Select(l => l.Status).ToList();
        }

        if (all.Count == 0)
        {
            return;
        }

        if (all.Count == 1)
        {
            Publish(all[0]);
            return;
        }

        string[] severity = ["unreachable", "unauthorized", "stale", "connecting", "drifted", "inSync"];
        var worst = all.OrderBy(s => Array.IndexOf(severity, s.State) is var i and >= 0 ? i : severity.Length).First();
        Publish(new ClusterStatusParams(worst.State, string.Join(", ", all.Select(s => s.Context)), string.Join("; ", all.Select(s => $"{s.Context}: {s.Message}")), all.Sum(s => s.Drifted))
        {
            Clusters = all,
        });
    }

    /// <summary>Sends the status when it changed, and logs a change of state once (no storm).</summary>
    private void Publish(ClusterStatusParams status)
    {
        lock (_gate)
        {
            if (_lastStatus is { } last && last.State == status.State && last.Context == status.Context && last.Message == status.Message
                && last.Drifted == status.Drifted && (last.Clusters ?? []).SequenceEqual(status.Clusters ?? []))
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
        List<ClusterLink> links;
        lock (_gate)
        {
            links = (_default is null ? [] : new[] { _default }).Concat(_mapped.Values).ToList();
            _default = null;
            _mapped.Clear();
        }

        _drift = null;
        foreach (var link in links)
        {
            SaveHistory(link, force: true);
            await link.DisposeAsync().ConfigureAwait(false);
        }

        if (Schemas.Count > 0)
        {
            Schemas = [];
            _workspace.ApplyOptions(_workspace.Options with { ExtraSchemas = [] });
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);
}
