using GitOpsAi.LanguageServer.Framework;
using GitOpsAi.LanguageServer.Protocol;
using GitOpsAi.LanguageServer.Services;

namespace GitOpsAi.LanguageServer.Handlers.CodeActions;

/// <summary>Fills in a lazily offered action (see <see cref="SecretValuesActions"/>) once the user picks it.</summary>
[LspMethod("codeAction/resolve")]
internal sealed class CodeActionResolveHandler(ServerContext server) : IRequestHandler<CodeAction, CodeAction>
{
    /// <summary>LSP ContentModified: the document changed, so the client should ask for code actions again.</summary>
    private const int ContentModified = -32801;

    public Task<CodeAction> HandleAsync(CodeAction request, CancellationToken cancellationToken)
    {
        if (!SecretValuesActions.IsUnresolved(request))
        {
            return Task.FromResult(request);
        }

        return Task.FromResult(SecretValuesActions.Resolve(request, server)
            ?? throw new StreamJsonRpc.LocalRpcException("The document changed since this action was offered; ask for code actions again.") { ErrorCode = ContentModified });
    }
}
