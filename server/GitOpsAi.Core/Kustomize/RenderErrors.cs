using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Kustomize;

/// <summary>
/// What kustomize (or kustomize-controller) would refuse while building a root, reported at the entry in the file that
/// caused it: a strategic-merge patch with no object to apply to, a JSON patch that cannot apply, a cycle, a duplicate
/// object, a substitution that fails, and a patch whose target selects nothing. Only a render finds these, so without
/// this the editor and the command line would stay silent where <c>kustomize build</c> fails. Said once per place,
/// whichever roots meet it.
/// </summary>
internal static class RenderErrors
{
    /// <summary>
    /// The problems a render meets that the structure check cannot see. How each entry resolves (a missing file or
    /// folder, a path leaving the repository, what is not rendered) is the structure check's to report, from the same
    /// walk of entries.
    /// </summary>
    private static readonly HashSet<string> OnlyARenderFinds = new(StringComparer.Ordinal)
    {
        CoreDiagnostics.KustomizeBuildError.Code, CoreDiagnostics.KustomizePatchMatchesNothing.Code,
    };

    public static IReadOnlyList<Diagnostic> In(WorkspaceSnapshot workspace, IReadOnlyList<RenderRoot> roots, string path)
    {
        var found = new List<Diagnostic>();
        foreach (var root in roots)
        {
            foreach (var problem in RootRenders.Get(workspace, root).Diagnostics)
            {
                if (problem.Path == path && OnlyARenderFinds.Contains(problem.Diagnostic.Code)
                    && !found.Any(d => d.ReportsAt(problem.Diagnostic.Code, problem.Diagnostic.Span)))
                {
                    found.Add(problem.Diagnostic);
                }
            }
        }

        return found;
    }
}
