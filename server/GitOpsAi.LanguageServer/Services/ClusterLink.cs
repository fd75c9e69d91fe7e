using GitOpsAi.Cluster;
using GitOpsAi.Core.Drift;

namespace GitOpsAi.LanguageServer.Services;

/// <summary>
/// One kubeconfig context the editor compares against: its connection, its watch cache, the drift analyzer over the
/// latest copy of that cache, its baseline history, and its last status. The service keeps one per context in use.
/// </summary>
internal sealed class ClusterLink : IAsyncDisposable
{
    public ClusterLink(string? requestedContext, bool isDefault)
    {
        RequestedContext = requestedContext;
        IsDefault = isDefault;
        Status = new ClusterStatusParams("connecting", requestedContext, $"Connecting to {requestedContext ?? "the current context"}...", 0);
    }

    /// <summary>The context asked for (null: the kubeconfig's current context).</summary>
    public string? RequestedContext { get; }

    /// <summary>The editor's default cluster (paths no <c>drift.clusters</c> entry maps, and those mapped to it).</summary>
    public bool IsDefault { get; }

    public ClusterConnection? Connection { get; set; }

    public ClusterCache? Cache { get; set; }

    /// <summary>The context's name once connected (the kubeconfig's current context resolved), else the one asked for.</summary>
    public string? Context => Connection?.Context ?? RequestedContext;

    public DriftAnalyzer? Drift { get; set; }

    public DriftHistory? History { get; set; }

    public string? HistoryPath { get; set; }

    public DateTimeOffset HistorySaved { get; set; }

    public string CrdFingerprint { get; set; } = string.Empty;

    public ClusterStatusParams Status { get; set; }

    public int RefreshScheduled;

    public async ValueTask DisposeAsync()
    {
        var (cache, connection) = (Cache, Connection);
        (Cache, Connection, Drift) = (null, null, null);
        if (cache is not null)
        {
            await cache.DisposeAsync().ConfigureAwait(false);
        }

        connection?.Dispose();
    }
}
