namespace GitOpsAi.Cluster;

/// <summary>The one state the editor's status bar and the log show for a cluster.</summary>
public enum ClusterState
{
    Connecting,
    InSync,
    Stale,
    Unreachable,
    Unauthorized,
}

/// <summary>The cluster's state, one sentence for the user, and the namespaces it would not let us list.</summary>
public sealed record ClusterStatus(string Context, ClusterState State, string Message, IReadOnlyList<string> ForbiddenNamespaces)
{
    /// <summary>True when drift results come from an older copy than the cluster's (or none at all).</summary>
    public bool IsStale => State is not (ClusterState.InSync or ClusterState.Connecting);
}
