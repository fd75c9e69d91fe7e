using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Kyverno;

/// <summary>What front ends need to know about Kyverno policies in the workspace.</summary>
public static class KyvernoPolicies
{
    /// <summary>
    /// True when the file holds objects that change how other files are evaluated: Kyverno policies, policy exceptions,
    /// or Namespaces (whose labels namespaceSelectors read). An editor re-checks its other open files after such an edit.
    /// </summary>
    public static bool AffectsOtherFiles(WorkspaceFile? file) =>
        file is not null && file.Manifests.Any(m => KyvernoPolicyLoader.IsPolicy(m) || KyvernoPolicyLoader.IsException(m) || (m.Kind == "Namespace" && m.Group.Length == 0));

    /// <summary>
    /// As <see cref="AffectsOtherFiles(WorkspaceFile?)"/>, and also when the file holds an object a policy of
    /// <paramref name="workspace"/> reads through a context entry (a configMap, an apiCall GET).
    /// </summary>
    public static bool AffectsOtherFiles(WorkspaceFile? file, WorkspaceSnapshot workspace) =>
        AffectsOtherFiles(file) || (file is not null && ContextReads.For(workspace) is { IsEmpty: false } reads && file.Manifests.Any(reads.Reads));
}
