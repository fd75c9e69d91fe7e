using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Kyverno;

/// <summary>
/// The Kyverno findings a change touches through context entries, for <c>--changed-since</c>: a changed object that
/// some rule reads (a configMap or apiCall entry, a mutate-existing target) changes that rule's verdict on every object
/// it evaluates, though no name or label links them. A finding counts when its code is such a rule's and it lies in an
/// object of a kind the rule evaluates. Free when no policy reads context.
/// </summary>
public sealed class ContextReadImpact
{
    private static readonly ContextReadImpact None = new(null, []);

    private readonly WorkspaceSnapshot? _workspace;
    private readonly IReadOnlyList<(string Code, IReadOnlySet<string>? Kinds)> _readers;

    private ContextReadImpact(WorkspaceSnapshot? workspace, IReadOnlyList<(string Code, IReadOnlySet<string>? Kinds)> readers)
    {
        _workspace = workspace;
        _readers = readers;
    }

    public static ContextReadImpact Of(WorkspaceSnapshot workspace, SourceChange change)
    {
        var reads = ContextReads.For(workspace);
        if (reads.IsEmpty)
        {
            return None;
        }

        var changed = new List<Manifest>();
        foreach (var path in change.Files)
        {
            if (workspace.GetFile(path) is { } file && workspace.Structure.RoleOf(file.Path) == FileRole.Resource)
            {
                changed.AddRange(file.Objects.Where(m => change.Touches(new SourceRef(file.Path, m.Document.Span))));
            }
        }

        var readers = reads.ReadersOf(changed);
        return readers.Count == 0 ? None : new ContextReadImpact(workspace, readers);
    }

    /// <summary>True when the finding in the file at <paramref name="fullPath"/> is a verdict of a rule that reads a changed object.</summary>
    public bool Includes(string fullPath, Diagnostic diagnostic)
    {
        if (_workspace is null || !_readers.Any(r => r.Code == diagnostic.Code) || _workspace.GetFile(fullPath) is not { } file)
        {
            return false;
        }

        var kind = file.Objects.FirstOrDefault(m => m.Document.Span.Contains(diagnostic.Span.Start))?.Kind;
        return kind is not null && _readers.Any(r => r.Code == diagnostic.Code && (r.Kinds is null || r.Kinds.Contains(kind)));
    }
}
