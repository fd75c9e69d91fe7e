using System.Collections.Concurrent;
using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Workspace;
using GitOpsAi.LanguageServer.Framework;
using GitOpsAi.LanguageServer.Protocol;

namespace GitOpsAi.LanguageServer.Services;

/// <summary>
/// Keeps diagnostics of open documents current. A document the user changed is analysed at once, at its newest text
/// ("latest wins": versions overtaken while waiting are skipped, never queued), and its result is always published.
/// Then only the open documents whose findings the change can affect (<see cref="ChangeImpact"/>) are re-checked, in a
/// lane of their own that waits until typing pauses and gives way to every typed document. A typed document is analysed
/// without the checks of rendered output (rendering the overlays that read it costs more than everything else), showing
/// the rendered findings of its last full analysis moved with the text; its full analysis follows in the same lane as
/// the dependants, once typing pauses. Large documents have a
/// worker of their own, so their analysis never delays a small one; it too leaves a typed document's full analysis for a
/// pause in typing. Results are pushed
/// (textDocument/publishDiagnostics, with the version) unless the client pulls them.
/// </summary>
internal sealed partial class DiagnosticsService
{
    /// <summary>Documents above this size are analysed by their own worker (a 20 MB file takes seconds).</summary>
    public const int LargeDocumentChars = 500_000;

    /// <summary>How long typing must pause before the documents an edit affects are re-checked.</summary>
    private static readonly TimeSpan DependantsDelay = TimeSpan.FromMilliseconds(250);

    /// <summary>GITOPSAI_TIMING=1 logs how long each analysis took; read once, not on every keystroke.</summary>
    private static readonly bool LogTimings = Environment.GetEnvironmentVariable("GITOPSAI_TIMING") == "1";

    private readonly DocumentStore _documents;
    private readonly WorkspaceService _workspace;
    private readonly ClientConnection _client;
    private readonly ServerLog _log;
    /// <summary>Git HEAD for immutable-field checks with no cluster (any tracked file: an open document differs from disk).</summary>
    public static readonly Cluster.GitHeadReader Head = new(onlyModifiedOnDisk: false);

    private volatile Analyzers _analyzers = Analyzers.For(null);
    private readonly ConcurrentDictionary<string, AnalysisResult> _results = new(StringComparer.Ordinal);

    /// <summary>What was last published per document: a re-check after another document's edit that finds the same is not published again.</summary>
    private readonly ConcurrentDictionary<string, (int Version, IReadOnlyList<Protocol.Diagnostic> Diagnostics)> _published = new(StringComparer.Ordinal);

    /// <summary>Dependants to publish only when their findings changed (true), or in any case (false: settings, disk, indexing).</summary>
    private readonly ConcurrentDictionary<string, bool> _quiet = new(StringComparer.Ordinal);
    private readonly Lane _main = new();
    private readonly Lane _large = new();
    private long _dependantsDueTicks;

    /// <summary>
    /// One analysis of a document at a time, each of its newest text taken under its lock: a pull or hover right after
    /// an edit waits for the worker's analysis of it instead of repeating it alongside, and an older text can never be
    /// laid over the workspace after a newer one. Per document, so a large one never holds up the others.
    /// </summary>
    private readonly ConcurrentDictionary<string, Lock> _analysing = new(StringComparer.Ordinal);

    public DiagnosticsService(DocumentStore documents, WorkspaceService workspace, ClientConnection client, ServerLog log)
    {
        _documents = documents;
        _workspace = workspace;
        _client = client;
        _log = log;
    }

    /// <summary>True when the client asks for diagnostics (textDocument/diagnostic) instead of having them pushed.</summary>
    public bool ClientPulls { get; set; }

    public ServerSettings Settings { get; set; } = ServerSettings.Default;

    /// <summary>The drift analyzer over the latest copy of the cluster, while one is connected (set by the cluster service).</summary>
    public Func<Core.Analysis.IFileAnalyzer?>? DriftSource { get; set; }

    /// <summary>
    /// The analyzers for open documents (with the Git HEAD immutable-field check: git runs for what the user edits) and
    /// for the rest of the workspace (without it), both with drift while a cluster is connected.
    /// </summary>
    private sealed record Analyzers(Core.Analysis.IFileAnalyzer? Drift, Analyzer Open, Analyzer Workspace)
    {
        public static Analyzers For(Core.Analysis.IFileAnalyzer? drift) => new(
            drift,
            new Analyzer(additionalAnalyzers: drift is null ? [new Core.Drift.ImmutableHeadAnalyzer(Head)] : [drift, new Core.Drift.ImmutableHeadAnalyzer(Head)]),
            new Analyzer(additionalAnalyzers: drift is null ? [] : [drift]));
    }

    private Analyzers CurrentAnalyzers
    {
        get
        {
            var drift = DriftSource?.Invoke();
            var current = _analyzers;
            if (!ReferenceEquals(current.Drift, drift))
            {
                _analyzers = current = Analyzers.For(drift);
            }

            return current;
        }
    }

    public void Start(CancellationToken stopping)
    {
        _ = Task.Run(() => RunAsync(_main, stopping), stopping);
        _ = Task.Run(() => RunAsync(_large, stopping), stopping);
    }

    /// <summary>The user opened or changed the document: analyse it now.</summary>
    public void Schedule(string uri)
    {
        var lane = LaneOf(uri);
        lane.Typed.Add(uri, reparse: true);
        PostponeDependants();
        Volatile.Read(ref lane.RunningDependant)?.Cancel();
        lane.Signal.Release();
    }

    /// <summary>Typing goes on: the re-checks of other documents wait until it pauses.</summary>
    private void PostponeDependants() =>
        Interlocked.Exchange(ref _dependantsDueTicks, DateTime.UtcNow.Add(DependantsDelay).Ticks);

    /// <summary>The document's context changed (settings, indexing, files on disk, another document): re-check it when typing pauses.</summary>
    public void ScheduleDependant(string uri, bool quiet = false)
    {
        _quiet.AddOrUpdate(uri, quiet, (_, existing) => existing && quiet);
        var lane = LaneOf(uri);
        lane.Dependants.Add(uri, reparse: false);
        PostponeDependants();
        lane.Signal.Release();
    }

    public void ScheduleAllOpen()
    {
        foreach (var document in _documents.All)
        {
            ScheduleDependant(document.Uri);
        }
    }

    /// <summary>
    /// The document was closed: its disk version takes its place again and its results go. Under its analysis lock, so
    /// an analysis that took the document just before it closed cannot lay the discarded text back afterwards. The
    /// documents the swap can affect are re-checked.
    /// </summary>
    public void Closed(string uri, string path)
    {
        WorkspaceFile? before;
        lock (LockFor(uri))
        {
            before = _results.TryRemove(uri, out var result) ? result.File : null;
            _published.TryRemove(uri, out _);
            _workspace.Revert(path);
        }

        if (!ClientPulls)
        {
            _client.Notify("textDocument/publishDiagnostics", new PublishDiagnosticsParams(uri, null, []));
        }

        var (root, after) = _workspace.Locate(path);
        ScheduleAffected(ChangeImpact.Of(before, after, root, _workspace.SnapshotFor(path)), root, except: uri, quiet: true);
    }

    private void ScheduleAffected(ChangeImpact impact, WorkspaceFile changed, string except)
    {
        if (!impact.AffectsNothing)
        {
            ScheduleAffected(impact, _workspace.Locate(changed.Path).Root, except, quiet: true);
        }
    }

    /// <summary>The open documents of the same folder whose findings the change can affect.</summary>
    public void ScheduleAffected(ChangeImpact impact, string root, string? except, bool quiet = false)
    {
        if (impact.AffectsNothing)
        {
            return;
        }

        foreach (var document in _documents.All)
        {
            if (document.Uri == except)
            {
                continue;
            }

            var (otherRoot, indexed) = _workspace.Locate(document.Path);
            var file = _results.TryGetValue(document.Uri, out var result) ? result.File : indexed;
            if (otherRoot == root && (file is null || impact.Affects(file)))
            {
                ScheduleDependant(document.Uri, quiet);
            }
        }
    }

    private Lane LaneOf(string uri) => _documents.Get(uri)?.Text.Text.Length > LargeDocumentChars ? _large : _main;

    private Lock LockFor(string uri) => _analysing.GetOrAdd(uri, _ => new Lock());
}
