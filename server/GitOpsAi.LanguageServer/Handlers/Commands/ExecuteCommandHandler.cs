using GitOpsAi.LanguageServer.Framework;
using GitOpsAi.LanguageServer.Handlers.CodeActions;
using GitOpsAi.LanguageServer.Handlers.Generation;
using GitOpsAi.LanguageServer.Handlers.Render;
using GitOpsAi.LanguageServer.Protocol;
using GitOpsAi.LanguageServer.Services;

namespace GitOpsAi.LanguageServer.Handlers.Commands;

/// <summary>
/// LSP has one workspace/executeCommand method per server, so commands are dispatched here by name: generation runs
/// its engine and gate, render prints a kustomization's output, every other command belongs to the secret-value hand-over (which rejects names it does not know).
/// </summary>
[LspMethod("workspace/executeCommand")]
internal sealed class ExecuteCommandHandler(ServerContext server) : IRequestHandler<ExecuteCommandParams, object?>
{
    private readonly GenerateCommandRunner _generate = new(server);
    private readonly SecretValuesCommandRunner _secretValues = new(server);
    private readonly RenderCommandRunner _render = new(server);

    public async Task<object?> HandleAsync(ExecuteCommandParams request, CancellationToken cancellationToken) => request.Command switch
    {
        GenerationCommand.Name => await _generate.RunAsync(request, cancellationToken).ConfigureAwait(false),
        RenderCommandRunner.Command => await _render.RunAsync(request).ConfigureAwait(false),
        _ => await _secretValues.RunAsync(request, cancellationToken).ConfigureAwait(false),
    };
}
