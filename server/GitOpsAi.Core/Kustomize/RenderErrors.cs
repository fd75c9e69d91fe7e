using GitOpsAi.Core.Diagnostics;

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
    private static readonly HashSet<string> RenderOnlyCodes = new(StringComparer.Ordinal)
    {
        CoreDiagnostics.KustomizeBuildError.Code, CoreDiagnostics.KustomizePatchMatchesNothing.Code,
    };

    /// <summary>
    /// The build errors in <paramref name="path"/> of the roots that read it. Asking a root renders and checks it, so this
    /// is where an editor's full analysis of a base spends its time: cancellable between roots, or the keystroke that
    /// cancels it waited for every overlay of the base (50 overlays of a 200-object base: 214 ms median per keystroke
    /// typed with pauses, against 3 ms without them).
    /// </summary>
    public static IReadOnlyList<Diagnostic> In(IReadOnlyList<RenderRoot> roots, Func<RenderRoot, IReadOnlyList<RenderDiagnostic>> buildErrorsOf, string path, CancellationToken cancellationToken)
    {
        var found = new List<Diagnostic>();
        foreach (var root in roots)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var problem in buildErrorsOf(root))
            {
                if (problem.Path == path && !found.Any(d => d.ReportsAt(problem.Diagnostic.Code, problem.Diagnostic.Span)))
                {
                    found.Add(problem.Diagnostic);
                }
            }
        }

        return found;
    }

    /// <summary>Those of a render's problems that only a render finds (kept per root, so a few at most).</summary>
    public static IReadOnlyList<RenderDiagnostic> OnlyARenderFinds(IReadOnlyList<RenderDiagnostic> problems) =>
        problems.Any(p => RenderOnlyCodes.Contains(p.Diagnostic.Code)) ? problems.Where(p => RenderOnlyCodes.Contains(p.Diagnostic.Code)).ToList() : [];
}
