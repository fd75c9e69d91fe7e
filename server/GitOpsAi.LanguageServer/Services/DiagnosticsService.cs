using System.Collections.Concurrent;
using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Workspace;
using GitOpsAi.LanguageServer.Conversion;
using GitOpsAi.LanguageServer.Framework;
using GitOpsAi.LanguageServer.Protocol;
using CoreDiagnostic = GitOpsAi.Core.Diagnostics.Diagnostic;

namespace GitOpsAi.LanguageServer.Services;

/// <summary>The last analysis of an open document at a version.</summary>
internal sealed record AnalysisResult(OpenDocument Document, WorkspaceFile File, IReadOnlyList<CoreDiagnostic> Diagnostics, IReadOnlyList<Protocol.Diagnostic> Published);

/// <summary>
/// Keeps diagnostics of open documents current. A change marks the document dirty; one background worker re-parses and
/// re-analyses the newest text ("latest wins": versions overtaken while waiting are skipped, never queued), then also
/// re-checks the open documents whose cross-file results the change can affect. Results are pushed
/// (textDocument/publishDiagnostics, with the version) unless the client pulls them.
/// </summary>
internal sealed class DiagnosticsService
{
    /// <summary>GITOPSAI_TIMING=1 logs how long each analysis took; read once, not on every keystroke.</summary>
    private static readonly bool LogTimings = Environment.GetEnvironmentVariable("GITOPSAI_TIMING") == "1";

    private readonly DocumentStore _documents;
    private readonly WorkspaceService _workspace;
    private readonly ClientConnection _client;
    private readonly ServerLog _log;
    private readonly Analyzer _analyzer = new();
    private readonly ConcurrentDictionary<string, bool> _pending = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AnalysisResult> _results = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _signal = new(0);

    /// <summary>
    /// One analysis of an open document at a time, each of the newest text taken under the lock: a pull or hover right
    /// after an edit waits for the worker's analysis of it instead of repeating it alongside, and an older text can
    /// never be laid over the workspace after a newer one.
    /// </summary>
    private readonly Lock _analysing = new();

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

    public void Start(CancellationToken stopping) => _ = Task.Run(() => RunAsync(stopping), stopping);

    /// <summary>Marks a document for re-analysis; <paramref name="reparse"/> is false when only its context changed.</summary>
    public void Schedule(string uri, bool reparse = true)
    {
        _pending.AddOrUpdate(uri, reparse, (_, existing) => existing || reparse);
        _signal.Release();
    }

    public void ScheduleAllOpen(string? except = null)
    {
        foreach (var document in _documents.All)
        {
            if (document.Uri != except)
            {
                Schedule(document.Uri, reparse: false);
            }
        }
    }

    /// <summary>
    /// The document was closed: its disk version takes its place again and its results go. Under the analysis lock, so
    /// an analysis that took the document just before it closed cannot lay the discarded text back afterwards.
    /// </summary>
    public void Closed(string uri, string path)
    {
        lock (_analysing)
        {
            _workspace.Revert(path);
            _results.TryRemove(uri, out _);
        }

        if (!ClientPulls)
        {
            _client.Notify("textDocument/publishDiagnostics", new PublishDiagnosticsParams(uri, null, []));
        }
    }

    /// <summary>The diagnostics of an open document at its current version, analysing now if needed (pull requests); null when it is not open.</summary>
    public AnalysisResult? Current(string uri)
    {
        if (_documents.Get(uri) is not { } document)
        {
            return null;
        }

        if (ResultAt(document) is { } ready)
        {
            return ready;
        }

        lock (_analysing)
        {
            // Usually the worker was analysing this very version meanwhile: its result is taken, not made again.
            document = _documents.Get(uri);
            return document is null ? null : ResultAt(document) ?? Analyze(document, reparse: true);
        }
    }

    /// <summary>Diagnostics for a file that is not open (workspace pull), from its snapshot.</summary>
    public IReadOnlyList<Protocol.Diagnostic> ForFile(WorkspaceSnapshot snapshot, WorkspaceFile file, CancellationToken cancellationToken)
    {
        var analysis = _analyzer.Analyze(snapshot, file, cancellationToken);
        return Convert(file, analysis.Diagnostics);
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            await _signal.WaitAsync(stopping).ConfigureAwait(false);
            foreach (var uri in _pending.Keys.ToList())
            {
                if (!_pending.TryRemove(uri, out var reparse))
                {
                    continue;
                }

                try
                {
                    OpenDocument? document;
                    AnalysisResult result;
                    var stopwatch = new System.Diagnostics.Stopwatch();
                    lock (_analysing)
                    {
                        document = _documents.Get(uri);
                        if (document is null)
                        {
                            continue;
                        }

                        stopwatch.Start();
                        result = Analyze(document, reparse);
                        stopwatch.Stop();
                    }

                    if (LogTimings)
                    {
                        _log.Info($"analysed {uri} v{document.Version} in {stopwatch.Elapsed.TotalMilliseconds:F1} ms");
                    }

                    if (!ClientPulls && _documents.Get(uri)?.Version == document.Version)
                    {
                        _client.Notify("textDocument/publishDiagnostics", new PublishDiagnosticsParams(uri, document.Version, result.Published));
                    }
                }
                catch (Exception exception)
                {
                    _log.Error($"Analysis of {uri} failed: {exception}");
                }
            }
        }
    }

    /// <summary>Call holding <see cref="_analysing"/>, with the document just taken from the store.</summary>
    private AnalysisResult Analyze(OpenDocument document, bool reparse)
    {
        var previous = _results.GetValueOrDefault(document.Uri);
        var isNewText = reparse || previous is null || !ReferenceEquals(previous.Document.Text, document.Text);
        WorkspaceSnapshot snapshot;
        WorkspaceFile file;
        if (isNewText)
        {
            var (root, before) = _workspace.Locate(document.Path);
            file = WorkspaceFile.FromText(document.Path, root, document.Text.Text, previous?.File ?? before);
            snapshot = _workspace.Update(file);
            if (AffectsOtherDocuments(before, file, root))
            {
                ScheduleAllOpen(except: document.Uri);
            }
        }
        else
        {
            // The same text in a changed context: the parse of that text, in a snapshot that holds it.
            file = previous!.File;
            snapshot = _workspace.SnapshotFor(file.Path).Holding(file);
        }

        var analysis = _analyzer.Analyze(snapshot, file);
        var result = new AnalysisResult(document, file, analysis.Diagnostics, Convert(file, analysis.Diagnostics));
        _results[document.Uri] = result;
        return result;
    }

    /// <summary>Kustomizations, Flux sources and CRDs change how other files are checked; plain manifests do not.</summary>
    private static bool AffectsOtherDocuments(WorkspaceFile? before, WorkspaceFile after, string root) =>
        WorkspaceSnapshot.ShapesStructure(before) || WorkspaceSnapshot.ShapesStructure(after)
        || WorkspaceSnapshot.DefinesSchemas(before) || WorkspaceSnapshot.DefinesSchemas(after)
        || WorkspaceSnapshot.ConfigPathsUnder(root).Contains(after.Path, StringComparer.Ordinal)
        || HoldsCrossObjectKinds(before) || HoldsCrossObjectKinds(after)
        || Core.Kyverno.KyvernoPolicies.AffectsOtherFiles(before) || Core.Kyverno.KyvernoPolicies.AffectsOtherFiles(after);

    private static bool HoldsCrossObjectKinds(WorkspaceFile? file) =>
        file is not null && file.Manifests.Any(m => m.Kind is { } kind && CrossObjectKinds.Contains(kind));

    /// <summary>Kinds whose objects other files' rules look at (a Service's selector, a ServiceAccount's existence, policies).</summary>
    private static readonly HashSet<string> CrossObjectKinds = new(StringComparer.Ordinal)
    {
        "Service", "ServiceAccount", "ConfigMap", "Secret", "SealedSecret", "ExternalSecret", "Deployment", "StatefulSet", "DaemonSet",
        "HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy", "StorageClass", "ClusterPolicy", "Policy", "Namespace",
        "GitRepository", "OCIRepository", "HelmRepository", "Bucket", "HelmRelease",
    };

    private AnalysisResult? ResultAt(OpenDocument document) =>
        _results.TryGetValue(document.Uri, out var result) && result.Document.Version == document.Version && ReferenceEquals(result.Document.Text, document.Text)
            ? result
            : null;

    /// <summary>Severities are final here: the core applied the configuration and the editor's overrides (Findings).</summary>
    private static IReadOnlyList<Protocol.Diagnostic> Convert(WorkspaceFile file, IReadOnlyList<CoreDiagnostic> diagnostics)
    {
        var converted = new List<Protocol.Diagnostic>(diagnostics.Count);
        for (var index = 0; index < diagnostics.Count; index++)
        {
            var diagnostic = diagnostics[index];
            converted.Add(diagnostic.ToLsp(file.Source, diagnostic.Severity, index));
        }

        return converted;
    }
}
