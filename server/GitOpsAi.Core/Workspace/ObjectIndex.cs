using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using GitOpsAi.Core.Manifests;

namespace GitOpsAi.Core.Workspace;

/// <summary>The workspace's objects by kind and by (kind, name), in path order, then document order.</summary>
internal interface IObjectLookup
{
    ImmutableArray<(WorkspaceFile File, Manifest Manifest)> OfKind(string kind);

    ImmutableArray<(WorkspaceFile File, Manifest Manifest)> Named(string kind, string name);

    /// <summary>True when some object has the kind (what "does this repository manage ConfigMaps?" asks, for every reference).</summary>
    bool HasKind(string kind);
}

/// <summary>
/// The workspace's objects by kind and by (kind, name): what cross-object rules ask for every reference. Immutable and
/// updated per changed file (<see cref="Update"/>), so a keystroke in a 50,000-object repository touches the entries of
/// the edited file's kinds and names, not every object. Entries are in path order, then document order, whichever way
/// the index was made, so an index carried through edits equals one built from scratch.
/// </summary>
internal sealed class ObjectIndex : IObjectLookup
{
    private static readonly StringComparer Paths = StringComparer.Ordinal;

    private ObjectIndex(ImmutableDictionary<string, ImmutableArray<(WorkspaceFile File, Manifest Manifest)>> byKind, ImmutableDictionary<(string Kind, string Name), ImmutableArray<(WorkspaceFile File, Manifest Manifest)>> byName)
    {
        ByKind = byKind;
        ByName = byName;
    }

    /// <summary>How many times an index was built from every file on this thread (tests prove edits do not).</summary>
    [ThreadStatic]
    internal static int FullBuildsOnThisThread;

    /// <summary>Every object by kind (objects without a kind under the empty string).</summary>
    public ImmutableDictionary<string, ImmutableArray<(WorkspaceFile File, Manifest Manifest)>> ByKind { get; }

    /// <summary>The objects with both a kind and a name, by the two.</summary>
    public ImmutableDictionary<(string Kind, string Name), ImmutableArray<(WorkspaceFile File, Manifest Manifest)>> ByName { get; }

    public ImmutableArray<(WorkspaceFile File, Manifest Manifest)> OfKind(string kind) => ByKind.GetValueOrDefault(kind, []);

    public ImmutableArray<(WorkspaceFile File, Manifest Manifest)> Named(string kind, string name) => ByName.GetValueOrDefault((kind, name), []);

    // The names asked through render roots' siblings views (OverlaidObjectIndex), made on the first: every root asks again
    // for the few names its pods and references use (a ServiceAccount, a ConfigMap), and each question walked the immutable
    // dictionary's tree of 50,000 names (1 % of the 50k check's CPU). Not for the snapshot's own checks, which ask each name
    // about once; an updated index starts without them.
    private ConcurrentDictionary<(string Kind, string Name), ImmutableArray<(WorkspaceFile File, Manifest Manifest)>>? _namedThroughViews;

    /// <summary><see cref="Named"/> for the siblings views laid over this index: remembered, as every root asks again.</summary>
    internal ImmutableArray<(WorkspaceFile File, Manifest Manifest)> NamedThroughViews(string kind, string name)
    {
        var remembered = LazyInitializer.EnsureInitialized(ref _namedThroughViews);
        return remembered.GetOrAdd((kind, name), static (key, index) => index.Named(key.Kind, key.Name), this);
    }

    public bool HasKind(string kind) => ByKind.ContainsKey(kind);

    public static ObjectIndex Build(IEnumerable<WorkspaceFile> files)
    {
        FullBuildsOnThisThread++;
        var ordered = files.OrderBy(f => f.Path, Paths).ToList();

        // Sized for every object: grown entry by entry, the names' table of 50,000 objects was copied at each prime on the way
        // (its resizes were most of the build, which every thread that needs the index waits for).
        var objects = 0;
        foreach (var file in ordered)
        {
            objects += file.Objects.Count;
        }

        var byKind = new Dictionary<string, ImmutableArray<(WorkspaceFile, Manifest)>.Builder>(StringComparer.Ordinal);
        var byName = new Dictionary<(string, string), ImmutableArray<(WorkspaceFile, Manifest)>.Builder>(objects);
        foreach (var file in ordered)
        {
            foreach (var manifest in file.Objects)
            {
                Add(byKind, manifest.Kind ?? string.Empty, (file, manifest));
                if (manifest.Kind is { } kind && manifest.Name is { } name)
                {
                    Add(byName, (kind, name), (file, manifest));
                }
            }
        }

        return new ObjectIndex(
            byKind.ToImmutableDictionary(p => p.Key, p => p.Value.ToImmutable(), StringComparer.Ordinal),
            byName.ToImmutableDictionary(p => p.Key, p => p.Value.ToImmutable()));
    }

    /// <summary>
    /// The index of a snapshot whose files differ from <paramref name="before"/>'s only at <paramref name="changedPaths"/>:
    /// the entries of those paths are taken out of the keys they were under and the new files' entries merged in.
    /// </summary>
    public static ObjectIndex Update(ObjectIndex previous, IReadOnlyDictionary<string, WorkspaceFile> before, IReadOnlyDictionary<string, WorkspaceFile> after, IReadOnlySet<string> changedPaths)
    {
        // Sized for the changed files' objects: grown entry by entry, the names' table was copied at each prime on the way to
        // a big file's 580 names (a tenth of a keystroke's bytes in the index of lspbench's 10,015-line file).
        var objects = 0;
        foreach (var path in changedPaths)
        {
            objects += Math.Max(before.GetValueOrDefault(path)?.Objects.Count ?? 0, after.GetValueOrDefault(path)?.Objects.Count ?? 0);
        }

        var kinds = new Dictionary<string, List<(WorkspaceFile, Manifest)>>(StringComparer.Ordinal);
        var names = new Dictionary<(string, string), List<(WorkspaceFile, Manifest)>>(objects);
        foreach (var path in changedPaths.Order(Paths))
        {
            var old = before.GetValueOrDefault(path);
            var current = after.GetValueOrDefault(path);
            if (ReferenceEquals(old, current))
            {
                continue;
            }

            foreach (var manifest in old?.Objects ?? [])
            {
                Touch(kinds, manifest.Kind ?? string.Empty);
                if (manifest.Kind is { } kind && manifest.Name is { } name)
                {
                    Touch(names, (kind, name));
                }
            }

            foreach (var manifest in current?.Objects ?? [])
            {
                Touch(kinds, manifest.Kind ?? string.Empty).Add((current!, manifest));
                if (manifest.Kind is { } kind && manifest.Name is { } name)
                {
                    Touch(names, (kind, name)).Add((current!, manifest));
                }
            }
        }

        return new ObjectIndex(Merge(previous.ByKind, kinds, changedPaths), Merge(previous.ByName, names, changedPaths));
    }

    /// <summary>For each touched key: its entries outside the changed paths, with the new entries merged in path order.</summary>
    private static ImmutableDictionary<TKey, ImmutableArray<(WorkspaceFile File, Manifest Manifest)>> Merge<TKey>(
        ImmutableDictionary<TKey, ImmutableArray<(WorkspaceFile File, Manifest Manifest)>> index, Dictionary<TKey, List<(WorkspaceFile, Manifest)>> touched, IReadOnlySet<string> changedPaths)
        where TKey : notnull
    {
        var builder = index.ToBuilder();
        foreach (var (key, added) in touched)
        {
            var merged = MergeInPathOrder(index.GetValueOrDefault(key, []), CollectionsMarshal.AsSpan(added), changedPaths);
            if (merged.Length == 0)
            {
                builder.Remove(key);
            }
            else
            {
                builder[key] = merged;
            }
        }

        return builder.ToImmutable();
    }

    /// <summary>
    /// The entries of <paramref name="kept"/> whose file is not in <paramref name="dropped"/>, with <paramref name="added"/>
    /// (already in path order) merged in path order: how a snapshot's index takes a changed file's entries, and how a
    /// render root's overlaid index lays its rendered objects over the repository's.
    /// </summary>
    internal static ImmutableArray<(WorkspaceFile File, Manifest Manifest)> MergeInPathOrder(
        ImmutableArray<(WorkspaceFile File, Manifest Manifest)> kept, ReadOnlySpan<(WorkspaceFile File, Manifest Manifest)> added, IReadOnlySet<string> dropped)
    {
        // Counted first so the answer is made at its size: a render root's view asks this for each pod's ServiceAccount,
        // whose source entry is mostly dropped for the rendered one, and a builder sized for both was then copied (issue 13).
        var keptCount = 0;
        foreach (var entry in kept)
        {
            if (!dropped.Contains(entry.File.Path))
            {
                keptCount++;
            }
        }

        if (added.Length == 0 && keptCount == kept.Length)
        {
            return kept;
        }

        var merged = new (WorkspaceFile File, Manifest Manifest)[keptCount + added.Length];
        var count = 0;
        var next = 0;
        foreach (var entry in kept)
        {
            if (dropped.Contains(entry.File.Path))
            {
                continue;
            }

            while (next < added.Length && Paths.Compare(added[next].File.Path, entry.File.Path) < 0)
            {
                merged[count++] = added[next++];
            }

            merged[count++] = entry;
        }

        while (next < added.Length)
        {
            merged[count++] = added[next++];
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(merged);
    }

    private static void Add<TKey>(Dictionary<TKey, ImmutableArray<(WorkspaceFile, Manifest)>.Builder> index, TKey key, (WorkspaceFile, Manifest) entry)
        where TKey : notnull
    {
        if (!index.TryGetValue(key, out var list))
        {
            index[key] = list = ImmutableArray.CreateBuilder<(WorkspaceFile, Manifest)>();
        }

        list.Add(entry);
    }

    private static List<(WorkspaceFile, Manifest)> Touch<TKey>(Dictionary<TKey, List<(WorkspaceFile, Manifest)>> touched, TKey key)
        where TKey : notnull
    {
        if (!touched.TryGetValue(key, out var list))
        {
            touched[key] = list = [];
        }

        return list;
    }
}
