using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Manifests;

namespace GitOpsAi.Core.Workspace;

/// <summary>The impact of an edit on the other documents of the edited file itself.</summary>
public sealed partial class ChangeImpact
{
    /// <summary>
    /// Which unchanged documents of the edited file can have other findings of their own (schema, rules) after the edit.
    /// Like <see cref="Of"/>, except for an edit to Flux Kustomizations in a file of many (a cluster's <c>apps.yaml</c>):
    /// across the repository that reaches the files they apply, but an object beside them is only affected when it shares
    /// a name or label with them or with an object they place differently, or when they apply this very file. Anything
    /// else such an edit changes (the defaults their inline patches set, folders they apply without a kustomization,
    /// kinds appearing) affects everything, as in <see cref="Of"/>. The rendered findings are not per document and are
    /// not covered by this.
    /// </summary>
    public static ChangeImpact WithinFile(WorkspaceFile before, WorkspaceFile after, WorkspaceSnapshot workspace)
    {
        var impact = Of(before, after, workspace.Root);
        if (!impact.AffectsEverything)
        {
            return impact;
        }

        var (removed, added) = ChangedManifests(before, after);
        if (removed.Count != added.Count || removed.Count == 0 || !removed.Concat(added).All(m => m.IsFluxKustomization)
            || IsGlobal(after, workspace.Root) || workspace.Lineage is not { } lineage || lineage.ChangedPaths.Count != 1
            || !lineage.ChangedPaths.Contains(after.Path) || !lineage.TryGetPrevious(out var previous)
            || !ReferenceEquals(previous.GetFile(before.Path), before))
        {
            return Everything;
        }

        var path = after.Path;
        if (PlacedAgain(before, after, previous, workspace) is not (var placedAgain, var placedObjects) || placedAgain.Contains(path)
            || InclusionGraph.For(previous).FluxKustomizationsApplying(path).Contains(path) || InclusionGraph.For(workspace).FluxKustomizationsApplying(path).Contains(path))
        {
            return Everything;
        }

        var facts = CrossFileFacts.Of(removed.Concat(added).Concat(placedObjects));
        return facts.HasBroadSelector ? Everything : new ChangeImpact(false, facts);
    }
}
