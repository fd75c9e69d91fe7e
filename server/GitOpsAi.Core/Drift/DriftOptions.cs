namespace GitOpsAi.Core.Drift;

/// <summary>What a drift run needs beyond the repository and the live state.</summary>
public sealed record DriftOptions
{
    /// <summary>Where desired state comes from: the rendered objects (overlays, patches, namespaces applied) by default.</summary>
    public IDesiredStateSource Source { get; init; } = RenderedDesiredState.Instance;

    /// <summary>The baseline history to read and update, or null to score without one.</summary>
    public DriftHistory? History { get; init; }

    /// <summary>The clock (tests fix it).</summary>
    public Func<DateTimeOffset> Clock { get; init; } = () => DateTimeOffset.UtcNow;

    /// <summary>The kubeconfig context the live state was read from; with <c>drift.clusters</c>, only paths mapped to it (or to none) are compared.</summary>
    public string? Context { get; init; }

    /// <summary>
    /// Compare only the paths <c>drift.clusters</c> maps to <see cref="Context"/> (a context other than the default one,
    /// which takes the paths mapped to it and those mapped to none).
    /// </summary>
    public bool MappedPathsOnly { get; init; }

    /// <summary>Whether the objects of a path with this mapping are compared against this live state.</summary>
    public bool Covers(ClusterMapping? mapping) =>
        mapping is null ? !MappedPathsOnly : Context is null || mapping.Context == Context;

    /// <summary>Treat the cluster as production (raises the blast radius); by default, a context named "prod..." or a mapping that says so.</summary>
    public bool? IsProduction { get; init; }

    /// <summary>Per-object results kept for the next snapshot against the same live state (the analyzer sets it).</summary>
    internal DriftObjectCache? ObjectCache { get; init; }
}
