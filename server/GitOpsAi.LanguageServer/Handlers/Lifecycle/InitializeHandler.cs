using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;
using GitOpsAi.LanguageServer.Conversion;
using GitOpsAi.LanguageServer.Framework;
using GitOpsAi.LanguageServer.Protocol;
using GitOpsAi.LanguageServer.Services;

namespace GitOpsAi.LanguageServer.Handlers.Lifecycle;

[LspMethod("initialize")]
internal sealed class InitializeHandler(ServerContext server) : IRequestHandler<InitializeParams, InitializeResult>
{
    public Task<InitializeResult> HandleAsync(InitializeParams request, CancellationToken cancellationToken)
    {
        server.Client.SetCapabilities(request.Capabilities);
        server.Diagnostics.ClientPulls = server.Client.Supports("textDocument.diagnostic");
        server.Diagnostics.Settings = ServerSettings.Parse(request.InitializationOptions);

        foreach (var root in WorkspaceRoots(request))
        {
            server.Workspace.AddFolder(root);
        }

        if (request.ProcessId is { } parent)
        {
            ParentProcessWatcher.Watch(parent, server);
        }

        Warmup.Start(server.Log);
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
        CodeActionProvider = new CodeActionOptions(["quickfix"]),
        DiagnosticProvider = new DiagnosticOptions("gitops-ai", InterFileDependencies: true, WorkspaceDiagnostics: true),
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

/// <summary>Loads the bundled schemas and runs one small analysis while the editor opens its first file, so that first file is fast.</summary>
internal static class Warmup
{
    public static void Start(ServerLog log) => _ = Task.Run(() =>
    {
        try
        {
            var text = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: warmup}\nspec:\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec:\n      containers: [{name: a, image: a}]\n---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: w}\nspec: {interval: 1m, path: ./x, prune: true, sourceRef: {kind: GitRepository, name: w}}\n";
            var file = Core.Workspace.WorkspaceFile.FromText("/warmup/warmup.yaml", "/warmup", text);
            var snapshot = Core.Workspace.WorkspaceLoader.Create("/warmup", [file], new Core.IO.PhysicalFileSystem());
            new Core.Analysis.Analyzer().Analyze(snapshot, file);
        }
        catch (Exception exception)
        {
            log.Warning($"Warm-up failed: {exception.Message}");
        }
    });
}
