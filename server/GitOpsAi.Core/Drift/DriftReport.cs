using GitOpsAi.Core.Diagnostics;

namespace GitOpsAi.Core.Drift;

/// <summary>A scored drift of one field, as reported.</summary>
public sealed record ScoredDrift(FieldDrift Drift, DriftScore Score, DiagnosticSeverity Severity, int MaxDriftScore);

/// <summary>How one desired object compares with the cluster.</summary>
public sealed record ObjectDrift(DesiredObject Object, LiveObject? Live, IReadOnlyList<ScoredDrift> Fields, IReadOnlyList<ImmutableChange> ImmutableChanges)
{
    public bool IsMissing => Live is null;

    /// <summary>The object's score: its worst field's.</summary>
    public int Score => Fields.Count == 0 ? 0 : Fields.Max(f => f.Score.Value);

    /// <summary>"in sync", "3 fields drifted, score 82", "not in cluster" — the code lens text.</summary>
    public string Summary => IsMissing ? "not in cluster"
        : Fields.Count == 0 ? "in sync"
        : $"{Fields.Count} field{(Fields.Count == 1 ? string.Empty : "s")} drifted, score {Score}";
}

/// <summary>Live objects in a namespace Git manages that no Git source produces, reported at the object managing the namespace.</summary>
public sealed record UnmanagedObjects(string Namespace, DesiredObject ReportedAt, IReadOnlyList<ObjectKey> Objects);

/// <summary>The outcome of comparing a repository with a cluster.</summary>
public sealed record DriftReport(string Cluster, bool IsStale, bool IsSuppressed, IReadOnlyList<ObjectDrift> Objects, IReadOnlyList<UnmanagedObjects> Unmanaged)
{
    /// <summary>The kubeconfig context compared with (null for a snapshot), for the commands we write out.</summary>
    public string? Context { get; init; }

    /// <summary>Why the live state is stale or incomplete, if it is.</summary>
    public string? Problem { get; init; }

    public int DriftedObjects => Objects.Count(o => o.Fields.Count > 0 || o.IsMissing);
}
