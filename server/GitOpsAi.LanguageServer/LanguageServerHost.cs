using System.Text.Json;
using System.Text.Json.Serialization;
using GitOpsAi.Core.IO;
using GitOpsAi.LanguageServer.Framework;
using GitOpsAi.LanguageServer.Handlers.CodeActions;
using GitOpsAi.LanguageServer.Handlers.Completion;
using GitOpsAi.LanguageServer.Handlers.Definition;
using GitOpsAi.LanguageServer.Handlers.Diagnostics;
using GitOpsAi.LanguageServer.Handlers.DocumentSymbols;
using GitOpsAi.LanguageServer.Handlers.Hover;
using GitOpsAi.LanguageServer.Handlers.Lifecycle;
using GitOpsAi.LanguageServer.Handlers.TextSync;
using GitOpsAi.LanguageServer.Handlers.Workspace;
using GitOpsAi.LanguageServer.Services;
using Microsoft.VisualStudio.Threading;
using StreamJsonRpc;

namespace GitOpsAi.LanguageServer;

/// <summary>Builds the services, wires the handlers to a JSON-RPC connection over the given streams, and runs until exit.</summary>
public static class LanguageServerHost
{
    public static async Task<int> RunAsync(Stream input, Stream output, TextWriter log)
    {
        // stdout is the protocol: anything that writes to Console.Out must land on stderr instead.
        Console.SetOut(log);
        var serverLog = new ServerLog(log);
        Warmup.Start(serverLog);
        var client = new ClientConnection(serverLog);
        var documents = new DocumentStore();
        var workspace = new WorkspaceService(serverLog, PhysicalFileSystem.Instance);
        var diagnostics = new DiagnosticsService(documents, workspace, client, serverLog);
        var server = new ServerContext(serverLog, client, documents, workspace, diagnostics)
        {
            Cluster = new ClusterService(workspace, diagnostics, client, serverLog),
        };
        var indexing = new IndexingService(server);
        _ = new GitHeadService(DiagnosticsService.Head, documents, diagnostics, serverLog);

        var formatter = new SystemTextJsonFormatter();
        formatter.JsonSerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        formatter.JsonSerializerOptions.PropertyNameCaseInsensitive = true;
        formatter.JsonSerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        var checkedInput = new ResilientInput(input, serverLog);
        var rpc = new JsonRpc(new HeaderDelimitedMessageHandler(output, checkedInput.Reader, formatter))
        {
            // Messages are dispatched one at a time, in arrival order; see HandlerRegistry.
            SynchronizationContext = new NonConcurrentSynchronizationContext(sticky: false),
        };
        rpc.Disconnected += (_, e) =>
        {
            serverLog.Trace($"connection closed: {e.Description}");
            server.Exit.TrySetResult(server.ShutdownRequested ? 0 : 1);
        };

        HandlerRegistry.Register(rpc,
        [
            new InitializeHandler(server),
            new InitializedHandler(server, indexing),
            new ShutdownHandler(server),
            new ExitHandler(server),
            new SetTraceHandler(server),
            new DidOpenHandler(server),
            new DidChangeHandler(server),
            new DidCloseHandler(server),
            new DidSaveHandler(),
            new DidChangeConfigurationHandler(server),
            new DidChangeWatchedFilesHandler(server),
            new DidChangeWorkspaceFoldersHandler(server, indexing),
            new DocumentDiagnosticHandler(server),
            new WorkspaceDiagnosticHandler(server),
            new HoverHandler(server),
            new CompletionHandler(server),
            new DocumentSymbolHandler(server),
            new DefinitionHandler(server),
            new CodeActionHandler(server),
            new Handlers.Lenses.CodeLensHandler(server),
            new Handlers.Commands.ExecuteCommandHandler(server),
            new Handlers.Drift.DriftInlayHintHandler(server),
            new CodeActionResolveHandler(server),
        ], serverLog, () => server.ShutdownRequested, formatter.JsonSerializerOptions);

        client.Attach(rpc);
        serverLog.AttachClient(message => client.Notify("window/logMessage", message));
        rpc.StartListening();
        // Input is read until exit, not until shutdown (which stops the background work): exit comes after shutdown.
        using var reading = new CancellationTokenSource();
        _ = checkedInput.PumpAsync(reading.Token);

        var exitCode = await server.Exit.Task.ConfigureAwait(false);
        server.Stopping.Cancel();
        await server.Cluster.DisposeAsync().ConfigureAwait(false);
        reading.Cancel();
        rpc.Dispose();
        return exitCode;
    }
}
