using System.Diagnostics;
using System.Text.Json.Serialization;
using StreamJsonRpc;

namespace GitOpsAi.LanguageServer.Tests;

/// <summary>
/// A server process and a JSON-RPC connection over its stdio with Content-Length framing, as editors speak LSP; its
/// stderr is kept for failure messages. Not listening yet: register client methods, then call StartListening.
/// </summary>
internal sealed class StdioConnection : IAsyncDisposable
{
    private readonly System.Text.StringBuilder _stderr = new();

    private StdioConnection(Process process, JsonRpc rpc)
    {
        Process = process;
        Rpc = rpc;
    }

    public Process Process { get; }

    public JsonRpc Rpc { get; }

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

    public static StdioConnection Start(string command, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(command)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        var formatter = new SystemTextJsonFormatter();
        formatter.JsonSerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        formatter.JsonSerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        var rpc = new JsonRpc(new HeaderDelimitedMessageHandler(process.StandardInput.BaseStream, process.StandardOutput.BaseStream, formatter));
        var connection = new StdioConnection(process, rpc);
        process.ErrorDataReceived += (_, e) =>
        {
            lock (connection._stderr)
            {
                connection._stderr.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
        return connection;
    }

    /// <summary>Handles a server-to-client request or notification; parameters arrive as one object.</summary>
    public void On(string method, Delegate handler) =>
        Rpc.AddLocalRpcMethod(handler.Method, handler.Target, new JsonRpcMethodAttribute(method) { UseSingleObjectParameterDeserialization = true });

    /// <summary>A request with a 30 s limit, so a server that never answers fails the test instead of hanging it.</summary>
    public async Task<JsonElement> RequestAsync(string method, JsonNode? parameters, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        return await Rpc.InvokeWithParameterObjectAsync<JsonElement>(method, parameters, timeout.Token);
    }

    public Task NotifyAsync(string method, JsonNode? parameters) => Rpc.NotifyWithParameterObjectAsync(method, parameters);

    /// <summary>shutdown then exit, as an editor closes the server; returns its exit code.</summary>
    public async Task<int> ShutdownAndExitAsync()
    {
        await RequestAsync("shutdown", null);
        await NotifyAsync("exit", null);
        return await WaitForExitAsync();
    }

    public async Task<int> WaitForExitAsync(int seconds = 20)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        await Process.WaitForExitAsync(timeout.Token);
        return Process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        Rpc.Dispose();
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            await Process.WaitForExitAsync();
        }

        Process.Dispose();
    }
}
