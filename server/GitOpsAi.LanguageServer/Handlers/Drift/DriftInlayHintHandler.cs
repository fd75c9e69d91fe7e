using GitOpsAi.Core.Drift;
using GitOpsAi.LanguageServer.Conversion;
using GitOpsAi.LanguageServer.Framework;
using GitOpsAi.LanguageServer.Protocol;
using GitOpsAi.LanguageServer.Services;

namespace GitOpsAi.LanguageServer.Handlers.Drift;

/// <summary>"live: ghcr.io/acme/web:1.4.3-hotfix" after each drifted value, from the document's current analysis.</summary>
[LspMethod("textDocument/inlayHint")]
internal sealed class DriftInlayHintHandler(ServerContext server) : IRequestHandler<InlayHintParams, IReadOnlyList<InlayHint>>
{
    public Task<IReadOnlyList<InlayHint>> HandleAsync(InlayHintParams request, CancellationToken cancellationToken)
    {
        if (server.Diagnostics.Current(request.TextDocument.Uri) is not { } result)
        {
            return Task.FromResult<IReadOnlyList<InlayHint>>([]);
        }

        var source = result.File.Source;
        IReadOnlyList<InlayHint> hints = DriftPresentation.InlayHints(result.Diagnostics, source.ToSpan(request.Range))
            .Select(h => new InlayHint(source.ToPosition(h.Offset), h.Label, h.Tooltip, PaddingLeft: true))
            .ToList();
        return Task.FromResult(hints);
    }
}
