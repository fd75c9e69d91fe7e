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

    /// <summary>
    /// False when an edit of the file from <paramref name="before"/> to <paramref name="after"/> may change the findings
    /// of its unchanged documents in a way <see cref="Workspace.ChangeImpact"/> does not model (Kyverno: a changed policy
    /// set, or an object some rule reads through a context entry).
    /// </summary>
    bool KeepsUnchangedDocuments(Workspace.WorkspaceSnapshot workspace, Workspace.WorkspaceFile before, Workspace.WorkspaceFile after) => true;
}
