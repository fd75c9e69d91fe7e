namespace GitOpsAi.Core.Drift;

/// <summary>
/// What the cluster holds, as far as it is known: the live objects of the kinds that were listed. The core compares
/// against this interface and never does I/O; the cluster project fills it from a watch cache, the CLI from a snapshot.
/// </summary>
public interface ILiveState
{
    /// <summary>The name of the cluster or context ("prod-eu", "snapshot cluster.yaml") for messages.</summary>
    string Name { get; }

    /// <summary>True when the cluster was unreachable for a while: results come from an older copy and say so.</summary>
    bool IsStale { get; }

    /// <summary>Why the state is stale ("prod-eu did not answer within 20 s"), for the one status finding per file.</summary>
    string? Problem => null;

    /// <summary>The object with this key, or null when the cluster does not have it.</summary>
    LiveObject? Find(ObjectKey key);

    /// <summary>Every object of a namespace, of the kinds that were listed.</summary>
    IEnumerable<LiveObject> InNamespace(string @namespace);

    /// <summary>True when objects of this kind were listed (in this namespace, or cluster-wide): only then does "missing" mean missing.</summary>
    bool Covers(string group, string kind, string? @namespace);
}

/// <summary>A live state held in memory: a snapshot file's objects, or a copy of a cluster cache.</summary>
public sealed class InMemoryLiveState : ILiveState
{
    private readonly Dictionary<ObjectKey, LiveObject> _objects = new();
    private readonly Dictionary<string, List<LiveObject>> _byNamespace = new(StringComparer.Ordinal);
    private readonly HashSet<(string Group, string Kind)> _kinds = [];
    private readonly HashSet<(string Group, string Kind, string Namespace)> _namespacedKinds = [];

    public InMemoryLiveState(string name, IEnumerable<LiveObject> objects, bool isStale = false, IEnumerable<(string Group, string Kind, string? Namespace)>? listed = null, string? problem = null)
    {
        Name = name;
        IsStale = isStale;
        Problem = problem;
        foreach (var live in objects)
        {
            _objects[live.Key] = live;
            if (live.Key.Namespace is { } @namespace)
            {
                if (!_byNamespace.TryGetValue(@namespace, out var list))
                {
                    _byNamespace[@namespace] = list = [];
                }

                list.Add(live);
            }

            if (listed is null)
            {
                _kinds.Add((live.Key.Group, live.Key.Kind));
            }
        }

        foreach (var (group, kind, @namespace) in listed ?? [])
        {
            if (@namespace is null)
            {
                _kinds.Add((group, kind));
            }
            else
            {
                _namespacedKinds.Add((group, kind, @namespace));
            }
        }
    }

    public string Name { get; }

    public bool IsStale { get; }

    public string? Problem { get; }

    public int Count => _objects.Count;

    /// <summary>Every object held.</summary>
    public IEnumerable<LiveObject> Objects => _objects.Values;

    public LiveObject? Find(ObjectKey key) => _objects.GetValueOrDefault(key);

    public IEnumerable<LiveObject> InNamespace(string @namespace) => _byNamespace.GetValueOrDefault(@namespace) ?? [];

    public bool Covers(string group, string kind, string? @namespace) =>
        _kinds.Contains((group, kind)) || (@namespace is not null && _namespacedKinds.Contains((group, kind, @namespace)));
}
