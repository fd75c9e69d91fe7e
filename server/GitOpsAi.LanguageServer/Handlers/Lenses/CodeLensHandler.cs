using GitOpsAi.LanguageServer.Framework;
using GitOpsAi.LanguageServer.Handlers.Drift;
using GitOpsAi.LanguageServer.Handlers.Generation;
using GitOpsAi.LanguageServer.Protocol;
using GitOpsAi.LanguageServer.Services;

namespace GitOpsAi.LanguageServer.Handlers.Lenses;

/// <summary>
/// LSP has one codeLens method per server, so the features that show lenses are asked in turn: "Generate manifests"
/// above request comments, and one drift lens per object while a cluster is connected.
/// </summary>
[LspMethod("textDocument/codeLens")]
internal sealed class CodeLensHandler(ServerContext server) : IRequestHandler<CodeLensParams, IReadOnlyList<Protocol.CodeLens>>
{
    public Task<IReadOnlyList<Protocol.CodeLens>> HandleAsync(CodeLensParams request, CancellationToken cancellationToken)
    {
        var source = server.Documents.Get(request.TextDocument.Uri)?.Text ?? server.Resolve(request.TextDocument.Uri)?.Source;
        IReadOnlyList<Protocol.CodeLens> lenses = source is null
            ? []
            : [.. GenerationCommand.Lenses(server, request.TextDocument.Uri, source), .. DriftLenses.For(server, request.TextDocument.Uri, cancellationToken)];
        return Task.FromResult(lenses);
    }
}
