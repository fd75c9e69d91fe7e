using System.Runtime.CompilerServices;
using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Drift;

/// <summary>
/// Adds drift findings to the analysis of each file: the report is computed once per workspace snapshot against the
/// live state given (a snapshot file or a cluster cache; never the network) and each file takes the findings that
/// sit in it.
/// </summary>
public sealed class DriftAnalyzer : IFileAnalyzer
{
    private readonly ILiveState _live;
    private readonly DriftOptions _options;
    private readonly ConditionalWeakTable<WorkspaceSnapshot, Lazy<DriftReport>> _reports = new();

    /// <param name="previous">The analyzer over the previous copy of the same cluster: objects unchanged in both keep their comparison.</param>
    public DriftAnalyzer(ILiveState live, DriftOptions? options = null, DriftAnalyzer? previous = null)
    {
        _live = live;
        _options = (options ?? new DriftOptions()) with { ObjectCache = previous?._options.ObjectCache ?? new DriftObjectCache() };
    }

    private volatile DriftReport? _lastFull;

    /// <summary>The whole repository against the cluster (status bar, unmanaged objects), computed once per snapshot.</summary>
    public DriftReport ReportFor(WorkspaceSnapshot workspace, CancellationToken cancellationToken = default) =>
        _lastFull = _reports.GetValue(workspace, w => new Lazy<DriftReport>(() => DriftDetector.Detect(w, _live, _options, cancellationToken))).Value;

    /// <summary>One file's objects against the cluster: what a keystroke recomputes (unchanged objects come from a cache).</summary>
    public DriftReport ReportForFile(WorkspaceSnapshot workspace, WorkspaceFile file, CancellationToken cancellationToken = default) =>
        _reports.TryGetValue(workspace, out var full) && full.IsValueCreated
            ? full.Value with { Objects = full.Value.Objects.Where(o => o.Object.HasNodesIn(file.Path)).ToList() }
            : DriftDetector.DetectFile(workspace, file, _live, _options, cancellationToken);

    public void Analyze(FileAnalysisContext context)
    {
        var report = ReportForFile(context.Workspace, context.File, context.CancellationToken);

        // Unmanaged objects need the whole repository: the latest full report (the editor refreshes it off the typing path).
        var unmanagedFrom = _lastFull ?? ReportFor(context.Workspace, context.CancellationToken);
        var now = _options.Clock();
        var path = context.File.Path;
        foreach (var result in report.Objects)
        {
            if (result.IsMissing && result.Object.FileOf(result.Object.Anchor).Path == path)
            {
                context.Diagnostics.Add(DriftMessages.ForMissing(result, report));
            }

            foreach (var field in result.Fields.Where(f => result.Object.FileOf(f.Drift.Anchor).Path == path))
            {
                context.Diagnostics.Add(DriftMessages.ForField(field, report, now));
            }

            foreach (var change in result.ImmutableChanges.Where(c => result.Object.FileOf(c.Anchor).Path == path))
            {
                context.Diagnostics.Add(DriftMessages.ForImmutable(change));
            }
        }

        foreach (var unmanaged in unmanagedFrom.Unmanaged.Where(u => u.ReportedAt.FileOf(u.ReportedAt.Anchor).Path == path))
        {
            context.Diagnostics.Add(DriftMessages.ForUnmanaged(unmanaged, unmanagedFrom));
        }

        // One note per file at most when the cluster could not be read: no storm of findings, static ones unaffected.
        if (report.Problem is { } problem && context.File.Manifests.FirstOrDefault(m => m.Kind is not null && !m.IsKustomizeConfig && !m.IsImpliedKustomization) is { } first)
        {
            var anchor = (Yaml.YamlNode?)first.Root.At("metadata", "name") ?? first.Root;
            context.Diagnostics.Add(DriftDiagnostics.Status.Create(anchor.Span, $"Drift against {report.Cluster} is {(report.IsStale ? "from an older copy" : "incomplete")}: {problem}"));
        }
    }
}
