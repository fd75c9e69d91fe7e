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
    private readonly StdioConnection _connection;
    private readonly ConcurrentQueue<JsonElement> _diagnostics = new();
    private readonly ConcurrentQueue<JsonElement> _published = new();
    private readonly ConcurrentQueue<JsonElement> _appliedEdits = new();
    private readonly ConcurrentQueue<JsonElement> _progress = new();
    private readonly ConcurrentQueue<string> _logs = new();
    private readonly ConcurrentQueue<string> _messages = new();
    private readonly SemaphoreSlim _diagnosticsArrived = new(0);

    private LspClient(StdioConnection connection) => _connection = connection;

    public JsonObject Settings { get; set; } = new();

    public Process Process => _connection.Process;

    public string Stderr => _connection.Stderr;

    public IReadOnlyList<string> Logs => _logs.ToList();

    public IReadOnlyList<JsonElement> Progress => _progress.ToList();

    /// <summary>The WorkspaceEdits the server asked this client to apply (workspace/applyEdit); each is answered "applied".</summary>
    public IReadOnlyList<JsonElement> AppliedEdits => _appliedEdits.ToList();

    /// <summary>window/showMessage texts.</summary>
    public IReadOnlyList<string> Messages => _messages.ToList();
    /// <summary>The gitopsAi/clusterStatus notifications received (drift's status bar).</summary>
    public IReadOnlyList<JsonElement> ClusterStatuses => _clusterStatuses.ToList();

    private readonly ConcurrentQueue<JsonElement> _clusterStatuses = new();

    /// <summary>Every publishDiagnostics so far, in arrival order (waiting for diagnostics does not take them from here).</summary>
    public IReadOnlyList<JsonElement> Published => _published.ToList();

    /// <summary>Waits until no diagnostics have arrived for <paramref name="quiet"/> (the server has settled), at most a minute.</summary>
    public async Task WaitUntilQuietAsync(TimeSpan quiet)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        var count = _published.Count;
        var since = DateTime.UtcNow;
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            if (_published.Count != count)
            {
                count = _published.Count;
                since = DateTime.UtcNow;
            }
            else if (DateTime.UtcNow - since >= quiet)
            {
                return;
            }
        }

        throw new TimeoutException("The server kept publishing diagnostics for a minute.");
    }

    public static string ServerAssembly => Path.Combine(AppContext.BaseDirectory, "GitOpsAi.LanguageServer.dll");

    public static LspClient Start(IReadOnlyDictionary<string, string>? environment = null)
    {
        var client = new LspClient(StdioConnection.Start("dotnet", [ServerAssembly, "--stdio"], environment));
        client.RegisterClientMethods();
        client._connection.Rpc.StartListening();
        return client;
    }

    private void RegisterClientMethods()
    {
        _connection.On("textDocument/publishDiagnostics", new Action<JsonElement>(p =>
        {
            _diagnostics.Enqueue(p);
            _published.Enqueue(p);
            _diagnosticsArrived.Release();
        }));
        _connection.On("window/logMessage", new Action<JsonElement>(p => _logs.Enqueue(p.GetProperty("message").GetString() ?? string.Empty)));
        _connection.On("$/progress", new Action<JsonElement>(p => _progress.Enqueue(p)));
        _connection.On("gitopsAi/clusterStatus", new Action<JsonElement>(p => _clusterStatuses.Enqueue(p)));
        _connection.On("workspace/configuration", new Func<JsonElement, JsonNode?[]>(p =>
            p.GetProperty("items").EnumerateArray().Select(_ => (JsonNode?)Settings.DeepClone()).ToArray()));
        _connection.On("client/registerCapability", new Func<JsonElement, object?>(_ => null));
        _connection.On("workspace/applyEdit", new Func<JsonElement, object?>(p =>
        {
            _appliedEdits.Enqueue(p.GetProperty("edit").Clone());
            return new JsonObject { ["applied"] = true };
        }));
        _connection.On("window/showMessage", new Action<JsonElement>(p =>
        {
            var message = p.GetProperty("message").GetString() ?? string.Empty;
            _logs.Enqueue(message);
            _messages.Enqueue(message);
        }));
        _connection.On("window/workDoneProgress/create", new Func<JsonElement, object?>(_ => null));
        _connection.On("workspace/diagnostic/refresh", new Func<object?>(() => null));
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

    public async Task<JsonElement> InitializeAsync(string? rootPath, JsonObject? capabilities = null, int? processId = null, JsonObject? initializationOptions = null)
    {
        var parameters = new JsonObject
        {
            ["processId"] = processId ?? Environment.ProcessId,
            ["rootUri"] = rootPath is null ? null : new Uri(rootPath).AbsoluteUri,
            ["workspaceFolders"] = rootPath is null ? null : new JsonArray(new JsonObject { ["uri"] = new Uri(rootPath).AbsoluteUri, ["name"] = "root" }),
            ["capabilities"] = capabilities ?? DefaultCapabilities(),
        };
        if (initializationOptions is not null)
        {
            parameters["initializationOptions"] = initializationOptions;
        }

        var result = await RequestAsync("initialize", parameters);
        await NotifyAsync("initialized", new JsonObject());
        return result;
    }

    public Task<JsonElement> RequestAsync(string method, JsonNode? parameters, CancellationToken cancellationToken = default) =>
        _connection.RequestAsync(method, parameters, cancellationToken);

    public Task NotifyAsync(string method, JsonNode? parameters) => _connection.NotifyAsync(method, parameters);

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

    public Task<int> ShutdownAndExitAsync() => _connection.ShutdownAndExitAsync();

    public Task<int> WaitForExitAsync(int seconds = 20) => _connection.WaitForExitAsync(seconds);

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
