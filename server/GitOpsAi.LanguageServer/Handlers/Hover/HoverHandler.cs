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

        var hover = HoverService.Hover(document.Workspace, document.File, document.Source.ToOffset(request.Position));
        return Task.FromResult(hover is null ? null : new Protocol.Hover(MarkupContent.Markdown(hover.Markdown), document.Source.ToRange(hover.Span)));
    }
}
