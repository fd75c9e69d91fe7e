using GitOpsAi.Core.Workspace;
using GitOpsAi.LanguageServer.Protocol;

namespace GitOpsAi.LanguageServer.Services;

/// <summary>The workers: the main lane and the lane of large documents, each with typed documents first, then dependants once typing pauses.</summary>
internal sealed partial class DiagnosticsService
{
    /// <summary>
    /// One worker's work: documents the user typed in, analysed at once, and re-checks that wait until typing pauses and
    /// give way to it. The large documents' worker waits too: it ran a typed document's full analysis right after its
    /// typing-speed one, so the next keystroke waited for it (a file of 1,000 Flux Kustomizations: every root rendered
    /// and checked, 489 ms median per keystroke in kshape18's flux shape at 10k).
    /// </summary>
    private sealed class Lane
    {
        public AnalysisQueue Typed { get; } = new();

        public AnalysisQueue Dependants { get; } = new();

        public SemaphoreSlim Signal { get; } = new(0);

        /// <summary>The re-check running in this lane, cancelled when the user types (a full analysis may render hundreds of overlays).</summary>
        public CancellationTokenSource? RunningDependant;
    }

    /// <summary>Typed documents first, each as soon as it changes; then, once typing has paused, the affected ones.</summary>
    private async Task RunAsync(Lane lane, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            if (lane.Typed.TryTake(out var uri, out _))
            {
                Process(uri, reparse: true, typed: true);
                continue;
            }

            if (!lane.Dependants.IsEmpty)
            {
                var wait = new DateTime(Interlocked.Read(ref _dependantsDueTicks), DateTimeKind.Utc) - DateTime.UtcNow;
                if (wait <= TimeSpan.Zero)
                {
                    if (lane.Dependants.TryTake(out uri, out _))
                    {
                        ProcessDependant(lane, uri);
                    }

                    continue;
                }

                await lane.Signal.WaitAsync(wait, stopping).ConfigureAwait(false);
                continue;
            }

            await lane.Signal.WaitAsync(stopping).ConfigureAwait(false);
        }
    }

    /// <summary>A re-check that gives way to typing: cancelled by the next typed change, and queued again for the next pause.</summary>
    private void ProcessDependant(Lane lane, string uri)
    {
        // Not disposed: it holds no timer, and a typed change may still cancel it after this re-check is done.
        var cancellation = new CancellationTokenSource();
        Volatile.Write(ref lane.RunningDependant, cancellation);
        try
        {
            Process(uri, reparse: false, typed: false, cancellation.Token);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            lane.Dependants.Add(uri, reparse: false);
            lane.Signal.Release();
        }
        finally
        {
            Interlocked.CompareExchange(ref lane.RunningDependant, null, cancellation);
        }
    }

    private void Process(string uri, bool reparse, bool typed, CancellationToken cancellationToken = default)
    {
        try
        {
            OpenDocument? document;
            AnalysisResult result;
            ChangeImpact impact;
            var stopwatch = System.Diagnostics.Stopwatch.StartNew();
            var pausedBefore = LogTimings ? GC.GetTotalPauseDuration() : default;
            var allocatedBefore = LogTimings ? GC.GetTotalAllocatedBytes() : 0;
            lock (LockFor(uri))
            {
                document = _documents.Get(uri);
                if (document is null)
                {
                    return;
                }

                result = Analyze(document, reparse, typed, out impact, cancellationToken);
            }

            if (LogTimings)
            {
                // With the collections' pauses in it: the tail of typing in a big file is the garbage collector's (docs/benchmarks.md).
                _log.Info($"analysed {uri} v{document.Version} in {stopwatch.Elapsed.TotalMilliseconds:F1} ms, of which GC pauses {(GC.GetTotalPauseDuration() - pausedBefore).TotalMilliseconds:F1} ms, {(GC.GetTotalAllocatedBytes() - allocatedBefore) / 1048576.0:F2} MB allocated");
            }

            // A typed document's result is always published, even when a newer edit has arrived meanwhile (its own
            // analysis follows at once): skipping it would leave a fast typist without diagnostics until they stop.
            if (!ClientPulls && (typed || _documents.Get(uri)?.Version == document.Version))
            {
                Publish(uri, document.Version, result.Published, always: typed || !(_quiet.TryRemove(uri, out var quiet) && quiet));
            }

            ScheduleAffected(impact, result.File, uri);
            if (!result.IsComplete)
            {
                // Its full analysis (with the rendered findings of this text) once typing pauses; published if it differs.
                ScheduleDependant(uri, quiet: true);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception)
        {
            _log.Error($"Analysis of {uri} failed: {exception}");
        }
    }

    private void Publish(string uri, int version, IReadOnlyList<Protocol.Diagnostic> diagnostics, bool always)
    {
        var previous = _published.GetValueOrDefault(uri);
        _published[uri] = (version, diagnostics);

        // Compared as the client would receive them, and only off the typing path (a typed publish always goes out:
        // serialising 2,000 findings of a big file to compare them cost a few milliseconds per keystroke).
        if (always || previous.Version != version || previous.Diagnostics is null || !AsPublished(previous.Diagnostics, diagnostics))
        {
            _client.Notify("textDocument/publishDiagnostics", new PublishDiagnosticsParams(uri, version, diagnostics));
        }
    }

    /// <summary>
    /// True when the client would receive the same diagnostics. Those the conversion took over are the very objects
    /// published (PublishedDiagnostics): only the others are serialised, where serialising both lists whole made two
    /// strings of ~1 MB each time typing paused in lspbench's 10,015-line file.
    /// </summary>
    private static bool AsPublished(IReadOnlyList<Protocol.Diagnostic> published, IReadOnlyList<Protocol.Diagnostic> diagnostics)
    {
        if (published.Count != diagnostics.Count)
        {
            return false;
        }

        for (var i = 0; i < published.Count; i++)
        {
            if (!ReferenceEquals(published[i], diagnostics[i])
                && System.Text.Json.JsonSerializer.Serialize(published[i]) != System.Text.Json.JsonSerializer.Serialize(diagnostics[i]))
            {
                return false;
            }
        }

        return true;
    }
}
