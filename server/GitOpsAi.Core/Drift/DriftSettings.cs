using Cronos;
using GitOpsAi.Core.Config;

namespace GitOpsAi.Core.Drift;

/// <summary>How readily drift becomes a warning: low raises the threshold, high lowers it.</summary>
public enum DriftSensitivity
{
    Low,
    Medium,
    High,
}

/// <summary>A repository path (glob) whose objects live in a cluster reached through a kubeconfig context.</summary>
/// <param name="Production">True for a production cluster (a higher blast radius); by default, a context whose name says "prod".</param>
public sealed record ClusterMapping(string Path, string Context, bool? Production)
{
    public bool IsProduction => Production ?? Context.Contains("prod", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Which objects and fields an entry (an ignore entry, a per-object threshold) is about; null matches anything.</summary>
public sealed record DriftSelector(string? Kind, string? Name, string? Namespace, string? Path)
{
    public bool Matches(ObjectKey key, FieldPath? path) =>
        (Kind is null || string.Equals(Kind, key.Kind, StringComparison.Ordinal))
        && (Name is null || Glob.IsMatch(Name, key.Name))
        && (Namespace is null || Glob.IsMatch(Namespace, key.Namespace ?? string.Empty))
        && (Path is null || (path is not null && path.IsUnder(Path)));

    /// <summary>How specific the selector is: the most specific threshold wins.</summary>
    public int Specificity => (Kind is null ? 0 : 1) + (Name is null ? 0 : 2) + (Namespace is null ? 0 : 1) + (Path is null ? 0 : 4);
}

/// <summary>A threshold for some objects or fields.</summary>
public sealed record ScoreThreshold(DriftSelector Selector, int MaxDriftScore);

/// <summary>A recurring period (a cron expression and a duration, e.g. a nightly maintenance) when drift is information only.</summary>
public sealed record SuppressWindow(string Cron, TimeSpan Duration, CronExpression Expression)
{
    public bool IsActive(DateTimeOffset now)
    {
        var next = Expression.GetNextOccurrence(now.UtcDateTime - Duration, TimeZoneInfo.Utc, inclusive: true);
        return next is { } start && start <= now.UtcDateTime;
    }
}

/// <summary>The <c>drift:</c> section of .gitops-ai/rules.yaml, with the defaults the documentation gives.</summary>
public sealed record DriftSettings
{
    public const int DefaultMaxDriftScore = 45;

    public static DriftSettings Default { get; } = new();

    public IReadOnlyList<ClusterMapping> Clusters { get; init; } = [];

    public DriftSensitivity Sensitivity { get; init; } = DriftSensitivity.Medium;

    public int MaxDriftScore { get; init; } = DefaultMaxDriftScore;

    public IReadOnlyList<ScoreThreshold> Thresholds { get; init; } = [];

    public IReadOnlyList<DriftSelector> Ignore { get; init; } = [];

    public IReadOnlyList<SuppressWindow> SuppressWindows { get; init; } = [];

    public TimeSpan Baseline { get; init; } = TimeSpan.FromDays(14);

    /// <summary>The highest score reported as information for this field: the most specific threshold, moved by the sensitivity.</summary>
    public int MaxScoreFor(ObjectKey key, FieldPath path)
    {
        var threshold = Thresholds.Where(t => t.Selector.Matches(key, path)).OrderByDescending(t => t.Selector.Specificity).FirstOrDefault()?.MaxDriftScore ?? MaxDriftScore;
        return Sensitivity switch
        {
            DriftSensitivity.Low => threshold + 15,
            DriftSensitivity.High => threshold - 15,
            _ => threshold,
        };
    }

    public bool IsIgnored(ObjectKey key, FieldPath? path) =>
        Ignore.Any(entry => entry.Matches(key, path) && (entry.Path is null || path is not null));

    public bool IsSuppressed(DateTimeOffset now) => SuppressWindows.Any(w => w.IsActive(now));

    /// <summary>The context for a repository path (relative, forward slashes): the first matching mapping, else null (the current context).</summary>
    public ClusterMapping? ClusterFor(string relativePath) => Clusters.FirstOrDefault(c => Glob.MatchesPath(c.Path, relativePath));
}
