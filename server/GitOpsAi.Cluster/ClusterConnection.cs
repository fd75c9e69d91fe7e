using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;

namespace GitOpsAi.Cluster;

/// <summary>How a request to the cluster ended when it did not return an object.</summary>
public enum ClusterFault
{
    None,
    Unreachable,
    Unauthorized,
    Forbidden,
    Gone,
    ServerError,
    NotFound,
}

/// <summary>A failed request: the fault, the HTTP status if any, and a sentence for the user.</summary>
public sealed class ClusterRequestException(ClusterFault fault, HttpStatusCode? status, string message, Exception? inner = null) : Exception(message, inner)
{
    public ClusterFault Fault { get; } = fault;

    public HttpStatusCode? Status { get; } = status;
}

/// <summary>
/// One cluster, reached through a kubeconfig context. KubernetesClient reads the kubeconfig and provides every
/// authentication it supports (tokens, client certificates, exec plugins, OIDC); requests are ours and GET only.
/// </summary>
public sealed class ClusterConnection : IDisposable
{
    private readonly Kubernetes _client;
    private readonly HttpClient _http;
    private readonly bool _sendsClientCertificate;
    private readonly CompactJson _json = new();

    private ClusterConnection(KubernetesClientConfiguration configuration, string context, TimeSpan requestTimeout)
    {
        Context = context;
        _client = new Kubernetes(configuration, new ReadOnlyGuard());
        _http = new HttpClient(new ReadOnlyGuard { InnerHandler = TlsHandler.Create(configuration) }, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        RequestTimeout = requestTimeout;
        Server = _client.BaseUri;
        _sendsClientCertificate = !string.IsNullOrEmpty(configuration.ClientCertificateData) || !string.IsNullOrEmpty(configuration.ClientCertificateFilePath);
    }

    /// <summary>The context name ("prod-eu"), for messages and the status bar.</summary>
    public string Context { get; }

    public Uri Server { get; }

    public TimeSpan RequestTimeout { get; }

    /// <summary>
    /// Connects through <paramref name="kubeconfig"/> (else $KUBECONFIG, else ~/.kube/config) and
    /// <paramref name="context"/> (else the current context). Fails with a clear message when either is missing.
    /// </summary>
    public static ClusterConnection Open(string? kubeconfig, string? context, TimeSpan? requestTimeout = null)
    {
        var paths = KubeconfigPaths(kubeconfig).Where(File.Exists).ToList();
        var path = string.Join(Path.PathSeparator, KubeconfigPaths(kubeconfig));
        if (paths.Count == 0)
        {
            throw new ClusterRequestException(ClusterFault.Unreachable, null, $"No kubeconfig found (looked at {(path.Length == 0 ? "$KUBECONFIG and ~/.kube/config" : path)}); set gitopsAi.cluster.kubeconfig or --kubeconfig.");
        }

        try
        {
            // Several files (as $KUBECONFIG lists them) are merged the way kubectl merges them: the first one wins.
            var configuration = KubernetesClientConfiguration.BuildConfigFromConfigObject(Merge(paths), context);
            return new ClusterConnection(configuration, configuration.CurrentContext ?? context ?? "(current)", requestTimeout ?? TimeSpan.FromSeconds(20));
        }
        catch (Exception exception) when (exception is k8s.Exceptions.KubeConfigException or IOException or InvalidOperationException or ArgumentException
            or FormatException or System.Security.Cryptography.CryptographicException or UnauthorizedAccessException)
        {
            throw new ClusterRequestException(ClusterFault.Unreachable, null, $"Cannot use the kubeconfig {string.Join(", ", paths)}{(context is null ? string.Empty : $" with context {context}")}: {exception.Message}", exception);
        }
    }

    /// <summary>The kubeconfig files used: the setting, else every file $KUBECONFIG lists, else ~/.kube/config.</summary>
    public static IReadOnlyList<string> KubeconfigPaths(string? setting)
    {
        if (!string.IsNullOrWhiteSpace(setting))
        {
            return [Path.GetFullPath(Environment.ExpandEnvironmentVariables(setting.StartsWith("~/", StringComparison.Ordinal) ? Path.Combine(Home, setting[2..]) : setting))];
        }

        if (Environment.GetEnvironmentVariable("KUBECONFIG") is { Length: > 0 } variable)
        {
            return variable.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        }

        return [Path.Combine(Home, ".kube", "config")];
    }

    /// <summary>kubectl's merge: entries are taken by name from the first file that has them, and the first current-context wins.</summary>
    private static k8s.KubeConfigModels.K8SConfiguration Merge(IReadOnlyList<string> paths)
    {
        var files = paths.Select(p => KubernetesClientConfiguration.LoadKubeConfig(new FileInfo(p))).ToList();
        if (files.Count == 1)
        {
            return files[0];
        }

        var merged = files[0];
        merged.Clusters = files.SelectMany(f => f.Clusters ?? []).DistinctBy(c => c.Name).ToList();
        merged.Users = files.SelectMany(f => f.Users ?? []).DistinctBy(u => u.Name).ToList();
        merged.Contexts = files.SelectMany(f => f.Contexts ?? []).DistinctBy(c => c.Name).ToList();
        merged.CurrentContext = files.Select(f => f.CurrentContext).FirstOrDefault(c => !string.IsNullOrEmpty(c));
        return merged;
    }

    private static string Home => Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    /// <summary>GETs a path (with query) and returns its JSON, or throws <see cref="ClusterRequestException"/>.</summary>
    public async Task<JsonObject> GetAsync(string pathAndQuery, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RequestTimeout);
        using var response = await SendAsync(pathAndQuery, HttpCompletionOption.ResponseContentRead, timeout.Token, cancellationToken).ConfigureAwait(false);
        // Bytes, not a string: a 10,000-object list is tens of MB, and twice that as UTF-16.
        var bytes = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
        try
        {
            return _json.Parse(bytes) as JsonObject ?? throw new ClusterRequestException(ClusterFault.ServerError, response.StatusCode, $"{pathAndQuery} did not return a JSON object.");
        }
        catch (JsonException exception)
        {
            throw new ClusterRequestException(ClusterFault.ServerError, response.StatusCode, $"{pathAndQuery} returned text that is not JSON.", exception);
        }
    }

    /// <summary>Opens a watch stream (GET with watch=1) and yields its events, one JSON object per line.</summary>
    public async IAsyncEnumerable<JsonObject> WatchAsync(string pathAndQuery, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var response = await SendAsync(pathAndQuery, HttpCompletionOption.ResponseHeadersRead, cancellationToken, cancellationToken).ConfigureAwait(false);
        using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(stream);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            JsonObject? item;
            try
            {
                item = _json.Parse(line) as JsonObject;
            }
            catch (JsonException)
            {
                yield break; // a cut-off line: the watch dropped
            }

            if (item is not null)
            {
                yield return item;
            }
        }
    }

    private async Task<HttpResponseMessage> SendAsync(string pathAndQuery, HttpCompletionOption completion, CancellationToken token, CancellationToken callerToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Server, pathAndQuery));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        HttpResponseMessage response;
        try
        {
            if (_client.Credentials is { } credentials)
            {
                await credentials.ProcessHttpRequestAsync(request, token).ConfigureAwait(false);
            }

            response = await _http.SendAsync(request, completion, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException exception) when (!callerToken.IsCancellationRequested)
        {
            throw new ClusterRequestException(ClusterFault.Unreachable, null, $"{Context} did not answer within {RequestTimeout.TotalSeconds:0} s.", exception);
        }
        catch (HttpRequestException exception)
        {
            throw new ClusterRequestException(ClusterFault.Unreachable, null, $"Cannot reach {Context} at {Server}: {Reason(exception)}", exception);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        var status = response.StatusCode;
        response.Dispose();
        var fault = status switch
        {
            HttpStatusCode.Unauthorized => ClusterFault.Unauthorized,
            HttpStatusCode.Forbidden => ClusterFault.Forbidden,
            HttpStatusCode.Gone => ClusterFault.Gone,
            HttpStatusCode.NotFound => ClusterFault.NotFound,
            _ => ClusterFault.ServerError,
        };
        var message = fault switch
        {
            ClusterFault.Unauthorized => $"{Context} refused the credentials (401 Unauthorized); log in again or check the kubeconfig user.",
            ClusterFault.Forbidden => $"{Context} forbids listing {pathAndQuery.Split('?')[0]} (403 Forbidden).",
            _ => $"{Context} answered {(int)status} {status} to {pathAndQuery.Split('?')[0]}.",
        };
        throw new ClusterRequestException(fault, status, message);
    }

    /// <summary>Why a connection failed, in words: a TLS failure names the certificate to check instead of "see inner exception".</summary>
    private string Reason(HttpRequestException exception)
    {
        if (exception.InnerException is System.Security.Authentication.AuthenticationException tls && tls.Message.Contains("RemoteCertificateValidationCallback", StringComparison.Ordinal))
        {
            return "its TLS certificate is not signed by the kubeconfig's certificate-authority (check certificate-authority(-data), or the server address).";
        }

        // Inner messages say what happened ("Connection refused", "The remote party closed the connection").
        var reason = exception.InnerException is { } inner ? $"{exception.Message.Replace(", see inner exception.", ":", StringComparison.Ordinal)} {inner.Message}" : exception.Message;

        // With TLS 1.3 the server checks a client certificate after the handshake and drops a connection it refuses.
        var dropped = exception.HttpRequestError == HttpRequestError.ResponseEnded || exception.InnerException is System.Security.Authentication.AuthenticationException or IOException;
        return _sendsClientCertificate && dropped
            ? $"{reason} The server may not accept the kubeconfig's client-certificate (check that its CA signed it and that it has not expired)."
            : reason;
    }

    public void Dispose()
    {
        _http.Dispose();
        _client.Dispose();
    }
}
