using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Cli.Gate;

/// <summary>
/// The rendered-output findings a change keeps: those of every rendered object whose provenance touches the change
/// (the core decides which), matched to the report by where and how the analysis reported them, so a base change
/// keeps the finding of each overlay that renders it even where the reported line itself did not change.
/// </summary>
internal sealed class RenderedChangeScope
{
    private readonly HashSet<(string Path, TextSpan Span, string Code, string Message)> _kept;

    private RenderedChangeScope(HashSet<(string, TextSpan, string, string)> kept) => _kept = kept;

    public static RenderedChangeScope For(WorkspaceSnapshot? workspace, GitChangeScope change)
    {
        var kept = new HashSet<(string, TextSpan, string, string)>();
        if (workspace is not null && change.ChangedAnyFiles.Count > 0)
        {
            foreach (var (path, finding) in RenderedChangeImpact.FindingsTouchedBy(workspace, change.ToSourceChange(workspace)))
            {
                kept.Add((path, finding.Span, finding.Code, finding.Message));
            }
        }

        return new RenderedChangeScope(kept);
    }

    public bool Includes(string fullPath, Diagnostic diagnostic) => _kept.Contains((fullPath, diagnostic.Span, diagnostic.Code, diagnostic.Message));
}
