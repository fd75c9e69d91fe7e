using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Kustomize;

/// <summary>
/// What a root's rendered findings were checked with besides the render: the rules in force, the schemas and the
/// repository's policy files. Findings kept for later snapshots hold while these are the same objects.
/// </summary>
internal sealed class RenderedCheckInputs(WorkspaceSnapshot workspace, IReadOnlyList<WorkspaceFile> policyFiles)
{
    private readonly object _rules = workspace.EffectiveRules;
    private readonly object _schemas = workspace.Schemas;

    /// <summary>The same rules, schemas and policies: an object written the same way gets the same findings.</summary>
    public bool AreSameIn(WorkspaceSnapshot current, IReadOnlyList<WorkspaceFile> currentPolicyFiles) =>
        ReferenceEquals(current.EffectiveRules, _rules) && ReferenceEquals(current.Schemas, _schemas) && currentPolicyFiles.SequenceEqual(policyFiles);
}
