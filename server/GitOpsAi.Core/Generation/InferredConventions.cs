using System.Runtime.CompilerServices;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Generation;

/// <summary>A label most objects of the repository carry: a fixed value, or (when <see cref="Value"/> is null) the app's name.</summary>
public sealed record InferredLabel(string Key, string? Value)
{
    public bool FromName => Value is null;
}

/// <summary>
/// Conventions read from the repository's own objects, used where <c>.gitops-ai/generation.yaml</c> says nothing: the
/// labels most objects carry and the name patterns of companions (Services named <c>&lt;deployment&gt;-svc</c>). Only a
/// clear majority counts; a weak or absent signal infers nothing, so the generator behaves as without inference.
/// </summary>
public sealed record InferredConventions(IReadOnlyDictionary<string, string> NamePatterns, IReadOnlyList<InferredLabel> Labels)
{
    public static InferredConventions None { get; } = new(new Dictionary<string, string>(), []);

    // Snapshots are immutable, so one inference per snapshot serves every request made against it.
    private static readonly ConditionalWeakTable<WorkspaceSnapshot, InferredConventions> Cache = new();

    public static InferredConventions Of(WorkspaceSnapshot workspace) => Cache.GetValue(workspace, Infer);

    /// <summary>Reads the conventions afresh (<see cref="Of"/> caches them per snapshot).</summary>
    public static InferredConventions Infer(WorkspaceSnapshot workspace) =>
        new(NamingPatternInference.Infer(workspace), LabelInference.Infer(workspace));

    /// <summary>True when <paramref name="count"/> of <paramref name="total"/> is a clear majority: at least two, and two thirds.</summary>
    internal static bool IsClearMajority(int count, int total) => count >= 2 && count * 3 >= total * 2;
}
