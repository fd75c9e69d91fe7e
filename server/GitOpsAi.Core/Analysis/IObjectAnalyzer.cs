using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Manifests;

namespace GitOpsAi.Core.Analysis;

/// <summary>
/// A family of checks that looks at one object at a time: what it reports on an object depends on that object's text
/// and on other objects only through what <see cref="Workspace.ChangeImpact"/> models (names, referenced names, labels,
/// kinds that are not local). That is what lets <see cref="ObjectFindingsCache"/> keep an unchanged object's findings
/// while another object of the same file is edited. Findings must lie within the object's own document.
/// </summary>
internal interface IObjectAnalyzer : IFileAnalyzer
{
    /// <summary>False when the file is not checked at all (e.g. a patch, whose objects are fragments).</summary>
    bool AppliesTo(FileAnalysisContext context);

    /// <summary>
    /// The objects this family checks, in file order: the file's documents (a List as one object, whose items the
    /// family checks itself) or the objects kubectl applies (each item of a List on its own).
    /// </summary>
    IReadOnlyList<Manifest> ObjectsOf(Workspace.WorkspaceFile file);

    void AnalyzeObject(FileAnalysisContext context, Manifest manifest, List<Diagnostic> output);
}
