using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Kyverno;

/// <summary>
/// The Kyverno findings of a file the snapshot does not hold (a rendered object written out, checked against the
/// snapshot's policies), remembered per snapshot by the file's text. A base that several overlays render unchanged is
/// written to the same text in each root: 1,672 rendered objects of the corpus are 647 texts, and each text's policies
/// are evaluated once. The findings depend on the text (their spans are in it), on the snapshot (policies, exceptions,
/// namespaces, the objects context entries read), on the file's role and, only when exemptions exist, on its path.
/// </summary>
internal static class WrittenObjectMemo
{
    private readonly record struct Key(string Text, FileRole Role, string? RelativePath);

    private static readonly ConditionalWeakTable<WorkspaceSnapshot, ConcurrentDictionary<Key, Diagnostic[]>> BySnapshot = new();

    /// <summary>
    /// The findings <paramref name="analyze"/> gives for the file, computed once per text. Not remembered when cancelled
    /// (nothing is stored until the computation ends), so a cancelled keystroke leaves no partial answer behind.
    /// </summary>
    public static IReadOnlyList<Diagnostic> Get(WorkspaceSnapshot workspace, WorkspaceFile file, FileRole role, Func<IReadOnlyList<Diagnostic>> analyze)
    {
        var key = new Key(file.Source.Text, role, workspace.Findings.HasExemptions ? file.RelativePath : null);
        var answers = BySnapshot.GetValue(workspace, _ => new ConcurrentDictionary<Key, Diagnostic[]>());
        if (answers.TryGetValue(key, out var known))
        {
            return known;
        }

        // Two threads may compute the same text at once; both answers are equal, and the first one stored is kept.
        return answers.GetOrAdd(key, [.. analyze()]);
    }
}
