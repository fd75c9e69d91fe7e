using GitOpsAi.Core.Diagnostics;

namespace GitOpsAi.Core.Drift;

/// <summary>Turns a drift report into diagnostics at the exact place in Git, with the live value, who and the score.</summary>
public static class DriftMessages
{
    public static Diagnostic ForField(ScoredDrift scored, DriftReport report, DateTimeOffset now)
    {
        var drift = scored.Drift;
        var who = drift.Owner?.Describe(now) ?? "manager unknown";
        var stale = report.IsStale ? " [stale: the cluster could not be read lately]" : string.Empty;
        var suppressed = report.IsSuppressed ? " A suppress window is active, so this is information only." : string.Empty;
        var what = drift.Change switch
        {
            DriftChange.MissingInCluster => $"live: (absent) — the cluster lacks {drift.Path}{(drift.IsSecretKey || drift.Desired is null ? string.Empty : $" ({drift.Desired})")}",
            DriftChange.OnlyInCluster => $"live: {drift.Path} = {drift.LiveDisplay} ({who}), which Git does not set",
            _ => $"live: {drift.LiveDisplay} ({who})",
        };
        var gitSide = drift.Change == DriftChange.Changed && drift.Desired is not null && !drift.IsSecretKey ? $" Git: {drift.Desired}." : string.Empty;
        var message = $"{what}, score {scored.Score.Value}{stale}. {drift.Path} drifted in {report.Cluster}.{gitSide} Score: {string.Join("; ", scored.Score.Reasons)} (maxDriftScore {scored.MaxDriftScore}).{suppressed}";
        var properties = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["path"] = drift.Path.ToString(),
            ["live"] = drift.LiveDisplay,
            ["score"] = scored.Score.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["who"] = who,
            ["change"] = drift.Change.ToString(),
            ["object"] = drift.Object.Key.Display,
        };
        if (drift.Desired is not null && !drift.IsSecretKey)
        {
            properties["desired"] = drift.Desired;
        }

        if (DriftActions.RestoreCommand(drift, report.Context) is { } restore)
        {
            properties["restoreCommand"] = restore;
        }

        properties["reasons"] = string.Join("; ", scored.Score.Reasons);
        var accept = DriftActions.AcceptLive(drift);
        return new Diagnostic(DriftDiagnostics.Field.Code, scored.Severity, drift.Anchor.Span, message, DiagnosticSources.Drift)
        {
            Properties = properties,
            Fixes = accept is null ? [] : [accept],
        };
    }

    public static Diagnostic ForMissing(ObjectDrift missing, DriftReport report) =>
        new(DriftDiagnostics.Missing.Code, report.IsSuppressed ? DiagnosticSeverity.Information : DiagnosticSeverity.Warning, missing.Object.Anchor.Span,
            $"{missing.Object.Key.Display} is not in {report.Cluster}{(report.IsStale ? " [stale]" : string.Empty)}: Git has it, the cluster does not (not applied yet, deleted by hand, or its Kustomization is failing).",
            DiagnosticSources.Drift)
        {
            Properties = new Dictionary<string, string> { ["object"] = missing.Object.Key.Display, ["change"] = "NotInCluster" },
        };

    public static Diagnostic ForUnmanaged(UnmanagedObjects unmanaged, DriftReport report)
    {
        const int shown = 5;
        var names = string.Join(", ", unmanaged.Objects.Take(shown).Select(k => $"{k.Kind} {k.Name}"));
        var more = unmanaged.Objects.Count > shown ? $" and {unmanaged.Objects.Count - shown} more" : string.Empty;
        return DriftDiagnostics.Unmanaged.Create(unmanaged.ReportedAt.Anchor.Span,
            $"{unmanaged.Objects.Count} object{(unmanaged.Objects.Count == 1 ? " is" : "s are")} in namespace {unmanaged.Namespace} of {report.Cluster} that no Git source produces: {names}{more}. Add them to Git or delete them.");
    }

    public static Diagnostic ForImmutable(ImmutableChange change) =>
        DriftDiagnostics.ImmutableChange.Create(change.Anchor.Span, change.Message) with
        {
            Properties = new Dictionary<string, string> { ["path"] = change.Field, ["object"] = change.Object.Key.Display },
        };
}
