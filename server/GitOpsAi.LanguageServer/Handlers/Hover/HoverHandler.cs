using GitOpsAi.Core.Language;
using GitOpsAi.LanguageServer.Conversion;
using GitOpsAi.LanguageServer.Framework;
using GitOpsAi.LanguageServer.Protocol;
using GitOpsAi.LanguageServer.Services;

namespace GitOpsAi.LanguageServer.Handlers.Hover;

[LspMethod("textDocument/hover")]
internal sealed class HoverHandler(ServerContext server) : IRequestHandler<TextDocumentPositionParams, Protocol.Hover?>
{
    public Task<Protocol.Hover?> HandleAsync(TextDocumentPositionParams request, CancellationToken cancellationToken)
    {
        var document = server.Resolve(request.TextDocument.Uri);
        if (document is null)
        {
            return Task.FromResult<Protocol.Hover?>(null);
        }

        var offset = document.Source.ToOffset(request.Position);
        var hover = HoverService.Hover(document.Workspace, document.File, offset);

        // Drift (desired and live value, who, score) from the current analysis: never waits on the cluster.
        var drift = server.Cluster?.Drift is null ? null : Core.Drift.DriftPresentation.Hover(server.Diagnostics.Current(request.TextDocument.Uri)?.Diagnostics ?? [], offset);
        if (drift is not null)
        {
            var markdown = hover is null ? drift : hover.Markdown + "\n\n---\n\n" + drift;
            var range = hover is null ? (Protocol.Range?)null : document.Source.ToRange(hover.Span);
            return Task.FromResult<Protocol.Hover?>(new Protocol.Hover(MarkupContent.Markdown(markdown), range));
        }

        return Task.FromResult(hover is null ? null : new Protocol.Hover(MarkupContent.Markdown(hover.Markdown), document.Source.ToRange(hover.Span)));
    }
}
