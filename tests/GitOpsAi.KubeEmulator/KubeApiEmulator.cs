using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.KubeEmulator;

/// <summary>One request the emulator received.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query);

/// <summary>
/// A loopback Kubernetes API server for tests: discovery (/api, /apis), lists and watch streams over the real REST
/// paths, objects as kube-apiserver returns them (whatever the test stores: defaults, status, managedFields),
/// resourceVersions, 410 Gone for compacted versions, and faults (slow answers, 401, 403 per namespace or cluster-wide,
/// 5xx, dropped watches). It records every request, so tests can prove that only GETs arrive. Over plain HTTP it
/// authenticates bearer tokens; given a <see cref="TestCertificates"/> authority it serves HTTPS (127.0.0.1 only, see
/// <see cref="TlsFront"/>) and, as kube-apiserver does, also authenticates a client certificate that authority signed:
/// a certificate it did not sign fails the TLS handshake, a request with neither a valid token nor one gets 401.
/// </summary>
public sealed class KubeApiEmulator : IAsyncDisposable
{
    public const string Token = "emulator-token";

    private sealed record Resource(string Group, string Version, string Kind, string Plural, bool Namespaced);

    private sealed record Event(long Version, string Type, JsonObject Object);

    private static readonly Resource[] Served =
    [
        new("", "v1", "Namespace", "namespaces", false),
        new("", "v1", "ConfigMap", "configmaps", true),
        new("", "v1", "Secret", "secrets", true),
        new("", "v1", "Service", "services", true),
        new("apps", "v1", "Deployment", "deployments", true),
        new("autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true),
        new("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false),
        new("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", false),
    ];

    private readonly HttpListener _listener = new();
    private readonly TestCertificates? _authority;
    private readonly TlsFront? _front;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly List<Event> _events = [];
    private readonly Dictionary<string, JsonObject> _objects = new(StringComparer.Ordinal);
    private readonly Task _loop;
    private long _version = 1000;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Starts serving on a free loopback port: HTTPS with a server certificate of <paramref name="authority"/> if given, else HTTP.</summary>
    public KubeApiEmulator(TestCertificates? authority = null)
    {
        var port = FreePort();
        var listening = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(listening);
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
        _authority = authority;
        _front = authority is null ? null : new TlsFront(authority, port);
        Url = new Uri(_front is null ? listening : $"https://127.0.0.1:{_front.Port}/");
    }

    public Uri Url { get; }

    /// <summary>The bearer tokens the server accepts (an expired or revoked token is one not in this set).</summary>
    public HashSet<string> Tokens { get; } = new(StringComparer.Ordinal) { Token };

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Every answer waits this long first (a slow or overloaded API server).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Answer 401 to everything (expired credentials).</summary>
    public bool Unauthorized { get; set; }

    /// <summary>Answer 403 to cluster-wide lists of namespaced kinds (RBAC that only grants some namespaces).</summary>
    public bool ForbidClusterWideLists { get; set; }

    /// <summary>Namespaces whose lists answer 403.</summary>
    public HashSet<string> ForbiddenNamespaces { get; } = new(StringComparer.Ordinal);

    /// <summary>The next N requests answer 503.</summary>
    public int ServerErrors { get; set; }

    /// <summary>Watch streams close after sending this many events (a load balancer cutting idle streams); 0: never.</summary>
    public int DropWatchesAfter { get; set; }

    /// <summary>Watches from a resourceVersion below this get 410 Gone (etcd compaction).</summary>
    public long CompactedBefore { get; set; }

    public long CurrentVersion
    {
        get
        {
            lock (_lock)
            {
                return _version;
            }
        }
    }

    /// <summary>A kubeconfig file (in a temporary folder) whose current context "emulator" reaches this server with the token.</summary>
    public string WriteKubeconfig(string folder, string token = Token, string context = "emulator")
    {
        var path = Path.Combine(folder, "kubeconfig");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
              - name: emulator
                cluster:
                  server: {Url.ToString().TrimEnd('/')}{AuthorityLine("    ")}
            users:
              - name: tester
                user:
                  token: {token}
            contexts:
              - name: {context}
                context:
                  cluster: emulator
                  user: tester
            current-context: {context}
            """);
        return path;
    }

    /// <summary>One kubeconfig with a context per emulator (each its own cluster and user); the first is the current context.</summary>
    public static string WriteKubeconfig(string folder, params (string Context, KubeApiEmulator Emulator)[] clusters)
    {
        var path = Path.Combine(folder, "kubeconfig");
        var text = new System.Text.StringBuilder("apiVersion: v1\nkind: Config\nclusters:\n");
        foreach (var (context, emulator) in clusters)
        {
            text.Append($"  - name: {context}\n    cluster:\n      server: {emulator.Url.ToString().TrimEnd('/')}{emulator.AuthorityLine("      ")}\n");
        }

        text.Append($"users:\n  - name: tester\n    user:\n      token: {Token}\ncontexts:\n");
        foreach (var (context, _) in clusters)
        {
            text.Append($"  - name: {context}\n    context:\n      cluster: {context}\n      user: tester\n");
        }

        File.WriteAllText(path, text.Append($"current-context: {clusters[0].Context}\n").ToString());
        return path;
    }

    /// <summary>Over HTTPS, the kubeconfig line that trusts the test CA (certificate-authority-data); over HTTP, nothing.</summary>
    public string AuthorityLine(string indent) =>
        _authority is null ? string.Empty : $"\n{indent}certificate-authority-data: {TestCertificates.Base64(_authority.AuthorityPem)}";

    /// <summary>Stores objects given as YAML documents (or a List), as kubectl would show them, each with a new resourceVersion.</summary>
    public void Apply(string yaml)
    {
        foreach (var document in YamlParser.Parse(yaml).Documents.Where(d => d.Root is YamlMapping))
        {
            var json = (JsonObject)YamlToJson.Convert(document.Root)!;
            var items = json["kind"]?.GetValue<string>() == "List" ? (json["items"] as JsonArray ?? []).OfType<JsonObject>().Select(i => (JsonObject)i.DeepClone()).ToList() : [json];
            foreach (var item in items)
            {
                Put(item);
            }
        }
    }

    public void Put(JsonObject item)
    {
        lock (_lock)
        {
            var key = KeyOf(item);
            var type = _objects.ContainsKey(key) ? "MODIFIED" : "ADDED";
            var metadata = (JsonObject)(item["metadata"] ??= new JsonObject());
            metadata["resourceVersion"] = (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture);
            metadata["uid"] ??= Guid.NewGuid().ToString();
            _objects[key] = item;
            _events.Add(new Event(_version, type, (JsonObject)item.DeepClone()));
            Signal();
        }
    }

    public void Delete(string apiVersion, string kind, string? @namespace, string name)
    {
        lock (_lock)
        {
            var key = $"{apiVersion}|{kind}|{@namespace}|{name}";
            if (_objects.Remove(key, out var item))
            {
                ((JsonObject)item["metadata"]!)["resourceVersion"] = (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture);
                _events.Add(new Event(_version, "DELETED", item));
                Signal();
            }
        }
    }

    private void Signal()
    {
        var previous = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        previous.TrySetResult();
    }

    private static string KeyOf(JsonObject item) =>
        $"{item["apiVersion"]?.GetValue<string>()}|{item["kind"]?.GetValue<string>()}|{item["metadata"]?["namespace"]?.GetValue<string>()}|{item["metadata"]?["name"]?.GetValue<string>()}";

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        Requests.Enqueue(new RecordedRequest(request.HttpMethod, request.Url!.AbsolutePath, request.Url.Query));
        try
        {
            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay, _stop.Token).ConfigureAwait(false);
            }

            if (request.HttpMethod != "GET")
            {
                await WriteStatusAsync(response, 405, "MethodNotAllowed", "the emulator only serves reads").ConfigureAwait(false);
                return;
            }

            if (Unauthorized || !Authenticated(request))
            {
                await WriteStatusAsync(response, 401, "Unauthorized", "Unauthorized").ConfigureAwait(false);
                return;
            }

            bool failNow;
            lock (_lock)
            {
                failNow = ServerErrors > 0;
                ServerErrors -= failNow ? 1 : 0;
            }

            if (failNow)
            {
                await WriteStatusAsync(response, 503, "ServiceUnavailable", "etcdserver: leader changed").ConfigureAwait(false);
                return;
            }

            await RouteAsync(request, response).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is HttpListenerException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            // the client went away or the emulator stopped
        }
        finally
        {
            try
            {
                response.Close();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
            }
        }
    }

    /// <summary>A bearer token the server accepts, or else a client certificate (the TLS front already checked its signer).</summary>
    private bool Authenticated(HttpListenerRequest request)
    {
        if (request.Headers["Authorization"] is { } header && header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            lock (_lock)
            {
                return Tokens.Contains(header["Bearer ".Length..]);
            }
        }

        return _front?.CertificateUser(request.RemoteEndPoint.Port) is not null;
    }

    private async Task RouteAsync(HttpListenerRequest request, HttpListenerResponse response)
    {
        var path = request.Url!.AbsolutePath.TrimEnd('/');
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (path == "/api")
        {
            await WriteJsonAsync(response, new JsonObject { ["kind"] = "APIVersions", ["versions"] = new JsonArray("v1") }).ConfigureAwait(false);
            return;
        }

        if (path == "/apis")
        {
            var groups = new JsonArray();
            foreach (var served in Served.Where(r => r.Group.Length > 0).GroupBy(r => (r.Group, r.Version)))
            {
                var gv = new JsonObject { ["groupVersion"] = $"{served.Key.Group}/{served.Key.Version}", ["version"] = served.Key.Version };
                groups.Add(new JsonObject { ["name"] = served.Key.Group, ["versions"] = new JsonArray(gv.DeepClone()), ["preferredVersion"] = gv });
            }

            await WriteJsonAsync(response, new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = groups }).ConfigureAwait(false);
            return;
        }

        // /api/v1[/namespaces/{ns}]/{plural}  or  /apis/{group}/{version}[/namespaces/{ns}]/{plural}
        var isCore = parts.Length >= 2 && parts[0] == "api";
        var offset = isCore ? 2 : 3;
        if (parts.Length < offset || (!isCore && parts[0] != "apis"))
        {
            await WriteStatusAsync(response, 404, "NotFound", "not found").ConfigureAwait(false);
            return;
        }

        var group = isCore ? string.Empty : parts[1];
        var version = isCore ? parts[1] : parts[2];
        if (parts.Length == offset)
        {
            var resources = new JsonArray(Served.Where(r => r.Group == group && r.Version == version).Select(r => (JsonNode)new JsonObject
            {
                ["name"] = r.Plural, ["namespaced"] = r.Namespaced, ["kind"] = r.Kind, ["verbs"] = new JsonArray("create", "delete", "get", "list", "patch", "update", "watch"),
            }).ToArray());
            await WriteJsonAsync(response, new JsonObject { ["kind"] = "APIResourceList", ["groupVersion"] = isCore ? version : $"{group}/{version}", ["resources"] = resources }).ConfigureAwait(false);
            return;
        }

        string? @namespace = null;
        var rest = parts[offset..];
        if (rest.Length == 3 && rest[0] == "namespaces")
        {
            @namespace = rest[1];
            rest = rest[2..];
        }

        var resource = rest.Length == 1 ? Served.FirstOrDefault(r => r.Group == group && r.Version == version && r.Plural == rest[0]) : null;
        if (resource is null)
        {
            await WriteStatusAsync(response, 404, "NotFound", $"the server could not find the requested resource ({path})").ConfigureAwait(false);
            return;
        }

        if ((@namespace is not null && ForbiddenNamespaces.Contains(@namespace)) || (@namespace is null && resource.Namespaced && ForbidClusterWideLists))
        {
            await WriteStatusAsync(response, 403, "Forbidden", $"{resource.Plural} is forbidden: User \"tester\" cannot list resource \"{resource.Plural}\"{(@namespace is null ? " at the cluster scope" : $" in the namespace \"{@namespace}\"")}").ConfigureAwait(false);
            return;
        }

        var query = System.Web.HttpUtility.ParseQueryString(request.Url.Query);
        if (query["watch"] is "1" or "true")
        {
            await WatchAsync(response, resource, @namespace, long.TryParse(query["resourceVersion"], out var from) ? from : 0).ConfigureAwait(false);
            return;
        }

        // Pages, as kube-apiserver serves them: "limit" items in key order, and a "continue" token for the rest.
        var limit = int.TryParse(query["limit"], out var asked) && asked > 0 ? asked : int.MaxValue;
        var skip = int.TryParse(query["continue"], out var pageStart) ? pageStart : 0;
        JsonArray items;
        long listVersion;
        var more = false;
        lock (_lock)
        {
            // As kube-apiserver does, list items carry neither apiVersion nor kind.
            var matching = _objects.Where(o => Matches(o.Value, resource, @namespace)).OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => o.Value).ToList();
            items = new JsonArray(matching.Skip(skip).Take(limit).Select(o =>
            {
                var copy = (JsonObject)o.DeepClone();
                copy.Remove("apiVersion");
                copy.Remove("kind");
                return (JsonNode)copy;
            }).ToArray());
            more = matching.Count - skip > limit;
            listVersion = _version;
        }

        var metadata = new JsonObject { ["resourceVersion"] = listVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (more)
        {
            metadata["continue"] = (skip + limit).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await WriteJsonAsync(response, new JsonObject
        {
            ["apiVersion"] = resource.Group.Length == 0 ? resource.Version : $"{resource.Group}/{resource.Version}",
            ["kind"] = resource.Kind + "List",
            ["metadata"] = metadata,
            ["items"] = items,
        }).ConfigureAwait(false);
    }

    private static bool Matches(JsonObject item, Resource resource, string? @namespace)
    {
        var apiVersion = item["apiVersion"]?.GetValue<string>() ?? string.Empty;
        var group = apiVersion.Contains('/') ? apiVersion[..apiVersion.IndexOf('/')] : string.Empty;
        return group == resource.Group && item["kind"]?.GetValue<string>() == resource.Kind
            && (@namespace is null || item["metadata"]?["namespace"]?.GetValue<string>() == @namespace);
    }

    private async Task WatchAsync(HttpListenerResponse response, Resource resource, string? @namespace, long from)
    {
        response.StatusCode = 200;
        response.ContentType = "application/json";
        response.SendChunked = true;
        var output = response.OutputStream;
        if (from < CompactedBefore)
        {
            // kube-apiserver answers an expired version with 200 and one ERROR event carrying a 410 Status.
            await WriteLineAsync(output, new JsonObject
            {
                ["type"] = "ERROR",
                ["object"] = new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["status"] = "Failure", ["reason"] = "Expired", ["code"] = 410, ["message"] = $"too old resource version: {from} ({CompactedBefore})" },
            }).ConfigureAwait(false);
            return;
        }

        var sent = 0;
        var position = from;
        while (!_stop.IsCancellationRequested)
        {
            List<Event> pending;
            Task changed;
            lock (_lock)
            {
                pending = _events.Where(e => e.Version > position && Matches(e.Object, resource, @namespace)).ToList();
                changed = _changed.Task;
            }

            foreach (var item in pending)
            {
                await WriteLineAsync(output, new JsonObject { ["type"] = item.Type, ["object"] = item.Object.DeepClone() }).ConfigureAwait(false);
                position = item.Version;
                if (DropWatchesAfter > 0 && ++sent >= DropWatchesAfter)
                {
                    return; // the stream is cut
                }
            }

            if (pending.Count == 0)
            {
                position = Math.Max(position, from);
            }

            await Task.WhenAny(changed, Task.Delay(TimeSpan.FromSeconds(30), _stop.Token)).ConfigureAwait(false);
        }
    }

    private static async Task WriteLineAsync(Stream output, JsonObject item)
    {
        var bytes = Encoding.UTF8.GetBytes(item.ToJsonString() + "\n");
        await output.WriteAsync(bytes).ConfigureAwait(false);
        await output.FlushAsync().ConfigureAwait(false);
    }

    private static async Task WriteJsonAsync(HttpListenerResponse response, JsonObject body, int status = 200)
    {
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
    }

    private static Task WriteStatusAsync(HttpListenerResponse response, int code, string reason, string message) =>
        WriteJsonAsync(response, new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["status"] = "Failure", ["reason"] = reason, ["message"] = message, ["code"] = code }, code);

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_front is not null)
        {
            await _front.DisposeAsync().ConfigureAwait(false);
        }

        lock (_lock)
        {
            Signal();
        }

        _listener.Close();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }
}
