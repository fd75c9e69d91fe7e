using System.Diagnostics;
using System.Text.Json.Serialization;
using StreamJsonRpc;

namespace GitOpsAi.LanguageServer.Tests;

/// <summary>
/// A server process and a JSON-RPC connection over its stdio with Content-Length framing, as editors speak LSP; its
/// stderr is kept for failure messages. Not listening yet: register client methods, then call StartListening.
/// </summary>
internal sealed class StdioConnection
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

    public static StdioConnection Start(string command, IEnumerable<string> arguments)
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
}
