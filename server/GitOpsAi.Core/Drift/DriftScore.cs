namespace GitOpsAi.Core.Drift;

/// <summary>A drift's severity score (0-100) and the reasons that make it up, in the order they weigh.</summary>
public sealed record DriftScore(int Value, IReadOnlyList<string> Reasons)
{
    public override string ToString() => $"score {Value} ({string.Join("; ", Reasons)})";
}

/// <summary>What the score of one field knows beyond the field itself.</summary>
/// <param name="Observation">What the baseline history knows of this drift (null without a history).</param>
/// <param name="IsProduction">True when the cluster or context is a production one.</param>
public sealed record ScoreContext(DateTimeOffset Now, DriftObservation? Observation, bool IsProduction, TimeSpan Baseline);

/// <summary>
/// The score from four signals: how critical the field is, who changed it, how long and how often it has drifted, and
/// the blast radius. The weights are chosen so that with the default maxDriftScore (45) every hand-made or unknown
/// change to a spec, data or RBAC field scores above it, and metadata-only drift or a controller's change stays at or below.
/// </summary>
public static class DriftScoring
{
    public static DriftScore Score(FieldDrift drift, ScoreContext context)
    {
        var reasons = new List<string>();
        var (criticality, what) = Criticality(drift);
        reasons.Add($"{what} +{criticality}");
        var score = criticality;

        var (who, whoReason) = drift.Owner switch
        {
            { Kind: ManagerKind.HandEdit } owner => (35, $"hand edit by {owner.Name} +35"),
            { Kind: ManagerKind.Unknown } owner => (30, $"unknown manager {owner.Name} +30"),
            { Kind: ManagerKind.Controller } owner => (0, $"changed by the controller {owner.Name} +0"),
            { Kind: ManagerKind.Applier } owner => (0, $"written by the applier {owner.Name} +0"),
            _ when drift.Change == DriftChange.MissingInCluster => (25, "missing in the cluster (not applied yet, or removed by hand) +25"),
            _ => (25, "writer unknown (no managedFields) +25"),
        };
        score += who;
        reasons.Add(whoReason);

        var since = drift.Owner?.Time;
        if (context.Observation is { } seen && (since is null || seen.FirstSeen < since))
        {
            since = seen.FirstSeen;
        }

        if (since is { } start && context.Now - start >= TimeSpan.FromDays(1))
        {
            var days = (int)(context.Now - start).TotalDays;
            var points = days >= 7 ? 10 : 5;
            score += points;
            reasons.Add($"drifted for {days} day{(days == 1 ? string.Empty : "s")} +{points}");
        }

        if (context.Observation is { Days: >= 3 } often)
        {
            score += 5;
            reasons.Add($"seen on {often.Days} days +5");
        }

        var key = drift.Object.Key;
        if (ClusterScopedKinds.IsClusterScoped(key.Kind))
        {
            score += 10;
            reasons.Add("cluster-scoped +10");
        }

        if (ClusterScopedKinds.IsRbac(key.Group))
        {
            score += 10;
            reasons.Add("RBAC +10");
        }

        if (context.IsProduction)
        {
            score += 10;
            reasons.Add("production cluster +10");
        }

        score = Math.Min(100, score);
        if (context.Observation is { } baseline && IsLearnt(baseline, context))
        {
            score /= 4;
            reasons.Add($"learnt as normal: seen on {baseline.Days} days over the {(int)context.Baseline.TotalDays}-day baseline, score /4");
        }

        return new DriftScore(score, reasons);
    }

    /// <summary>Drift seen repeatedly over a whole baseline period (an HPA's replicas, a rotating key) is normal here.</summary>
    public static bool IsLearnt(DriftObservation observation, ScoreContext context) =>
        context.Baseline > TimeSpan.Zero && context.Now - observation.FirstSeen >= context.Baseline && observation.Days >= 3;

    private static (int Points, string What) Criticality(FieldDrift drift)
    {
        var fields = drift.Path.Segments.Where(s => s.IsField).Select(s => s.Field!).ToList();
        var last = fields.Count > 0 ? fields[^1] : string.Empty;
        var kind = drift.Object.Key.Kind;
        if (fields.Contains("annotations"))
        {
            return (4, "annotation");
        }

        if (fields.Contains("labels"))
        {
            return (8, "label");
        }

        if (ClusterScopedKinds.IsRbac(drift.Object.Key.Group) && last is not ("metadata"))
        {
            return (45, "RBAC rules");
        }

        if (fields.Any(f => f is "image" or "command" or "args" or "securityContext" or "hostNetwork" or "hostPID" or "hostIPC" or "serviceAccountName" or "privileged")
            || (kind == "Service" && fields.Count >= 2 && fields[1] is "type" or "ports" or "externalIPs" or "loadBalancerSourceRanges" or "externalName")
            || (kind is "Ingress" or "NetworkPolicy" && fields.FirstOrDefault() == "spec"))
        {
            return (45, $"critical field {last}");
        }

        if (fields.Any(f => f is "resources" or "replicas" or "volumes" or "volumeMounts" or "nodeSelector" or "tolerations" or "affinity"))
        {
            return (35, $"{last} (capacity and placement)");
        }

        if (fields.Any(f => f is "env" or "envFrom") || fields.FirstOrDefault() is "data" or "binaryData" or "stringData")
        {
            return (25, "configuration");
        }

        return (25, "spec field");
    }
}
