using System.Text.Json;
using GitOpsAi.LanguageServer.Framework;
using GitOpsAi.LanguageServer.Protocol;
using StreamJsonRpc;

namespace GitOpsAi.LanguageServer.Services;

/// <summary>Messages the server sends to the client, and what the client said it can do.</summary>
internal sealed class ClientConnection
{
    private readonly ServerLog _log;
    private JsonRpc? _rpc;
    private JsonElement? _capabilities;

    public ClientConnection(ServerLog log) => _log = log;

    public void Attach(JsonRpc rpc) => _rpc = rpc;

    public void SetCapabilities(JsonElement? capabilities) => _capabilities = capabilities;

    /// <summary>True when the client's capabilities have <c>true</c> (or an object) at the dotted path.</summary>
    public bool Supports(string dottedPath) =>
        _capabilities?.At(dottedPath.Split('.')) is { ValueKind: JsonValueKind.True or JsonValueKind.Object };

    public void Notify(string method, object parameters)
    {
        if (_rpc is null)
        {
            return;
        }

        _ = SendAsync(() => _rpc.NotifyWithParameterObjectAsync(method, parameters), method);
    }

    public async Task<T?> RequestAsync<T>(string method, object? parameters, CancellationToken cancellationToken = default)
    {
        if (_rpc is null)
        {
            return default;
        }

        try
        {
            return await _rpc.InvokeWithParameterObjectAsync<T>(method, parameters, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is RemoteInvocationException or ConnectionLostException or ObjectDisposedException or RemoteMethodNotFoundException)
        {
            _log.Trace($"{method} request failed: {exception.Message}");
            return default;
        }
    }

    private async Task SendAsync(Func<Task> send, string method)
    {
        try
        {
            await send().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is ConnectionLostException or ObjectDisposedException)
        {
            _log.Trace($"could not send {method}: {exception.Message}");
        }
    }
}
