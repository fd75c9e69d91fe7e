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

    public DriftAnalyzer(ILiveState live, DriftOptions? options = null)
    {
        _live = live;
        _options = options ?? new DriftOptions();
    }

    public DriftReport ReportFor(WorkspaceSnapshot workspace, CancellationToken cancellationToken = default) =>
        _reports.GetValue(workspace, w => new Lazy<DriftReport>(() => DriftDetector.Detect(w, _live, _options, cancellationToken))).Value;

    public void Analyze(FileAnalysisContext context)
    {
        var report = ReportFor(context.Workspace, context.CancellationToken);
        var now = _options.Clock();
        var path = context.File.Path;
        foreach (var result in report.Objects)
        {
            if (result.IsMissing && result.Object.File.Path == path)
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

        foreach (var unmanaged in report.Unmanaged.Where(u => u.ReportedAt.File.Path == path))
        {
            context.Diagnostics.Add(DriftMessages.ForUnmanaged(unmanaged, report));
        }

        // One note per file at most when the cluster could not be read: no storm of findings, static ones unaffected.
        if (report.Problem is { } problem && context.File.Manifests.FirstOrDefault(m => m.Kind is not null && !m.IsKustomizeConfig && !m.IsImpliedKustomization) is { } first)
        {
            var anchor = (Yaml.YamlNode?)first.Root.At("metadata", "name") ?? first.Root;
            context.Diagnostics.Add(DriftDiagnostics.Status.Create(anchor.Span, $"Drift against {report.Cluster} is {(report.IsStale ? "from an older copy" : "incomplete")}: {problem}"));
        }
    }
}
