using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Workspace;
using GitOpsAi.LanguageServer.Conversion;
using CoreDiagnostic = GitOpsAi.Core.Diagnostics.Diagnostic;

namespace GitOpsAi.LanguageServer.Services;

/// <summary>One analysis of an open document, its result kept per version, and what pulls and other callers get.</summary>
internal sealed partial class DiagnosticsService
{
    /// <summary>
    /// The diagnostics of an open document at its current version, analysing now if needed; null when it is not open.
    /// With <paramref name="complete"/> (pull requests), never the typing-speed result whose rendered findings are carried.
    /// </summary>
    public AnalysisResult? Current(string uri, bool complete = false)
    {
        if (_documents.Get(uri) is not { } document)
        {
            return null;
        }

        if (ResultAt(document, complete) is { } ready)
        {
            return ready;
        }

        ChangeImpact impact;
        AnalysisResult? result;
        lock (LockFor(uri))
        {
            // Usually the worker was analysing this very version meanwhile: its result is taken, not made again.
            document = _documents.Get(uri);
            if (document is null)
            {
                return null;
            }

            if (ResultAt(document, complete) is { } analysed)
            {
                return analysed;
            }

            // The typing-speed result of this very text, completed: the same parse, now with the rendered checks.
            result = Analyze(document, reparse: ResultAt(document, complete: false) is null, typed: false, out impact);
        }

        ScheduleAffected(impact, result.File, document.Uri);
        return result;
    }

    /// <summary>Diagnostics for a file that is not open (workspace pull), from its snapshot.</summary>
    public IReadOnlyList<Protocol.Diagnostic> ForFile(WorkspaceSnapshot snapshot, WorkspaceFile file, CancellationToken cancellationToken)
    {
        var analysis = CurrentAnalyzers.Workspace.Analyze(snapshot, file, cancellationToken);
        return PublishedDiagnostics.Convert(file.Source, analysis.Diagnostics, last: null);
    }

    /// <summary>
    /// Call holding the document's lock, with the document just taken from the store. A <paramref name="typed"/> analysis
    /// leaves the rendered checks out and carries the last rendered findings instead.
    /// </summary>
    private AnalysisResult Analyze(OpenDocument document, bool reparse, bool typed, out ChangeImpact impact, CancellationToken cancellationToken = default)
    {
        var previous = _results.GetValueOrDefault(document.Uri);
        var isNewText = reparse || previous is null || !ReferenceEquals(previous.Document.Text, document.Text);
        WorkspaceSnapshot snapshot;
        WorkspaceFile file;
        impact = ChangeImpact.Nothing;
        if (isNewText)
        {
            var (root, before) = _workspace.Locate(document.Path);
            file = WorkspaceFile.FromText(document.Path, root, document.Text.Text, previous?.File ?? before);
            snapshot = _workspace.Update(file);
            impact = ChangeImpact.Of(before ?? previous?.File, file, root, snapshot);
        }
        else
        {
            // The same text in a changed context: the parse of that text, in a snapshot that holds it.
            file = previous!.File;
            snapshot = _workspace.SnapshotFor(file.Path).Holding(file);
        }

        var analysis = CurrentAnalyzers.Open.Analyze(snapshot, file, typed ? AnalysisScope.WithoutRendered : AnalysisScope.Full, cancellationToken);
        var diagnostics = analysis.Diagnostics;
        var rendered = analysis.Rendered;
        if (!analysis.IsComplete && previous is not null)
        {
            rendered = CarriedFindings.Move(previous.Rendered, previous.File.Source.Text, file.Source.Text, diagnostics);
            diagnostics = CarriedFindings.Merge(diagnostics, rendered);
        }

        var last = previous is null ? null : new LastConversion(previous.Document.Text.Text, previous.Diagnostics, previous.Published);
        var result = new AnalysisResult(document, file, diagnostics, PublishedDiagnostics.Convert(file.Source, diagnostics, last)) { Rendered = rendered, IsComplete = analysis.IsComplete };
        _results[document.Uri] = result;
        return result;
    }

    private AnalysisResult? ResultAt(OpenDocument document, bool complete = false) =>
        _results.TryGetValue(document.Uri, out var result) && result.Document.Version == document.Version && ReferenceEquals(result.Document.Text, document.Text)
        && (result.IsComplete || !complete)
            ? result
            : null;
}
