using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using GitOpsAi.Core.Drift;
using Polly;
using Polly.Retry;

namespace GitOpsAi.Cluster;

/// <summary>What to cache: the kinds the repository holds (plus autoscalers), and the namespaces to fall back to when a cluster-wide list is forbidden.</summary>
public sealed record ClusterCacheOptions
{
    /// <summary>(group, kind) pairs to cache; empty means every kind the cluster serves.</summary>
    public IReadOnlySet<(string Group, string Kind)> Kinds { get; init; } = new HashSet<(string, string)>();

    public IReadOnlyList<string> Namespaces { get; init; } = [];

    /// <summary>The first delay after a failure; it doubles (with jitter) up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan Backoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Objects per list request (the API's <c>limit</c>; the rest follow with <c>continue</c>): one response for 3,000
    /// Deployments is tens of MB, and reading it at once raised the process's peak memory far above what the cache keeps.
    /// </summary>
    public int PageSize { get; init; } = 500;
}

/// <summary>
/// A copy of the cluster's objects, per kind and namespace: each is listed, then watched from the list's
/// resourceVersion; a 410 Gone relists, a dropped watch resumes from the last version seen, errors back off. Readers
/// never wait on the network: <see cref="Snapshot"/> copies what is known, marked stale when the cluster could not be
/// read lately. Only GET requests are ever sent (see <see cref="ReadOnlyGuard"/>).
/// </summary>
public sealed class ClusterCache : IAsyncDisposable
{
    private readonly ClusterConnection _connection;
    private readonly ClusterCacheOptions _options;
    private readonly ConcurrentDictionary<ObjectKey, LiveObject> _objects = new();
    private readonly ConcurrentDictionary<(string Group, string Kind, string? Namespace), bool> _listed = new();
    private readonly ConcurrentDictionary<string, byte> _forbidden = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ClusterRequestException> _failures = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _watchers = [];
    private readonly ResiliencePipeline _retry;
    private volatile ClusterStatus _status;
    private int _version;

    public ClusterCache(ClusterConnection connection, ClusterCacheOptions? options = null)
    {
        _connection = connection;
        _options = options ?? new ClusterCacheOptions();
        _status = new ClusterStatus(connection.Context, ClusterState.Connecting, $"Connecting to {connection.Context}...", []);
        _retry = new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<ClusterRequestException>(e => e.Fault is ClusterFault.ServerError or ClusterFault.Unreachable),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = _options.Backoff,
            MaxDelay = _options.MaxBackoff,
            MaxRetryAttempts = 3,
        }).Build();
    }

    public ClusterStatus Status => _status;

    /// <summary>Raised (on a background thread) when objects or the status change; front ends recompute drift from <see cref="Snapshot"/>.</summary>
    public event Action? Changed;

    /// <summary>Grows with every change, so a front end can tell whether its last drift result is current.</summary>
    public int Version => Volatile.Read(ref _version);

    public IReadOnlyList<ApiResource> Resources { get; private set; } = [];

    /// <summary>Discovers, lists every cached kind once and returns; with <paramref name="watch"/>, keeps each kind current in the background.</summary>
    public async Task StartAsync(bool watch, CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        try
        {
            Resources = (await _retry.ExecuteAsync(async token => await ApiDiscovery.DiscoverAsync(_connection, token).ConfigureAwait(false), linked.Token).ConfigureAwait(false))
                .Where(r => _options.Kinds.Count == 0 || _options.Kinds.Contains((r.Group, r.Kind)))
                .ToList();
        }
        catch (ClusterRequestException exception)
        {
            Fail("discovery", exception);
            return;
        }

        var initial = new List<Task>();
        foreach (var resource in Resources)
        {
            var listed = new TaskCompletionSource();
            initial.Add(listed.Task);
            var task = RunAsync(resource, null, watch, listed, _stop.Token);
            lock (_watchers)
            {
                _watchers.Add(task);
            }
        }

        await Task.WhenAll(initial).WaitAsync(cancellationToken).ConfigureAwait(false);
        UpdateStatus();
    }

    /// <summary>What is known now, as a live state the core compares against (a copy: later changes do not affect it).</summary>
    public InMemoryLiveState Snapshot()
    {
        var status = Status;
        var problem = status.IsStale || status.ForbiddenNamespaces.Count > 0 ? status.Message : null;
        return new(_connection.Context, _objects.Values.ToList(), status.IsStale, _listed.Keys.ToList(), problem);
    }

    private async Task RunAsync(ApiResource resource, string? @namespace, bool watch, TaskCompletionSource? listed, CancellationToken stop)
    {
        var scope = resource.Namespaced ? @namespace : null;
        var name = $"{resource.Plural}{(scope is null ? string.Empty : " in " + scope)}";
        string? resourceVersion = null;
        var delay = _options.Backoff;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (resourceVersion is null)
                {
                    resourceVersion = await ListAsync(resource, scope, stop).ConfigureAwait(false);
                    _failures.TryRemove(name, out _);
                    listed?.TrySetResult();
                    listed = null;
                    UpdateStatus();
                    if (!watch)
                    {
                        return;
                    }
                }

                resourceVersion = await WatchAsync(resource, scope, resourceVersion, stop).ConfigureAwait(false);
                delay = _options.Backoff; // a watch that ends normally resumes at once from the last version seen
            }
            catch (ClusterRequestException exception) when (exception.Fault == ClusterFault.Gone)
            {
                resourceVersion = null; // 410: our version is too old; list again
            }
            catch (ClusterRequestException exception) when (exception.Fault == ClusterFault.Forbidden && resource.Namespaced && scope is null && _options.Namespaces.Count > 0)
            {
                // Not allowed cluster-wide: fall back to the namespaces the repository uses.
                foreach (var ns in _options.Namespaces)
                {
                    var namespaceListed = new TaskCompletionSource();
                    var task = RunAsync(resource, ns, watch, namespaceListed, stop);
                    lock (_watchers)
                    {
                        _watchers.Add(task);
                    }

                    await namespaceListed.Task.ConfigureAwait(false);
                }

                listed?.TrySetResult();
                return;
            }
            catch (ClusterRequestException exception) when (exception.Fault == ClusterFault.Forbidden && scope is not null)
            {
                _forbidden.TryAdd(scope, 0);
                listed?.TrySetResult();
                UpdateStatus();
                return;
            }
            catch (ClusterRequestException exception)
            {
                _failures[name] = exception;
                listed?.TrySetResult();
                listed = null;
                UpdateStatus();
                if (!watch)
                {
                    return;
                }

                try
                {
                    await Task.Delay(delay, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxBackoff.Ticks));
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task<string> ListAsync(ApiResource resource, string? @namespace, CancellationToken stop)
    {
        var seen = new HashSet<ObjectKey>();
        string? version = null;
        string? next = null;
        do
        {
            var path = $"{resource.ListPath(@namespace)}?limit={_options.PageSize}{(next is null ? string.Empty : "&continue=" + Uri.EscapeDataString(next))}";
            var list = await _retry.ExecuteAsync(async token => await _connection.GetAsync(path, token).ConfigureAwait(false), stop).ConfigureAwait(false);
            foreach (var item in (list["items"] as JsonArray ?? []).OfType<JsonObject>())
            {
                // A list's items omit apiVersion and kind; the resource says what they are.
                item["apiVersion"] ??= resource.GroupVersion;
                item["kind"] ??= resource.Kind;
                if (LiveObject.From(item) is { } live)
                {
                    _objects[live.Key] = live;
                    seen.Add(live.Key);
                }
            }

            // Every page of a list is read at the first page's version, so the watch resumes from there.
            var metadata = list["metadata"] as JsonObject;
            version ??= LiveValues.AsString(metadata?["resourceVersion"]);
            next = LiveValues.AsString(metadata?["continue"]) is { Length: > 0 } token ? token : null;
        }
        while (next is not null);

        // Objects deleted while we were not watching.
        foreach (var key in _objects.Keys.Where(k => k.Group == resource.Group && k.Kind == resource.Kind && (@namespace is null || k.Namespace == @namespace) && !seen.Contains(k)))
        {
            _objects.TryRemove(key, out _);
        }

        _listed[(resource.Group, resource.Kind, @namespace)] = true;
        NotifyChanged();
        return version ?? "0";
    }

    /// <summary>Applies watch events until the stream ends; returns the last resourceVersion seen.</summary>
    private async Task<string> WatchAsync(ApiResource resource, string? @namespace, string resourceVersion, CancellationToken stop)
    {
        var path = $"{resource.ListPath(@namespace)}?watch=1&allowWatchBookmarks=true&resourceVersion={Uri.EscapeDataString(resourceVersion)}&timeoutSeconds=300";
        await foreach (var item in _connection.WatchAsync(path, stop).ConfigureAwait(false))
        {
            var type = LiveValues.AsString(item["type"]);
            if (item["object"] is not JsonObject obj)
            {
                continue;
            }

            if (type == "ERROR")
            {
                var code = obj["code"]?.GetValue<int>();
                throw new ClusterRequestException(code == 410 ? ClusterFault.Gone : ClusterFault.ServerError, null, $"The watch of {resource.Plural} ended with {code}: {LiveValues.AsString(obj["message"])}");
            }

            resourceVersion = LiveValues.AsString((obj["metadata"] as JsonObject)?["resourceVersion"]) ?? resourceVersion;
            if (type == "BOOKMARK")
            {
                continue;
            }

            obj["apiVersion"] ??= resource.GroupVersion;
            obj["kind"] ??= resource.Kind;
            if (LiveObject.From(obj) is { } live)
            {
                if (type == "DELETED")
                {
                    _objects.TryRemove(live.Key, out _);
                }
                else
                {
                    _objects[live.Key] = live;
                }

                _failures.Clear(); // the cluster answers again
                UpdateStatus();
                NotifyChanged();
            }
        }

        return resourceVersion;
    }

    private void Fail(string what, ClusterRequestException exception)
    {
        _failures[what] = exception;
        UpdateStatus();
    }

    private void UpdateStatus()
    {
        var context = _connection.Context;
        var forbidden = _forbidden.Keys.OrderBy(n => n, StringComparer.Ordinal).ToList();
        var failures = _failures.Values.ToList();
        var listedAnything = !_listed.IsEmpty;
        ClusterStatus status;
        if (failures.FirstOrDefault(f => f.Fault == ClusterFault.Unauthorized) is { } unauthorized)
        {
            status = new ClusterStatus(context, ClusterState.Unauthorized, unauthorized.Message, forbidden);
        }
        else if (failures.Count > 0)
        {
            var first = failures[0].Message;
            status = listedAnything
                ? new ClusterStatus(context, ClusterState.Stale, $"{context}: showing the last copy, the cluster could not be read lately ({first})", forbidden)
                : new ClusterStatus(context, ClusterState.Unreachable, first, forbidden);
        }
        else
        {
            var note = forbidden.Count > 0 ? $"; not allowed to list namespace{(forbidden.Count == 1 ? string.Empty : "s")} {string.Join(", ", forbidden)}" : string.Empty;
            status = new ClusterStatus(context, listedAnything ? ClusterState.InSync : ClusterState.Connecting, $"{context}: {_objects.Count} objects cached{note}", forbidden);
        }

        var previous = _status;
        _status = status;
        if (previous.State != status.State || previous.Message != status.Message)
        {
            NotifyChanged();
        }
    }

    private void NotifyChanged()
    {
        Interlocked.Increment(ref _version);
        Changed?.Invoke();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        Task[] watchers;
        lock (_watchers)
        {
            watchers = [.. _watchers];
        }

        try
        {
            await Task.WhenAll(watchers).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or TimeoutException)
        {
        }

        _stop.Dispose();
    }
}
