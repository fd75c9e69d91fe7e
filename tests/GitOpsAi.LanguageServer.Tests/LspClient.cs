using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Serialization;
using StreamJsonRpc;

namespace GitOpsAi.LanguageServer.Tests;

/// <summary>
/// A real LSP client for tests: starts the built server as a separate process and talks to it over stdio with
/// StreamJsonRpc (Content-Length framing), the same way an editor does. It records what the server pushes.
/// </summary>
public sealed class LspClient : IAsyncDisposable
{
    private readonly Process _process;
    private readonly JsonRpc _rpc;
    private readonly ConcurrentQueue<JsonElement> _diagnostics = new();
    private readonly ConcurrentQueue<JsonElement> _progress = new();
    private readonly ConcurrentQueue<string> _logs = new();
    private readonly SemaphoreSlim _diagnosticsArrived = new(0);
    private readonly System.Text.StringBuilder _stderr = new();

    private LspClient(Process process, JsonRpc rpc)
    {
        _process = process;
        _rpc = rpc;
    }

    public JsonObject Settings { get; set; } = new();

    public Process Process => _process;

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public IReadOnlyList<string> Logs => _logs.ToList();

    public IReadOnlyList<JsonElement> Progress => _progress.ToList();

    public static string ServerAssembly => Path.Combine(AppContext.BaseDirectory, "GitOpsAi.LanguageServer.dll");

    public static LspClient Start()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ServerAssembly);
        start.ArgumentList.Add("--stdio");
        var process = Process.Start(start)!;

        var formatter = new SystemTextJsonFormatter();
        formatter.JsonSerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        formatter.JsonSerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        var rpc = new JsonRpc(new HeaderDelimitedMessageHandler(process.StandardInput.BaseStream, process.StandardOutput.BaseStream, formatter));
        var client = new LspClient(process, rpc);
        process.ErrorDataReceived += (_, e) =>
        {
            lock (client._stderr)
            {
                client._stderr.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
        client.RegisterClientMethods();
        rpc.StartListening();
        return client;
    }

    private void RegisterClientMethods()
    {
        void Add(string method, Delegate handler) =>
            _rpc.AddLocalRpcMethod(handler.Method, handler.Target, new JsonRpcMethodAttribute(method) { UseSingleObjectParameterDeserialization = true });

        Add("textDocument/publishDiagnostics", new Action<JsonElement>(p =>
        {
            _diagnostics.Enqueue(p);
            _diagnosticsArrived.Release();
        }));
        Add("window/logMessage", new Action<JsonElement>(p => _logs.Enqueue(p.GetProperty("message").GetString() ?? string.Empty)));
        Add("$/progress", new Action<JsonElement>(p => _progress.Enqueue(p)));
        Add("workspace/configuration", new Func<JsonElement, JsonNode?[]>(p =>
            p.GetProperty("items").EnumerateArray().Select(_ => (JsonNode?)Settings.DeepClone()).ToArray()));
        Add("client/registerCapability", new Func<JsonElement, object?>(_ => null));
        Add("window/workDoneProgress/create", new Func<JsonElement, object?>(_ => null));
        Add("workspace/diagnostic/refresh", new Func<object?>(() => null));
    }

    public static JsonObject DefaultCapabilities(bool pullDiagnostics = false, bool progress = false)
    {
        var textDocument = new JsonObject
        {
            ["synchronization"] = new JsonObject { ["didSave"] = true },
            ["publishDiagnostics"] = new JsonObject { ["versionSupport"] = true },
            ["completion"] = new JsonObject { ["completionItem"] = new JsonObject { ["snippetSupport"] = true } },
            ["hover"] = new JsonObject { ["contentFormat"] = new JsonArray("markdown") },
        };
        if (pullDiagnostics)
        {
            textDocument["diagnostic"] = new JsonObject { ["dynamicRegistration"] = false };
        }

        return new JsonObject
        {
            ["workspace"] = new JsonObject
            {
                ["configuration"] = true,
                ["workspaceFolders"] = true,
                ["didChangeWatchedFiles"] = new JsonObject { ["dynamicRegistration"] = true },
            },
            ["textDocument"] = textDocument,
            ["window"] = new JsonObject { ["workDoneProgress"] = progress },
        };
    }

    public async Task<JsonElement> InitializeAsync(string? rootPath, JsonObject? capabilities = null, int? processId = null)
    {
        var result = await RequestAsync("initialize", new JsonObject
        {
            ["processId"] = processId ?? Environment.ProcessId,
            ["rootUri"] = rootPath is null ? null : new Uri(rootPath).AbsoluteUri,
            ["workspaceFolders"] = rootPath is null ? null : new JsonArray(new JsonObject { ["uri"] = new Uri(rootPath).AbsoluteUri, ["name"] = "root" }),
            ["capabilities"] = capabilities ?? DefaultCapabilities(),
        });
        await NotifyAsync("initialized", new JsonObject());
        return result;
    }

    public async Task<JsonElement> RequestAsync(string method, JsonNode? parameters, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        return await _rpc.InvokeWithParameterObjectAsync<JsonElement>(method, parameters, timeout.Token);
    }

    public Task NotifyAsync(string method, JsonNode? parameters) => _rpc.NotifyWithParameterObjectAsync(method, parameters);

    public Task OpenAsync(string uri, string text, int version = 1) =>
        NotifyAsync("textDocument/didOpen", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri, ["languageId"] = "yaml", ["version"] = version, ["text"] = text } });

    public Task ChangeAsync(string uri, int version, int line, int character, int endLine, int endCharacter, string text) =>
        NotifyAsync("textDocument/didChange", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri, ["version"] = version },
            ["contentChanges"] = new JsonArray(new JsonObject
            {
                ["range"] = Range(line, character, endLine, endCharacter),
                ["text"] = text,
            }),
        });

    /// <summary>Waits for the diagnostics of a document at (at least) a version.</summary>
    public async Task<JsonElement> WaitForDiagnosticsAsync(string uri, int minimumVersion = 0, Func<JsonElement, bool>? until = null, int timeoutSeconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        var seen = new List<JsonElement>();
        while (DateTime.UtcNow < deadline)
        {
            while (_diagnostics.TryDequeue(out var message))
            {
                seen.Add(message);
                var version = message.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : int.MaxValue;
                if (message.GetProperty("uri").GetString() == uri && version >= minimumVersion && (until is null || until(message)))
                {
                    return message;
                }
            }

            await _diagnosticsArrived.WaitAsync(TimeSpan.FromMilliseconds(200));
        }

        throw new TimeoutException($"No diagnostics for {uri} at version {minimumVersion}. Seen: {string.Join("\n", seen)}\nServer log:\n{Stderr}");
    }

    public static JsonObject Position(int line, int character) => new() { ["line"] = line, ["character"] = character };

    public static JsonObject Range(int line, int character, int endLine, int endCharacter) =>
        new() { ["start"] = Position(line, character), ["end"] = Position(endLine, endCharacter) };

    public static JsonObject TextDocumentPosition(string uri, int line, int character) =>
        new() { ["textDocument"] = new JsonObject { ["uri"] = uri }, ["position"] = Position(line, character) };

    public async Task<int> ShutdownAndExitAsync()
    {
        await RequestAsync("shutdown", null);
        await NotifyAsync("exit", null);
        return await WaitForExitAsync();
    }

    public async Task<int> WaitForExitAsync(int seconds = 20)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        _rpc.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
