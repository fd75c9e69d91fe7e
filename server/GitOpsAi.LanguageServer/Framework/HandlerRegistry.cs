using System.Reflection;
using StreamJsonRpc;

namespace GitOpsAi.LanguageServer.Framework;

/// <summary>
/// Wires handler classes to JSON-RPC methods. The connection dispatches on a non-concurrent synchronization context,
/// so messages are taken in arrival order: a notification runs to completion before the next message is looked at,
/// while a request hands its work to the thread pool and lets later messages proceed (reads run in parallel).
/// </summary>
internal static class HandlerRegistry
{
    public static void Register(JsonRpc rpc, IEnumerable<object> handlers, ServerLog log)
    {
        foreach (var handler in handlers)
        {
            var method = handler.GetType().GetCustomAttribute<LspMethodAttribute>()?.Method
                ?? throw new InvalidOperationException($"{handler.GetType().Name} has no [LspMethod].");
            var attribute = new JsonRpcMethodAttribute(method) { UseSingleObjectParameterDeserialization = true };
            var dispatch = CreateDelegate(handler, method, log);
            rpc.AddLocalRpcMethod(dispatch.Method, dispatch.Target, attribute);
        }
    }

    private static Delegate CreateDelegate(object handler, string method, ServerLog log)
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
            return (Delegate)(factory.IsGenericMethodDefinition ? factory.MakeGenericMethod(arguments) : factory).Invoke(null, [handler, method, log])!;
        }

        throw new InvalidOperationException($"{handler.GetType().Name} implements no handler interface.");
    }

    private static Func<TParams, CancellationToken, Task<TResult>> Request<TParams, TResult>(IRequestHandler<TParams, TResult> handler, string method, ServerLog log) =>
        (request, cancellationToken) => Task.Run(() => Guard(method, log, () => handler.HandleAsync(request, cancellationToken)), cancellationToken);

    private static Func<CancellationToken, Task<TResult>> ParameterlessRequest<TResult>(IRequestHandler<TResult> handler, string method, ServerLog log) =>
        cancellationToken => Guard(method, log, () => handler.HandleAsync(cancellationToken));

    private static Action<TParams> Notification<TParams>(INotificationHandler<TParams> handler, string method, ServerLog log) =>
        notification => Guard(method, log, () => handler.Handle(notification));

    private static Action ParameterlessNotification(INotificationHandler handler, string method, ServerLog log) =>
        () => Guard(method, log, handler.Handle);

    /// <summary>Logs a failing notification: there is no response to carry the error, and the server must carry on.</summary>
    private static void Guard(string method, ServerLog log, Action work)
    {
        try
        {
            work();
        }
        catch (Exception exception)
        {
            log.Error($"{method} failed: {exception}");
        }
    }

    /// <summary>Logs a failing request; StreamJsonRpc turns the exception into an error response.</summary>
    private static async Task<TResult> Guard<TResult>(string method, ServerLog log, Func<Task<TResult>> work)
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
            log.Error($"{method} failed: {exception}");
            throw;
        }
    }
}
