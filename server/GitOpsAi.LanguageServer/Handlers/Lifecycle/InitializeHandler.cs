using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;
using GitOpsAi.LanguageServer.Conversion;
using GitOpsAi.LanguageServer.Framework;
using GitOpsAi.LanguageServer.Handlers.CodeActions;
using GitOpsAi.LanguageServer.Handlers.Workspace;
using GitOpsAi.LanguageServer.Protocol;
using GitOpsAi.LanguageServer.Services;

namespace GitOpsAi.LanguageServer.Handlers.Lifecycle;

[LspMethod("initialize")]
internal sealed class InitializeHandler(ServerContext server) : IRequestHandler<InitializeParams, InitializeResult>
{
    public Task<InitializeResult> HandleAsync(InitializeParams request, CancellationToken cancellationToken)
    {
        if (!server.TryMarkInitialized())
        {
            throw new StreamJsonRpc.LocalRpcException("The server is already initialized.") { ErrorCode = HandlerRegistry.InvalidRequest };
        }

        server.Client.SetCapabilities(request.Capabilities);
        server.Diagnostics.ClientPulls = server.Client.Supports("textDocument.diagnostic");
        foreach (var root in WorkspaceRoots(request))
        {
            server.Workspace.AddFolder(root);
        }

        // All of the settings, not just the severities: a client without workspace/configuration has no other way to
        // send them, and the others would analyse the first documents with the defaults until their answer arrives.
        // After the folders, which relative schema folders are resolved against.
        ConfigurationLoader.Apply(server, ServerSettings.Parse(request.InitializationOptions));

        if (request.ProcessId is { } parent)
        {
            ParentProcessWatcher.Watch(parent, server);
        }

        var version = typeof(InitializeHandler).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
        return Task.FromResult(new InitializeResult(Capabilities(), new ServerInfo("gitops-ai", version)));
    }

    private static IEnumerable<string> WorkspaceRoots(InitializeParams request)
    {
        if (request.WorkspaceFolders is { Count: > 0 } folders)
        {
            return folders.Select(f => LspConversions.ToPath(f.Uri)).OfType<string>();
        }

        var root = LspConversions.ToPath(request.RootUri) ?? (request.RootPath is { Length: > 0 } path ? Path.GetFullPath(path) : null);
        return root is null ? [] : [root];
    }

    private static ServerCapabilities Capabilities() => new()
    {
        TextDocumentSync = new TextDocumentSyncOptions(OpenClose: true, Change: TextDocumentSyncKind.Incremental, Save: new SaveOptions(IncludeText: false)),
        HoverProvider = true,
        CompletionProvider = new CompletionOptions([":", " ", "-", "/"], ResolveProvider: false),
        DocumentSymbolProvider = true,
        DefinitionProvider = true,
        CodeActionProvider = new CodeActionOptions(["quickfix", "refactor.rewrite"], ResolveProvider: true),
        CodeLensProvider = new CodeLensOptions(ResolveProvider: false),
        ExecuteCommandProvider = new ExecuteCommandOptions([Generation.GenerationCommand.Name, Render.RenderCommandRunner.Command, SecretValuesCommands.SaveOutsideWorkspace, SecretValuesCommands.Convert]),
        DiagnosticProvider = new DiagnosticOptions("gitops-ai", InterFileDependencies: true, WorkspaceDiagnostics: true),
        InlayHintProvider = true,
        Workspace = new JsonObject
        {
            ["workspaceFolders"] = new JsonObject { ["supported"] = true, ["changeNotifications"] = true },
        },
    };
}

/// <summary>Exits the server when the editor that started it is gone (LSP: initialize.processId).</summary>
internal static class ParentProcessWatcher
{
    public static void Watch(int processId, ServerContext server)
    {
        _ = Task.Run(async () =>
        {
            while (!server.Stopping.IsCancellationRequested)
            {
                if (!IsAlive(processId))
                {
                    server.Log.Info($"The parent process {processId} has exited; shutting down.");
                    server.Exit.TrySetResult(1);
                    return;
                }

                await Task.Delay(TimeSpan.FromSeconds(2), server.Stopping.Token).ConfigureAwait(false);
            }
        });
    }

    private static bool IsAlive(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}

/// <summary>
/// Loads the bundled schemas and runs a small analysis of the common kinds as soon as the process starts (on the
/// other core, while the client is still initializing), so the first document the editor opens is analysed by warm code.
/// </summary>
internal static class Warmup
{
    private const string Sample = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: warmup, namespace: warmup, labels: {app: warmup}}
        spec:
          replicas: 2
          selector: {matchLabels: {app: warmup}}
          template:
            metadata: {labels: {app: warmup}}
            spec:
              containers:
                - name: app
                  image: registry.example.com/app:1.0.0
                  ports: [{containerPort: 8080, name: http}]
                  env: [{name: LOG_LEVEL, value: info}]
                  resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {memory: 256Mi}}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: warmup, namespace: warmup}
        spec: {selector: {app: warmup}, ports: [{name: http, port: 80, targetPort: http}]}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: warmup, namespace: warmup}
        data: {timeout: "30s"}
        ---
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata: {name: warmup, namespace: flux-system}
        spec: {interval: 1m, path: ./warmup, prune: true, sourceRef: {kind: GitRepository, name: warmup}}
        ---
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata: {name: warmup, namespace: warmup}
        spec: {interval: 1h, chart: {spec: {chart: warmup, version: 1.0.0, sourceRef: {kind: HelmRepository, name: warmup}}}}

        """;

    public static void Start(ServerLog log) => _ = Task.Run(() =>
    {
        try
        {
            var analyzer = new Core.Analysis.Analyzer();
            for (var round = 0; round < 3; round++)
            {
                var file = Core.Workspace.WorkspaceFile.FromText("/warmup/warmup.yaml", "/warmup", Sample);
                var snapshot = Core.Workspace.WorkspaceLoader.Create("/warmup", [file], new Core.IO.PhysicalFileSystem());
                analyzer.Analyze(snapshot, file);
            }
        }
        catch (Exception exception)
        {
            log.Warning($"Warm-up failed: {exception.Message}");
        }
    });
}
