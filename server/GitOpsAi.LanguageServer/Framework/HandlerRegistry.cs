using System.Reflection;
using System.Text.Json;
using StreamJsonRpc;

namespace GitOpsAi.LanguageServer.Framework;

/// <summary>
/// Wires handler classes to JSON-RPC methods. The connection dispatches on a non-concurrent synchronization context,
/// so messages are taken in arrival order: a notification runs to completion before the next message is looked at,
/// while a request hands its work to the thread pool and lets later messages proceed (reads run in parallel).
/// After shutdown only exit is served (LSP): requests get InvalidRequest, notifications are dropped. A notification's
/// parameters are read here, not by StreamJsonRpc, which would drop one it cannot read without a word: parameters that
/// do not fit are logged and the notification is ignored.
/// </summary>
internal static class HandlerRegistry
{
    public const int InvalidRequest = -32600;

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    public static void Register(JsonRpc rpc, IEnumerable<object> handlers, ServerLog log, Func<bool> isShutDown, JsonSerializerOptions options)
    {
        // A notification missing a member its type requires (didClose without textDocument) is invalid, not a null to trip on.
        var strict = new JsonSerializerOptions(options) { RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true };
        foreach (var handler in handlers)
        {
            var method = handler.GetType().GetCustomAttribute<LspMethodAttribute>()?.Method
                ?? throw new InvalidOperationException($"{handler.GetType().Name} has no [LspMethod].");
            var attribute = new JsonRpcMethodAttribute(method) { UseSingleObjectParameterDeserialization = true };
            var dispatch = CreateDelegate(handler, method, new Gate(method, log, isShutDown, strict));
            rpc.AddLocalRpcMethod(dispatch.Method, dispatch.Target, attribute);
        }
    }

    /// <summary>What every message passes: the lifecycle check, and the log for failures.</summary>
    private sealed record Gate(string Method, ServerLog Log, Func<bool> IsShutDown, JsonSerializerOptions Options)
    {
        public bool Closed => Method != "exit" && IsShutDown();

        public void ThrowIfClosed()
        {
            if (Closed)
            {
                throw new LocalRpcException($"The server has been shut down; '{Method}' is not served.") { ErrorCode = InvalidRequest };
            }
        }
    }

    private static Delegate CreateDelegate(object handler, string method, Gate gate)
    {
        foreach (var contract in handler.GetType().GetInterfaces().Where(i => i.IsGenericType || i == typeof(INotificationHandler)))
        {
            var definition = contract.IsGenericType ? contract.GetGenericTypeDefinition() : contract;
            var arguments = contract.IsGenericType ? contract.GetGenericArguments() : [];
            var factory = typeof(HandlerRegistry).GetMethod(definition.Name switch
            {
                "IRequestHandler`2" => nameof(Request),
                "IRequestHandler`1" => nameof(ParameterlessRequest),
                "INotificationHandler`1" => nameof(Notification),
                _ => nameof(ParameterlessNotification),
            }, BindingFlags.NonPublic | BindingFlags.Static)!;
            return (Delegate)(factory.IsGenericMethodDefinition ? factory.MakeGenericMethod(arguments) : factory).Invoke(null, [handler, gate])!;
        }

        throw new InvalidOperationException($"{handler.GetType().Name} implements no handler interface.");
    }

    private static Func<TParams, CancellationToken, Task<TResult>> Request<TParams, TResult>(IRequestHandler<TParams, TResult> handler, Gate gate) =>
        (request, cancellationToken) =>
        {
            gate.ThrowIfClosed();
            return Task.Run(() => Guard(gate, () => handler.HandleAsync(request, cancellationToken)), cancellationToken);
        };

    private static Func<CancellationToken, Task<TResult>> ParameterlessRequest<TResult>(IRequestHandler<TResult> handler, Gate gate) =>
        cancellationToken =>
        {
            gate.ThrowIfClosed();
            return Guard(gate, () => handler.HandleAsync(cancellationToken));
        };

    private static Action<JsonElement> Notification<TParams>(INotificationHandler<TParams> handler, Gate gate) =>
        new NotificationEndpoint<TParams>(handler, gate).Receive;

    /// <summary>
    /// Receives a notification's raw parameters. The parameter is optional, so StreamJsonRpc also dispatches a
    /// notification sent without parameters (which it would otherwise drop without a word) and it is logged here.
    /// </summary>
    private sealed class NotificationEndpoint<TParams>(INotificationHandler<TParams> handler, Gate gate)
    {
        public void Receive(JsonElement parameters = default) => Guard(gate, () =>
        {
            if (Read<TParams>(parameters, gate) is { } notification)
            {
                handler.Handle(notification);
            }
        });
    }

    /// <summary>The parameters as the handler's type, or null (logged) when they are missing or do not fit it.</summary>
    private static TParams? Read<TParams>(JsonElement parameters, Gate gate)
    {
        try
        {
            // Omitted parameters read as an empty object: some clients send `initialized` without any.
            var given = parameters.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? EmptyObject : parameters;
            if (given.ValueKind is JsonValueKind.Object && given.Deserialize<TParams>(gate.Options) is { } read)
            {
                return read;
            }

            gate.Log.Warning($"{gate.Method} ignored: invalid parameters (expected an object, got {parameters.ValueKind}).");
        }
        catch (JsonException exception)
        {
            gate.Log.Warning($"{gate.Method} ignored: invalid parameters ({exception.Message})");
        }

        return default;
    }

    private static Action ParameterlessNotification(INotificationHandler handler, Gate gate) =>
        () => Guard(gate, handler.Handle);

    /// <summary>Logs a failing notification: there is no response to carry the error, and the server must carry on.</summary>
    private static void Guard(Gate gate, Action work)
    {
        if (gate.Closed)
        {
            return;
        }

        try
        {
            work();
        }
        catch (Exception exception)
        {
            gate.Log.Error($"{gate.Method} failed: {exception}");
        }
    }

    /// <summary>Logs a failing request; StreamJsonRpc turns the exception into an error response.</summary>
    private static async Task<TResult> Guard<TResult>(Gate gate, Func<Task<TResult>> work)
    {
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception exception)
        {
            gate.Log.Error($"{gate.Method} failed: {exception}");
            throw;
        }
    }
}
