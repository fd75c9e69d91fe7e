namespace GitOpsAi.Cluster;

/// <summary>
/// The last handler before the network: any request that is not a GET is refused here and never sent. Every request of
/// the cluster client passes through it, so GitOpsAi is read-only by construction, whatever a caller asks for.
/// </summary>
internal sealed class ReadOnlyGuard : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method != HttpMethod.Get)
        {
            throw new ReadOnlyViolationException($"GitOpsAi never changes a cluster: a {request.Method} to {request.RequestUri?.AbsolutePath} was refused before it was sent.");
        }

        return base.SendAsync(request, cancellationToken);
    }
}

/// <summary>Thrown instead of sending a request that would change the cluster.</summary>
public sealed class ReadOnlyViolationException(string message) : InvalidOperationException(message);
