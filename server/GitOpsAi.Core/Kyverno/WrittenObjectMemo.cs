using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Kyverno;

/// <summary>
/// Answers about a file the snapshot does not hold (a rendered object written out, checked against the snapshot's
/// policies), remembered per snapshot by the file's text. A base that several overlays render unchanged is written to
/// the same text in each root: 1,672 rendered objects of the corpus are 647 texts, and each text's policies are
/// evaluated once. An answer depends on the text (its spans are in it), on the snapshot (policies, exceptions,
/// namespaces, the objects context entries read), on the file's role and, only when exemptions exist, on its path.
/// The text is remembered by its fingerprint, not kept (every rendered object of a run would stay alive).
/// </summary>
internal sealed class WrittenObjectMemo<TValue>
{
    private readonly record struct Key(TextFingerprint Text, int Part, FileRole Role, string? RelativePath);

    private readonly ConditionalWeakTable<WorkspaceSnapshot, ConcurrentDictionary<Key, TValue>> _bySnapshot = new();

    /// <summary>
    /// The answer <paramref name="compute"/> gives for part <paramref name="part"/> of the file (a document's offset, or
    /// 0 for the whole file), computed once per text. Not remembered when cancelled (nothing is stored until the
    /// computation ends), so a cancelled keystroke leaves no partial answer behind.
    /// </summary>
    public TValue Get(WorkspaceSnapshot workspace, WorkspaceFile file, int part, FileRole role, Func<TValue> compute)
    {
        var key = new Key(TextFingerprint.Of(file.Source.Text), part, role, workspace.Findings.HasExemptions ? file.RelativePath : null);
        var answers = _bySnapshot.GetValue(workspace, _ => new ConcurrentDictionary<Key, TValue>());
        if (answers.TryGetValue(key, out var known))
        {
            return known;
        }

        // Two threads may compute the same text at once; both answers are equal, and the first one stored is kept.
        return answers.GetOrAdd(key, compute());
    }
}
