using GitOpsAi.Core.Language;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Kustomize;

/// <summary>Where a name that only exists in rendered output comes from: a generator entry, or an object renamed by a prefix or hash.</summary>
internal static class RenderedDefinitions
{
    public static IReadOnlyList<DefinitionTarget> Find(WorkspaceSnapshot workspace, string kind, string name)
    {
        var targets = new List<DefinitionTarget>();
        foreach (var (_, result) in RootRenders.All(workspace))
        {
            foreach (var rendered in result.Objects.Where(o => o.Kind == kind && o.HadName(name)))
            {
                // Where the object was first written: its document, or the generator entry (both start at their first key).
                var target = new DefinitionTarget(rendered.Origin.Path, new Text.TextSpan(rendered.Origin.Span.Start, 0));
                if (!targets.Contains(target))
                {
                    targets.Add(target);
                }
            }
        }

        return targets;
    }
}
