using GitOpsAi.Core.Drift;
using GitOpsAi.LanguageServer.Conversion;
using GitOpsAi.LanguageServer.Framework;
using GitOpsAi.LanguageServer.Protocol;
using GitOpsAi.LanguageServer.Services;

namespace GitOpsAi.LanguageServer.Handlers.Drift;

/// <summary>One lens per object while a cluster is connected: "in sync", "3 fields drifted, score 82", "not in cluster".</summary>
[LspMethod("textDocument/codeLens")]
internal sealed class DriftCodeLensHandler(ServerContext server) : IRequestHandler<CodeLensParams, IReadOnlyList<CodeLens>>
{
    public Task<IReadOnlyList<CodeLens>> HandleAsync(CodeLensParams request, CancellationToken cancellationToken)
    {
        if (server.Cluster.Drift is not { } drift || server.Resolve(request.TextDocument.Uri) is not { } document)
        {
            return Task.FromResult<IReadOnlyList<CodeLens>>([]);
        }

        var report = drift.ReportFor(document.Workspace, cancellationToken);
        IReadOnlyList<CodeLens> lenses = DriftPresentation.CodeLenses(report, document.File.Path)
            .Select(l => new CodeLens(document.Source.ToRange(l.Span), new Command(l.Title, string.Empty, null)))
            .ToList();
        return Task.FromResult(lenses);
    }
}
