using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Generation;

/// <summary>Reads the repository's generation conventions; problems in the file become diagnostics in that file.</summary>
public static class GenerationConventionsLoader
{
    public sealed record Result(GenerationConventions Conventions, string? Path, IReadOnlyList<Diagnostics.Diagnostic> Diagnostics);

    public static Result Load(WorkspaceSnapshot workspace) => new(GenerationConventions.Default, null, []);
}
