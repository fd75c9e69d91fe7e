using GitOpsAi.LanguageServer.Framework;
using GitOpsAi.LanguageServer.Handlers.Workspace;
using GitOpsAi.LanguageServer.Protocol;
using GitOpsAi.LanguageServer.Services;

namespace GitOpsAi.LanguageServer.Handlers.Lifecycle;

[LspMethod("initialized")]
internal sealed class InitializedHandler(ServerContext server, IndexingService indexing) : INotificationHandler<InitializedParams>
{
    public void Handle(InitializedParams notification)
    {
        if (server.Client.Supports("workspace.didChangeWatchedFiles.dynamicRegistration"))
        {
            var watchers = new System.Text.Json.Nodes.JsonObject
            {
                ["watchers"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["globPattern"] = "**/*" }),
            };
            _ = server.Client.RequestAsync<object>("client/registerCapability",
                new RegistrationParams([new Registration("gitops-ai-watched-files", "workspace/didChangeWatchedFiles", watchers)]));
        }

        if (server.Client.Supports("workspace.configuration"))
        {
            _ = ConfigurationLoader.RefreshAsync(server);
        }

        server.Diagnostics.Start(server.Stopping.Token);
        indexing.IndexAll(server.Workspace.Roots);
    }
}

[LspMethod("shutdown")]
internal sealed class ShutdownHandler(ServerContext server) : IRequestHandler<object?>
{
    public Task<object?> HandleAsync(CancellationToken cancellationToken)
    {
        server.ShutdownRequested = true;
        server.Stopping.Cancel();
        return Task.FromResult<object?>(null);
    }
}

[LspMethod("exit")]
internal sealed class ExitHandler(ServerContext server) : INotificationHandler
{
    // LSP: exit code 0 after shutdown, 1 without it.
    public void Handle() => server.Exit.TrySetResult(server.ShutdownRequested ? 0 : 1);
}

[LspMethod("$/setTrace")]
internal sealed class SetTraceHandler(ServerContext server) : INotificationHandler<SetTraceParams>
{
    public void Handle(SetTraceParams notification) => server.Log.Verbose = notification.Value == "verbose";
}
