using System.Collections.Concurrent;
using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Kustomize;

/// <summary>
/// The per-object checks (schemas, rules, Kyverno) of rendered objects written alike, done once per snapshot: a base that
/// several overlays render the same way is checked once (the corpus's 1,672 rendered objects are 665 texts). The checks
/// see the source snapshot, not the root's siblings (cross-object rules run in <see cref="RenderedSiblings"/>, per
/// root), so their findings depend on the text, on where the object was written (its folder places it) and, only
/// when exemptions name paths, on the path. Bounded: a run where nothing repeats (every overlay sets its own
/// namespace) must not keep the findings of every rendered object, so the memo starts over when full, and stops when
/// the last <see cref="Window"/> texts it stored were (almost) never asked twice.
/// </summary>
internal sealed class WrittenChecks
{
    internal const int Capacity = 4096;

    /// <summary>
    /// How many stored texts the memo is judged by: a full memo's worth (4,096 texts) hashed and stored for nothing was
    /// 2.4% of the 50k monorepo's CPU (the texts' fingerprints and the dictionary's locks, all in its first seconds).
    /// </summary>
    internal const int Window = 512;

    private readonly record struct Key(string OriginPath, TextFingerprint Text, string? RelativePath);

    // Made at its full size, and replaced (not cleared, which shrinks it) when full: a run where nothing repeats fills it
    // 37 times at 50,000 resources, and growing the table each time took every lock again and again.
    private ConcurrentDictionary<Key, IReadOnlyList<Diagnostic>> _byText = Empty();
    private int _stored;
    private int _reusedInWindow;

    /// <summary>Set when a window of stored texts saw fewer than one reuse in 64: from then on every object is checked, nothing is remembered.</summary>
    private volatile bool _idle;

    /// <summary>True once the memo stopped remembering (tests).</summary>
    internal bool IsIdle => _idle;

    private static ConcurrentDictionary<Key, IReadOnlyList<Diagnostic>> Empty() => new(Environment.ProcessorCount, Capacity + Capacity / 4);

    /// <summary>How many written objects took their checks from another root's object on this thread (tests).</summary>
    [ThreadStatic]
    internal static int ReusedOnThisThread;

    /// <summary>The findings of <paramref name="check"/> on <paramref name="file"/>, from an object written alike when there was one.</summary>
    public IReadOnlyList<Diagnostic> Get(WorkspaceSnapshot workspace, WorkspaceFile file, string originPath, Func<IReadOnlyList<Diagnostic>> check) =>
        Get(workspace, file, originPath, fingerprint: null, check, static check => check());

    /// <summary>
    /// <see cref="Get(WorkspaceSnapshot, WorkspaceFile, string, Func{IReadOnlyList{Diagnostic}})"/> with the check's
    /// arguments in <paramref name="state"/>: a static check makes no closure per rendered object. With
    /// <paramref name="fingerprint"/> (the text's, taken while writing it), the file's text is not asked for: a rendered
    /// object's text is made on demand (<see cref="RenderWriter.WriteFile(RenderedObject, List{ValueTuple{TextSpan, SourceRef}}, bool, bool)"/>).
    /// </summary>
    public IReadOnlyList<Diagnostic> Get<TState>(WorkspaceSnapshot workspace, WorkspaceFile file, string originPath, TextFingerprint? fingerprint, TState state, Func<TState, IReadOnlyList<Diagnostic>> check)
    {
        if (_idle)
        {
            return check(state);
        }

        var key = new Key(originPath, fingerprint ?? TextFingerprint.Of(file.Source.Text), workspace.Findings.HasExemptions ? file.RelativePath : null);
        var byText = Volatile.Read(ref _byText);
        if (byText.TryGetValue(key, out var known))
        {
            ReusedOnThisThread++;
            Interlocked.Increment(ref _reusedInWindow);
            return known;
        }

        var found = check(state);

        // Counted here, not asked of the dictionary: its Count takes every lock (a quarter of a 50k check when asked per object).
        var stored = Interlocked.Increment(ref _stored);
        if (stored % Window == 0 && Interlocked.Exchange(ref _reusedInWindow, 0) < Window / 64)
        {
            // A window of texts with (almost) nothing written twice: this run's roots write every object their own way,
            // and hashing each text and storing its findings only costs (4 % of the 50k monorepo's check).
            _idle = true;
        }

        if (stored > Capacity)
        {
            Volatile.Write(ref _byText, Empty());
            Interlocked.Exchange(ref _stored, 0);
        }

        // Two threads may check the same text at once: both results are equal, the first stored is kept.
        return Volatile.Read(ref _byText).GetOrAdd(key, found);
    }
}
