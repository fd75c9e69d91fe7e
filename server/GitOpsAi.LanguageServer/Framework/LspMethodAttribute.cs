namespace GitOpsAi.LanguageServer.Framework;

/// <summary>Names the LSP method a handler serves.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
internal sealed class LspMethodAttribute(string method) : Attribute
{
    public string Method { get; } = method;
}

/// <summary>
/// A request answered from the current state. Runs on the thread pool, in parallel with other reads, and honours
/// cancellation ($/cancelRequest).
/// </summary>
internal interface IRequestHandler<TParams, TResult>
{
    Task<TResult> HandleAsync(TParams request, CancellationToken cancellationToken);
}

/// <summary>A request without parameters (shutdown).</summary>
internal interface IRequestHandler<TResult>
{
    Task<TResult> HandleAsync(CancellationToken cancellationToken);
}

/// <summary>
/// A notification that changes state (didOpen, didChange, ...). Runs synchronously, in the order notifications
/// arrive, before any later message is dispatched; it must be quick (heavy work is scheduled, not done here).
/// </summary>
internal interface INotificationHandler<TParams>
{
    void Handle(TParams notification);
}

/// <summary>A notification without parameters (initialized, exit).</summary>
internal interface INotificationHandler
{
    void Handle();
}
