using GitOpsAi.LanguageServer.Framework;
using GitOpsAi.LanguageServer.Protocol;
using GitOpsAi.LanguageServer.Services;

namespace GitOpsAi.LanguageServer.Handlers.Generation;

/// <summary>A "Generate manifests" lens above every request comment of a document.</summary>
[LspMethod("textDocument/codeLens")]
internal sealed class CodeLensHandler(ServerContext server) : IRequestHandler<CodeLensParams, IReadOnlyList<CodeLens>>
{
    public Task<IReadOnlyList<CodeLens>> HandleAsync(CodeLensParams request, CancellationToken cancellationToken)
    {
        var source = server.Documents.Get(request.TextDocument.Uri)?.Text ?? server.Resolve(request.TextDocument.Uri)?.Source;
        IReadOnlyList<CodeLens> lenses = source is null ? [] : GenerationCommand.Lenses(server, request.TextDocument.Uri, source).ToList();
        return Task.FromResult(lenses);
    }
}
