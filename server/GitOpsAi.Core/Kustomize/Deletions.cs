using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Kustomize;

/// <summary>An object a <c>$patch: delete</c> removed from a render, as it was then, and the directive that removed it.</summary>
internal sealed record Deletion(RenderedObject Object, SourceRef Cause);

/// <summary>
/// Which findings on a root's rendered objects exist because a <c>$patch: delete</c> removed an object (a Deployment
/// still refers to the ConfigMap an overlay deleted): those are reported at the directive, the cause, not at the base
/// line that still refers to the object. A finding is caused by a deletion when it goes away once the deleted object is
/// put back among the rendered siblings; only roots whose render deleted something pay for the second check.
/// </summary>
internal sealed class DeletionCauses
{
    private readonly WorkspaceSnapshot _workspace;
    private readonly RenderResult _render;
    private readonly IReadOnlyList<Yaml.YamlFile> _written;
    private readonly Dictionary<Deletion, (WorkspaceSnapshot Snapshot, IReadOnlyList<WorkspaceFile> Files)> _restored = [];
    private readonly Dictionary<(Deletion, int), IReadOnlyList<Diagnostic>> _findingsWithRestored = [];

    private DeletionCauses(WorkspaceSnapshot workspace, RenderResult render, IReadOnlyList<Yaml.YamlFile> written)
    {
        _workspace = workspace;
        _render = render;
        _written = written;
    }

    /// <summary>The causes for a root's render (its objects written as <paramref name="written"/>); null when it deleted nothing.</summary>
    public static DeletionCauses? For(WorkspaceSnapshot workspace, RenderResult render, IReadOnlyList<Yaml.YamlFile> written) =>
        render.Deletions.Count == 0 ? null : new DeletionCauses(workspace, render, written);

    /// <summary>The <c>$patch: delete</c> whose object, put back, makes this sibling finding of object <paramref name="index"/> go; null for none.</summary>
    public SourceRef? CauseOf(int index, Diagnostic finding, CancellationToken cancellationToken)
    {
        foreach (var deletion in _render.Deletions)
        {
            if (!_findingsWithRestored.TryGetValue((deletion, index), out var again))
            {
                var (siblings, files) = Restored(deletion);
                again = RenderedSiblings.Check(siblings, files[index], cancellationToken);
                _findingsWithRestored[(deletion, index)] = again;
            }

            if (!again.Any(d => d.Code == finding.Code && d.Span == finding.Span && d.Message == finding.Message))
            {
                return deletion.Cause;
            }
        }

        return null;
    }

    /// <summary>The root's rendered siblings with the deleted object back (its file last), one view per deletion.</summary>
    private (WorkspaceSnapshot Snapshot, IReadOnlyList<WorkspaceFile> Files) Restored(Deletion deletion)
    {
        if (!_restored.TryGetValue(deletion, out var view))
        {
            var withDeleted = _render with { Objects = [.. _render.Objects, deletion.Object] };
            // The root's objects as they were written (their trees, not their texts parsed again), the deleted one after them.
            var file = RenderWriter.WriteFile(deletion.Object, [], textOnDemand: true);
            var restored = RenderedSiblings.Build(_workspace, withDeleted, [.. _written, file]);
            view = (restored.Snapshot, restored.Files);
            _restored[deletion] = view;
        }

        return view;
    }
}
