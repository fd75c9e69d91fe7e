using GitOpsAi.LanguageServer.Conversion;
using GitOpsAi.LanguageServer.Framework;
using GitOpsAi.LanguageServer.Protocol;
using GitOpsAi.LanguageServer.Services;

namespace GitOpsAi.LanguageServer.Handlers.Diagnostics;

[LspMethod("textDocument/diagnostic")]
internal sealed class DocumentDiagnosticHandler(ServerContext server) : IRequestHandler<DocumentDiagnosticParams, DocumentDiagnosticReport>
{
    public Task<DocumentDiagnosticReport> HandleAsync(DocumentDiagnosticParams request, CancellationToken cancellationToken)
    {
        var uri = request.TextDocument.Uri;
        IReadOnlyList<Protocol.Diagnostic> items;
        // A pull is answered with the full analysis (rendered findings of this very text included).
        if (server.Diagnostics.Current(uri, complete: true) is { } open)
        {
            items = open.Published;
        }
        else if (server.Resolve(uri) is { } document)
        {
            items = server.Diagnostics.ForFile(document.Workspace, document.File, cancellationToken);
        }
        else
        {
            items = [];
        }

        var resultId = ResultIds.Of(items);
        return Task.FromResult(request.PreviousResultId == resultId
            ? new DocumentDiagnosticReport("unchanged", resultId, null)
            : new DocumentDiagnosticReport("full", resultId, items));
    }
}

[LspMethod("workspace/diagnostic")]
internal sealed class WorkspaceDiagnosticHandler(ServerContext server) : IRequestHandler<WorkspaceDiagnosticParams, WorkspaceDiagnosticReport>
{
    public Task<WorkspaceDiagnosticReport> HandleAsync(WorkspaceDiagnosticParams request, CancellationToken cancellationToken)
    {
        var previous = (request.PreviousResultIds ?? []).ToDictionary(p => p.Uri, p => p.Value, StringComparer.Ordinal);
        var reports = new List<WorkspaceDocumentDiagnosticReport>();
        foreach (var snapshot in server.Workspace.AllSnapshots())
        {
            foreach (var file in snapshot.Files.Values.OrderBy(f => f.Path, StringComparer.Ordinal))
            {
                cancellationToken.ThrowIfCancellationRequested();
                // Found by path: the client's URI for an open document may escape characters ours leaves alone ('@').
                var open = server.Documents.GetByPath(file.Path) is { } document ? server.Diagnostics.Current(document.Uri, complete: true) : null;
                var uri = open?.Document.Uri ?? LspConversions.ToUri(file.Path);
                var items = open?.Published ?? server.Diagnostics.ForFile(snapshot, file, cancellationToken);
                var resultId = ResultIds.Of(items);
                reports.Add(previous.GetValueOrDefault(uri) == resultId
                    ? new WorkspaceDocumentDiagnosticReport("unchanged", uri, open?.Document.Version, resultId, null)
                    : new WorkspaceDocumentDiagnosticReport("full", uri, open?.Document.Version, resultId, items));
            }
        }

        return Task.FromResult(new WorkspaceDiagnosticReport(reports));
    }
}

/// <summary>A result id that changes exactly when the diagnostics do, so clients can skip unchanged reports.</summary>
internal static class ResultIds
{
    public static string Of(IReadOnlyList<Protocol.Diagnostic> items)
    {
        var hash = new HashCode();
        foreach (var item in items)
        {
            hash.Add(item.Code);
            hash.Add(item.Message);
            hash.Add(item.Severity);
            hash.Add(item.Range);
        }

        return items.Count + ":" + hash.ToHashCode().ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
    }
}
