using GitOpsAi.Core.Language;
using GitOpsAi.LanguageServer.Conversion;
using GitOpsAi.LanguageServer.Framework;
using GitOpsAi.LanguageServer.Protocol;
using GitOpsAi.LanguageServer.Services;

namespace GitOpsAi.LanguageServer.Handlers.Definition;

[LspMethod("textDocument/definition")]
internal sealed class DefinitionHandler(ServerContext server) : IRequestHandler<TextDocumentPositionParams, IReadOnlyList<Location>>
{
    public Task<IReadOnlyList<Location>> HandleAsync(TextDocumentPositionParams request, CancellationToken cancellationToken)
    {
        var document = server.Resolve(request.TextDocument.Uri);
        if (document is null)
        {
            return Task.FromResult<IReadOnlyList<Location>>([]);
        }

        var locations = new List<Location>();
        foreach (var target in DefinitionService.Find(document.Workspace, document.File, document.Source.ToOffset(request.Position)))
        {
            if (server.SourceOf(document.Workspace, target.Path) is { } targetSource)
            {
                locations.Add(new Location(LspConversions.ToUri(target.Path), targetSource.ToRange(target.Span)));
            }
        }

        return Task.FromResult<IReadOnlyList<Location>>(locations);
    }
}
