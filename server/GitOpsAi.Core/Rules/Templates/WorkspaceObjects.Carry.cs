using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Rules.Templates;

/// <summary>
/// Carrying the objects of one snapshot to the next, for an edit that kept the inclusion graph (an ordinary manifest):
/// only the changed files' objects are taken out and put back, in place, so every list keeps the order a build from
/// scratch gives it. What cannot be patched that way (a file gaining objects of a kind it had none of: its place in the
/// order is not known here) is left to be built lazily, as it is for a new snapshot. Nothing refers to the previous
/// snapshot's objects afterwards, so a chain of edits keeps no old snapshot alive.
/// </summary>
public sealed partial class WorkspaceObjects
{
    private static readonly string[] AutoscalerKinds = ["HorizontalPodAutoscaler", "ScaledObject"];

    /// <summary>Derived from <paramref name="previous"/> for the changed files (and those the new graph places differently).</summary>
    /// <param name="viewOfPrevious">
    /// True when <paramref name="workspace"/> is a render root's siblings view of <paramref name="previous"/>'s snapshot:
    /// the view then keeps asking it for the kinds no changed file has (it lives as long as the view does, which holds
    /// its source anyway; an edited snapshot never keeps its predecessor's objects).
    /// </param>
    private WorkspaceObjects(WorkspaceSnapshot workspace, InclusionGraph graph, WorkspaceObjects previous, FileChanges changes, bool viewOfPrevious = false)
    {
        _workspace = workspace;
        _graph = graph;
        _anywhere = previous._anywhere;

        // A root's siblings view is asked about once: its rendered files' facts are not remembered (see GeneratorFacts.Of).
        var remember = workspace.RenderedFrom is null;
        var differences = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (old, @new) in changes.Files)
        {
            CountGenerators(differences, ref _anywhere, old is null ? GeneratorFacts.None : previous.GeneratorFactsOf(old), -1);
            CountGenerators(differences, ref _anywhere, @new is null ? GeneratorFacts.None : GeneratorFacts.Of(@new, _graph, remember), +1);
        }

        _generatedNamespaces = previous._generatedNamespaces.With(differences);

        // A kind no changed file has, before or after, keeps its list as it is: asked per kind and file, that question was
        // most of deriving a render root's siblings view (hundreds of changed files, every kind the repository was asked for).
        var touched = KindsIn(changes);
        if (viewOfPrevious)
        {
            _source = previous;
            _changedKinds = touched;
            _hiddenFiles = new HashSet<WorkspaceFile>(ReferenceEqualityComparer.Instance);
            var added = new List<WorkspaceFile>(changes.Files.Count); // a view's hundreds, not grown to them (4 MB at 50k)
            foreach (var (old, @new) in changes.Files)
            {
                if (old is not null)
                {
                    _hiddenFiles.Add(old);
                }

                if (@new is not null)
                {
                    added.Add(@new);
                }
            }

            _addedWorkloads = new(() => IndexAddedWorkloads(added));
        }

        var reused = new HashSet<string>(StringComparer.Ordinal);
        // No size from the concurrent dictionaries' Count: it takes all their locks, and both threads derive their roots'
        // views from the same snapshot's dictionaries at once (half the lock waits in a profile of the 50k check); a few dozen kinds.
        var kinds = new List<KeyValuePair<string, IReadOnlyList<PlacedObject>>>();
        var kindLabels = new List<KeyValuePair<string, Dictionary<string, List<PlacedObject>>>>();
        foreach (var (kind, list) in previous._kinds)
        {
            var patched = touched.Contains(kind) ? changes.Patch(list, file => Placed(file, kind), HasKind(kind)) : list;
            if (patched is not null)
            {
                kinds.Add(new(kind, patched));
                if (ReferenceEquals(patched, list))
                {
                    reused.Add(kind);
                    if (previous._kindLabels.TryGetValue(kind, out var labels))
                    {
                        kindLabels.Add(new(kind, labels));
                    }
                }
            }
        }

        var workloadsOfKind = new List<KeyValuePair<string, IReadOnlyList<PlacedObject>>>();
        foreach (var (kind, list) in previous._workloadsOfKind)
        {
            var patched = touched.Contains(kind) ? changes.Patch(list, file => Placed(file, kind).Where(o => o.Manifest.PodTemplate is not null), HasKind(kind)) : list;
            if (patched is not null)
            {
                workloadsOfKind.Add(new(kind, patched));
            }
        }

        // Filled through the constructor, which takes no locks (setting entry after entry did, for every kind of every root).
        _kinds = new(kinds, StringComparer.Ordinal);
        _kindLabels = new(kindLabels, StringComparer.Ordinal);
        _workloadsOfKind = new(workloadsOfKind, StringComparer.Ordinal);

        var workloadsKept = AllIn(reused, WorkloadKinds.All);
        _workloads = workloadsKept && previous._workloads.IsValueCreated ? new(previous._workloads.Value) : new(BuildWorkloads);
        // A siblings view patches its source's pod-label index only if asked (it seldom is: AnyWorkloadWithPodLabels asks
        // the source's): patched for every root, the index was copied whole for each, roots × labels (kshape18's flux
        // shape at 50k: 9 % of the check's CPU in the copies).
        _workloadLabels = workloadsKept && previous._workloadLabels.IsValueCreated ? new(previous._workloadLabels.Value)
            : viewOfPrevious ? new(() => (previous._workloadLabels.IsValueCreated ? PatchLabels(previous._workloadLabels.Value, changes) : null) ?? IndexWorkloadLabels())
            : previous._workloadLabels.IsValueCreated && PatchLabels(previous._workloadLabels.Value, changes) is { } labelIndex ? new(labelIndex)
            : new(IndexWorkloadLabels);
        _autoscalers = AllIn(reused, AutoscalerKinds) && previous._autoscalers.IsValueCreated ? new(previous._autoscalers.Value) : new(IndexAutoscalers);
    }

    /// <summary>The workloads of a siblings view's added files (its render), with their pod-label index.</summary>
    private (List<PlacedObject> All, Dictionary<string, List<PlacedObject>> Labels) IndexAddedWorkloads(List<WorkspaceFile> added)
    {
        var workloads = added.SelectMany(PlacedWorkloads).ToList();
        return (workloads, IndexLabels(workloads, o => LabelSelectors.PodLabels(o.Manifest)));
    }

    /// <summary>The generator facts of one of this snapshot's files: none when it was built from every file and found none there, else read.</summary>
    private GeneratorFacts GeneratorFactsOf(WorkspaceFile file) =>
        _generatorFiles is { } generating && !generating.Contains(file) ? GeneratorFacts.None : GeneratorFacts.Of(file, _graph);

    /// <summary>
    /// Whether every kind is in the set. A loop, not <c>kinds.All(set.Contains)</c>: a delegate to a method of a shared
    /// generic type (<c>HashSet&lt;string&gt;.Contains</c>) is made by the runtime's slow path
    /// (<c>Delegate.DelegateConstruct</c>, looking up an instantiating stub), and those two delegates were half of deriving
    /// each render root's objects: 1.6 % of the 50,000-resource check's CPU (issue 13).
    /// </summary>
    private static bool AllIn(HashSet<string> set, IReadOnlyList<string> kinds)
    {
        for (var i = 0; i < kinds.Count; i++)
        {
            if (!set.Contains(kinds[i]))
            {
                return false;
            }
        }

        return true;
    }

    // The changed files' objects are read as the snapshot's object index lists them (WorkspaceFile.Objects: a v1 List's
    // items, none for a cluster snapshot), which is what a build from scratch places: read as written, a List's items
    // were never taken out, and an edit to them left the old ones listed.

    /// <summary>The kinds of the changed files' objects, before and after.</summary>
    private static HashSet<string> KindsIn(FileChanges changes)
    {
        var kinds = new HashSet<string>(32, StringComparer.Ordinal); // a repository has a few dozen kinds: not grown from 3 per root
        foreach (var (old, @new) in changes.Files)
        {
            foreach (var file in (ReadOnlySpan<WorkspaceFile?>)[old, @new])
            {
                var manifests = file?.Objects ?? [];
                for (var i = 0; i < manifests.Count; i++)
                {
                    if (manifests[i].Kind is { } kind)
                    {
                        kinds.Add(kind);
                    }
                }
            }
        }

        return kinds;
    }

    /// <summary>Whether a file has an object of the kind: asked before listing its placed objects (most changed files have none of most kinds).</summary>
    private static Func<WorkspaceFile, bool> HasKind(string kind) => file =>
    {
        // By index: a foreach over the interface boxed an enumerator per file and kind (50 MB of a 50,000-resource check).
        var manifests = file.Objects;
        for (var i = 0; i < manifests.Count; i++)
        {
            if (manifests[i].Kind == kind)
            {
                return true;
            }
        }

        return false;
    };

    private IEnumerable<PlacedObject> Placed(WorkspaceFile file, string kind)
    {
        foreach (var manifest in file.Objects)
        {
            if (manifest.Kind == kind)
            {
                yield return new PlacedObject(file, manifest, NamespaceOf(file, manifest));
            }
        }
    }

    private IEnumerable<PlacedObject> PlacedWorkloads(WorkspaceFile file)
    {
        foreach (var manifest in file.Objects)
        {
            if (manifest.Kind is { } kind && WorkloadKinds.All.Contains(kind) && manifest.PodTemplate is not null)
            {
                yield return new PlacedObject(file, manifest, NamespaceOf(file, manifest));
            }
        }
    }

    /// <summary>The pod-label index with the changed files' workloads replaced in each bucket they are or were in; null when a bucket cannot be patched in place.</summary>
    private Dictionary<string, List<PlacedObject>>? PatchLabels(Dictionary<string, List<PlacedObject>> previous, FileChanges changes)
    {
        // Each changed file's workloads by label pair, read once: every touched bucket asks for them, and scanning the file's
        // workloads for each pair was workloads × pairs (lspbench's 580-document file: 145 Deployments, a pair each).
        var byPair = new Dictionary<WorkspaceFile, Dictionary<string, List<PlacedObject>>>(ReferenceEqualityComparer.Instance);
        var touched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (old, @new) in changes.Files)
        {
            foreach (var file in new[] { old, @new })
            {
                if (file is not null && !byPair.ContainsKey(file))
                {
                    byPair[file] = WorkloadsByLabelPair(file);
                    touched.UnionWith(byPair[file].Keys);
                }
            }
        }

        if (touched.Count == 0)
        {
            return previous;
        }

        var index = new Dictionary<string, List<PlacedObject>>(previous, StringComparer.Ordinal);
        foreach (var key in touched)
        {
            IEnumerable<PlacedObject> EntriesOf(WorkspaceFile file) => byPair[file].GetValueOrDefault(key) ?? [];
            var bucket = previous.GetValueOrDefault(key);
            var patched = bucket is null ? changes.Files.Count == 1 ? EntriesOf(changes.Files[0].New!).ToList() : null : changes.Patch(bucket, EntriesOf);
            if (patched is null)
            {
                return null;
            }

            if (patched.Count == 0)
            {
                index.Remove(key);
            }
            else
            {
                index[key] = patched as List<PlacedObject> ?? patched.ToList();
            }
        }

        return index;
    }

    /// <summary>How many workloads patching pod-label indexes read on this thread (tests: each changed file's once, not once per label pair).</summary>
    [ThreadStatic]
    internal static int WorkloadsReadForLabelPatchesOnThisThread;

    /// <summary>The file's workloads under each of their pod labels' "key=value" pairs, in document order.</summary>
    private Dictionary<string, List<PlacedObject>> WorkloadsByLabelPair(WorkspaceFile file)
    {
        var byPair = new Dictionary<string, List<PlacedObject>>(StringComparer.Ordinal);
        foreach (var workload in PlacedWorkloads(file))
        {
            WorkloadsReadForLabelPatchesOnThisThread++;
            foreach (var (key, value) in LabelSelectors.PodLabels(workload.Manifest))
            {
                var pair = key + "=" + value;
                if (!byPair.TryGetValue(pair, out var workloads))
                {
                    byPair[pair] = workloads = [];
                }

                workloads.Add(workload);
            }
        }

        return byPair;
    }
}

/// <summary>The files an edit replaced, added or removed: each as it was and as it is (null: absent).</summary>
internal sealed class FileChanges
{
    private FileChanges(IReadOnlyList<(WorkspaceFile? Old, WorkspaceFile? New)> files) => Files = files;

    public IReadOnlyList<(WorkspaceFile? Old, WorkspaceFile? New)> Files { get; }

    /// <summary>The files at <paramref name="changed"/> that differ, and the files at <paramref name="replaced"/> (same file, placed anew).</summary>
    /// <remarks>
    /// Loops, not a union of the two sets: a render root's siblings view changes hundreds of paths and replaces none, and
    /// hashing every path again into a union set was a tenth of its cross-object checks (issue 13). Same order as the union.
    /// </remarks>
    public static FileChanges Between(WorkspaceSnapshot previous, WorkspaceSnapshot current, IReadOnlySet<string> changed, IReadOnlySet<string> replaced)
    {
        if (replaced.Count == 0 && current.Files is OverlaidFiles overlay && ReferenceEquals(overlay.Under, previous.Files))
        {
            return LaidOver(overlay);
        }

        var files = new List<(WorkspaceFile? Old, WorkspaceFile? New)>(changed.Count + replaced.Count);
        foreach (var path in changed)
        {
            Add(path, placedAgain: replaced.Count > 0 && replaced.Contains(path));
        }

        foreach (var path in replaced)
        {
            if (!changed.Contains(path))
            {
                Add(path, placedAgain: true);
            }
        }

        return new FileChanges(files);

        void Add(string path, bool placedAgain)
        {
            var old = previous.Files.GetValueOrDefault(path);
            var @new = current.Files.GetValueOrDefault(path);
            if ((old is not null || @new is not null) && (!ReferenceEquals(old, @new) || placedAgain))
            {
                files.Add((old, @new));
            }
        }
    }

    /// <summary>
    /// The files a map laid over its snapshot's files differs in (a render root's siblings view over its source): read
    /// off the overlay, not looked up path by path in both maps (five hashes of each of hundreds of paths per root, 0.5 %
    /// of the 50k check's CPU). In another order than the changed paths', which nothing made from the changes depends
    /// on: the added files first, so that <see cref="Patch"/> finds a kind it cannot patch (one the render emits) before
    /// it has listed the hidden files' entries of that kind.
    /// </summary>
    private static FileChanges LaidOver(OverlaidFiles overlay)
    {
        var files = new List<(WorkspaceFile? Old, WorkspaceFile? New)>(overlay.Hidden.Count + overlay.Added.Count);
        var addsOnlyNew = overlay.AddsOnlyNewPaths; // a siblings view: no added path is hidden, no hidden one added
        foreach (var (path, file) in overlay.Added)
        {
            if (addsOnlyNew || !overlay.Hidden.Contains(path))
            {
                files.Add((null, file));
            }
        }

        foreach (var path in overlay.Hidden)
        {
            var old = overlay.Under[path];
            var @new = addsOnlyNew ? null : overlay.Added.GetValueOrDefault(path);
            if (!ReferenceEquals(old, @new))
            {
                files.Add((old, @new));
            }
        }

        return new FileChanges(files);
    }

    /// <summary>
    /// A list kept in file order with each changed file's entries replaced where the old ones stood: the same list when
    /// no changed file had or has entries, null when a file gains entries where it had none (its place is not known).
    /// </summary>
    /// <param name="mayHaveEntries">False for a file that cannot have entries (then neither side is listed); every file may when null.</param>
    public IReadOnlyList<PlacedObject>? Patch(IReadOnlyList<PlacedObject> list, Func<WorkspaceFile, IEnumerable<PlacedObject>> entriesOf, Func<WorkspaceFile, bool>? mayHaveEntries = null)
    {
        var replacements = new Dictionary<WorkspaceFile, List<PlacedObject>>(ReferenceEqualityComparer.Instance);
        var any = false;
        foreach (var (old, @new) in Files)
        {
            // Neither side can have entries: no entries before, none after, nothing to replace (a siblings view changes
            // hundreds of files, and most kinds are in few of them).
            if (mayHaveEntries is not null && (old is null || !mayHaveEntries(old)) && (@new is null || !mayHaveEntries(@new)))
            {
                continue;
            }

            var hadEntries = old is not null && entriesOf(old).Any();
            var entries = @new is null ? [] : entriesOf(@new).ToList();
            if (!hadEntries && entries.Count > 0)
            {
                return null;
            }

            if (hadEntries)
            {
                replacements[old!] = entries;
                any = true;
            }
        }

        if (!any)
        {
            return list;
        }

        var patched = new List<PlacedObject>(list.Count);
        foreach (var entry in list)
        {
            if (!replacements.TryGetValue(entry.File, out var entries))
            {
                patched.Add(entry);
            }
            else if (!ReferenceEquals(entries, Emitted)) // the file's new entries stand where its first old one stood
            {
                patched.AddRange(entries);
                replacements[entry.File] = Emitted;
            }
        }

        return patched;
    }

    private static readonly List<PlacedObject> Emitted = [];
}
