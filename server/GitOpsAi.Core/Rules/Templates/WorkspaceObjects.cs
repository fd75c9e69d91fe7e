using System.Runtime.CompilerServices;
using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Workspace;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Rules.Templates;

/// <summary>An object of the workspace with the namespace it will land in (null: could be any).</summary>
public readonly record struct PlacedObject(WorkspaceFile File, Manifest Manifest, string? Namespace);

/// <summary>
/// What cross-object rules need to know about a repository, computed once per snapshot: the namespace each object
/// lands in (its own, or the one the outermost kustomization or Flux Kustomization that includes it sets), and which
/// namespaces may hold objects the repository does not show (Helm releases, kustomize Helm charts, remote bases,
/// Argo CD Applications, Flagger's generated workloads).
/// </summary>
public sealed partial class WorkspaceObjects
{
    private static readonly ConditionalWeakTable<WorkspaceSnapshot, WorkspaceObjects> Cache = new();

    private readonly WorkspaceSnapshot _workspace;
    private readonly InclusionGraph _graph;

    /// <summary>How many objects in each namespace generate objects the repository does not show (see <see cref="GeneratorFacts"/>).</summary>
    private readonly GeneratedNamespaces _generatedNamespaces;
    private int _anywhere;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<PlacedObject>> _kinds;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Dictionary<string, List<PlacedObject>>> _kindLabels;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<PlacedObject>> _workloadsOfKind;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<IReadOnlyList<string>, IReadOnlyList<PlacedObject>> _kindLists = new(ReferenceEqualityComparer.Instance);
    private readonly Lazy<IReadOnlyList<PlacedObject>> _workloads;
    private readonly Lazy<Dictionary<string, List<PlacedObject>>> _workloadLabels;
    private readonly Lazy<ILookup<(string, string), (string, PlacedObject)>> _autoscalers;

    /// <summary>
    /// For a render root's siblings view: the objects of the snapshot it was rendered from, and the kinds its changed
    /// files have. A kind none of them has lists the same objects in both, so the view asks the source for it (see
    /// <see cref="OfKind"/>); null for every other snapshot.
    /// </summary>
    private readonly WorkspaceObjects? _source;
    private readonly HashSet<string>? _changedKinds;

    /// <summary>For a render root's siblings view: the source's files it hides, and the workloads its added files hold (see <see cref="AnyWorkloadWithPodLabels"/>).</summary>
    private readonly HashSet<WorkspaceFile>? _hiddenFiles;
    private readonly Lazy<(List<PlacedObject> All, Dictionary<string, List<PlacedObject>> Labels)>? _addedWorkloads;

    /// <summary>
    /// Built from every file: the files whose generator facts are not <see cref="GeneratorFacts.None"/> (a few). A siblings
    /// view derived from this snapshot takes the facts of the files it hides from here instead of reading their objects
    /// again for each root (half of reading the facts of a 50k check's views). Null when carried.
    /// </summary>
    private readonly HashSet<WorkspaceFile>? _generatorFiles;

    private static int s_builds;

    /// <summary>Built from every file of the snapshot.</summary>
    private WorkspaceObjects(WorkspaceSnapshot workspace, InclusionGraph graph)
    {
        Interlocked.Increment(ref s_builds);
        _workspace = workspace;
        _graph = graph;
        var generatedNamespaces = new Dictionary<string, int>(StringComparer.Ordinal);
        _kinds = new(StringComparer.Ordinal);
        _kindLabels = new(StringComparer.Ordinal);
        _workloadsOfKind = new(StringComparer.Ordinal);
        _workloads = new(BuildWorkloads);
        _workloadLabels = new(IndexWorkloadLabels);
        _autoscalers = new(IndexAutoscalers);
        _generatorFiles = new(ReferenceEqualityComparer.Instance);
        foreach (var file in workspace.Files.Values)
        {
            var facts = GeneratorFacts.Of(file, _graph);
            if (!ReferenceEquals(facts, GeneratorFacts.None))
            {
                _generatorFiles.Add(file);
            }

            CountGenerators(generatedNamespaces, ref _anywhere, facts, +1);
        }

        _generatedNamespaces = GeneratedNamespaces.Of(generatedNamespaces);
    }

    /// <summary>How many were built from every file in this process (tests check that an edit to a leaf file builds none).</summary>
    internal static int Builds => Volatile.Read(ref s_builds);

    /// <summary>The objects of a snapshot: carried from the snapshot it was derived from when that one's are known and the graph is the same, else built.</summary>
    public static WorkspaceObjects For(WorkspaceSnapshot workspace) => Cache.GetValue(workspace, Create);

    private static WorkspaceObjects Create(WorkspaceSnapshot workspace)
    {
        var graph = InclusionGraph.For(workspace);
        if (workspace.Lineage is not { } lineage || !lineage.TryGetPrevious(out var previousSnapshot))
        {
            return new WorkspaceObjects(workspace, graph);
        }

        // A render root's siblings view is derived from its source's objects even when nothing asked for those yet: the
        // CLI checks the first roots before any source file, and each of their views was built from every file (every
        // file's generator facts read, every kind asked for listed again). The source's are needed by its own checks anyway.
        var viewOfPrevious = ReferenceEquals(workspace.RenderedFrom, previousSnapshot);
        WorkspaceObjects? previous;
        if (viewOfPrevious)
        {
            previous = For(previousSnapshot);
        }
        else if (!Cache.TryGetValue(previousSnapshot, out previous))
        {
            return new WorkspaceObjects(workspace, graph);
        }

        if (ReferenceEquals(previous._graph, graph))
        {
            return new WorkspaceObjects(workspace, graph, previous, FileChanges.Between(previousSnapshot, workspace, lineage.ChangedPaths, new HashSet<string>()), viewOfPrevious);
        }

        // A kustomization changed: the objects of the files it gives other facts (its subtree) are placed again.
        return graph.FilesWhoseFactsDiffer(previous._graph) is { } replaced
            ? new WorkspaceObjects(workspace, graph, previous, FileChanges.Between(previousSnapshot, workspace, lineage.ChangedPaths, replaced), viewOfPrevious)
            : new WorkspaceObjects(workspace, graph);
    }

    /// <summary>The inclusion graph the namespaces come from.</summary>
    public InclusionGraph Graph => _graph;

    /// <summary>True when some namespace of unknown name (an ApplicationSet's, or a HelmRelease's substituted targetNamespace) may hold generated objects.</summary>
    public bool HasGeneratedAnywhere => _anywhere > 0;

    /// <summary>The namespace an object lands in, or null when it cannot be told (then it could be any).</summary>
    public string? NamespaceOf(WorkspaceFile file, Manifest manifest) => NamespaceOf(_graph, file, manifest);

    /// <summary>
    /// Objects of a kind, each with the namespace it lands in (computed once per kind and snapshot). A render root's
    /// siblings view takes a kind none of its changed files has from the snapshot it was rendered from, computed there
    /// once for every root: each of the 50,000-resource monorepo's 1,200 views listed the repository's network policies
    /// and PodDisruptionBudgets again, and indexed all of its own objects by kind to do so (issue 13).
    /// </summary>
    public IReadOnlyList<PlacedObject> OfKind(string kind) =>
        _kinds.TryGetValue(kind, out var placed) ? placed : _kinds.GetOrAdd(kind, PlaceKind); // a lambda here made a delegate per call

    private IReadOnlyList<PlacedObject> PlaceKind(string kind) =>
        IsFromSource(kind) ? _source!.OfKind(kind)
        : _workspace.ObjectsOfKind(kind).Where(o => o.Manifest.Kind is not null).Select(o => new PlacedObject(o.File, o.Manifest, NamespaceOf(o.File, o.Manifest))).ToList();

    /// <summary>Whether this is a siblings view whose changed files have no object of the kind (then it lists what its source lists).</summary>
    private bool IsFromSource(string kind) => _source is not null && !_changedKinds!.Contains(kind);

    /// <summary>
    /// Objects of several kinds, kind after kind, listed once per list of kinds (a rule's parameters) and snapshot: a rule
    /// that copied them per object it checked copied every network policy of the repository for every workload. A
    /// siblings view takes the list from its source when it has changed none of the kinds.
    /// </summary>
    public IReadOnlyList<PlacedObject> OfKinds(IReadOnlyList<string> kinds) =>
        _kindLists.TryGetValue(kinds, out var placed) ? placed : _kindLists.GetOrAdd(kinds, ListKinds);

    private IReadOnlyList<PlacedObject> ListKinds(IReadOnlyList<string> kinds)
    {
        var fromSource = _source is not null;
        for (var i = 0; i < kinds.Count && fromSource; i++)
        {
            fromSource = IsFromSource(kinds[i]);
        }

        return fromSource ? _source!.OfKinds(kinds) : kinds.SelectMany(OfKind).ToList();
    }

    // Per graph (namespaces are placed by it), then per list of the index's answers: see PlacedByNamespaceOf.
    private static readonly ConditionalWeakTable<InclusionGraph, ConditionalWeakTable<object, PlacedByNamespace>> AnswersByNamespace = new();

    /// <summary>
    /// <paramref name="objects"/>, each placed, by namespace: made once per <paramref name="list"/> (an answer of the object
    /// index, the same object for every question of that name) and graph, for a name held in many namespaces.
    /// </summary>
    internal PlacedByNamespace PlacedByNamespaceOf(object list, IEnumerable<(WorkspaceFile File, Manifest Manifest)> objects)
    {
        var byList = AnswersByNamespace.GetValue(_graph, static _ => new());
        return byList.TryGetValue(list, out var index) ? index : IndexByNamespace(byList, list, objects);
    }

    // Apart: its lambda's captures made a closure on entry, for every question, indexed or not.
    private PlacedByNamespace IndexByNamespace(ConditionalWeakTable<object, PlacedByNamespace> byList, object list, IEnumerable<(WorkspaceFile File, Manifest Manifest)> objects) =>
        byList.GetValue(list, _ => PlacedByNamespace.Of(objects.Select(o => new PlacedObject(o.File, o.Manifest, NamespaceOf(o.File, o.Manifest))).ToList()));

    /// <summary>Objects of a kind with a name.</summary>
    public IEnumerable<PlacedObject> Named(string kind, string name) =>
        _workspace.ObjectsNamed(kind, name).Select(o => new PlacedObject(o.File, o.Manifest, NamespaceOf(o.File, o.Manifest)));

    /// <summary>Every object with a pod template.</summary>
    public IReadOnlyList<PlacedObject> Workloads() => _workloads.Value;

    /// <summary>
    /// Workloads whose pod labels may include every label in <paramref name="required"/>: an index narrows the candidates
    /// by the rarest required label, so matching selectors costs little even with tens of thousands of workloads.
    /// Callers still match each candidate in full.
    /// </summary>
    public IEnumerable<PlacedObject> WorkloadsWithPodLabels(IReadOnlyDictionary<string, string> required) =>
        Candidates(_workloadLabels.Value, Workloads(), required);

    /// <summary>
    /// Whether a workload whose pod labels include every label in <paramref name="required"/> passes <paramref name="matches"/>
    /// (which matches it in full). A render root's siblings view whose render holds workloads answers from its source's
    /// index, skipping the files it hides, and from an index of its own render's workloads: its own index listed and
    /// indexed every workload of the repository again for each root, roots × workloads (kshape18's flux shape: 5,000 Flux
    /// Kustomizations over 50,000 resources took 384 s of CPU, half of it there, asked for every rendered Service).
    /// </summary>
    public bool AnyWorkloadWithPodLabels(IReadOnlyDictionary<string, string> required, Func<PlacedObject, bool> matches)
    {
        if (_hiddenFiles is null || _workloadLabels.IsValueCreated)
        {
            return WorkloadsWithPodLabels(required).Any(matches);
        }

        foreach (var workload in _source!.WorkloadsWithPodLabels(required))
        {
            if (!_hiddenFiles.Contains(workload.File) && matches(workload))
            {
                return true;
            }
        }

        var (all, labels) = _addedWorkloads!.Value;
        return Candidates(labels, all, required).Any(matches);
    }

    /// <summary>Objects of a kind whose own labels may include every label in <paramref name="required"/> (see above).</summary>
    public IEnumerable<PlacedObject> OfKindWithLabels(string kind, IReadOnlyDictionary<string, string> required) =>
        Candidates(_kindLabels.GetOrAdd(kind, k => IndexLabels(OfKind(k), o => LabelSelectors.Map(o.Manifest.Metadata?["labels"]))), OfKind(kind), required);

    /// <summary>The autoscalers (HPA, KEDA ScaledObject) whose scaleTargetRef names a workload of this kind and name.</summary>
    public IEnumerable<(string Kind, PlacedObject Autoscaler)> AutoscalersTargeting(string kind, string name) => _autoscalers.Value[(kind, name)];

    /// <summary>The count a kustomization's <c>replicas:</c> entry sets for workloads of this name, if any.</summary>
    public long? KustomizeReplicas(string name) => _graph.ReplicasFor(name);

    private static IEnumerable<PlacedObject> Candidates(Dictionary<string, List<PlacedObject>> index, IReadOnlyList<PlacedObject> all, IReadOnlyDictionary<string, string> required)
    {
        List<PlacedObject>? best = null;
        foreach (var (key, value) in required)
        {
            var bucket = index.GetValueOrDefault(key + "=" + value) ?? [];
            if (best is null || bucket.Count < best.Count)
            {
                best = bucket;
            }
        }

        return best ?? (IEnumerable<PlacedObject>)all;
    }

    private static Dictionary<string, List<PlacedObject>> IndexLabels(IEnumerable<PlacedObject> objects, Func<PlacedObject, IReadOnlyDictionary<string, string>> labelsOf)
    {
        var index = new Dictionary<string, List<PlacedObject>>(StringComparer.Ordinal);
        foreach (var placed in objects)
        {
            foreach (var (key, value) in labelsOf(placed))
            {
                var bucketKey = key + "=" + value;
                if (!index.TryGetValue(bucketKey, out var bucket))
                {
                    index[bucketKey] = bucket = [];
                }

                bucket.Add(placed);
            }
        }

        return index;
    }

    /// <summary>Every workload, kind after kind: a view over the per-kind lists, so carrying it to a new snapshot copies only the kinds an edit changed.</summary>
    private IReadOnlyList<PlacedObject> BuildWorkloads() => new Segments<PlacedObject>(WorkloadKinds.All.Select(WorkloadsOfKind).ToArray());

    private IReadOnlyList<PlacedObject> WorkloadsOfKind(string kind) =>
        _workloadsOfKind.GetOrAdd(kind, k => OfKind(k).Where(o => o.Manifest.PodTemplate is not null).ToList());

    private Dictionary<string, List<PlacedObject>> IndexWorkloadLabels()
    {
        Interlocked.Increment(ref s_workloadLabelIndexes);
        return IndexLabels(Workloads(), o => LabelSelectors.PodLabels(o.Manifest));
    }

    private static int s_workloadLabelIndexes;

    /// <summary>How many snapshots indexed all their workloads' pod labels in this process (tests: a siblings view asks its source's index).</summary>
    internal static int WorkloadLabelIndexes => Volatile.Read(ref s_workloadLabelIndexes);

    private ILookup<(string, string), (string, PlacedObject)> IndexAutoscalers() =>
        AutoscalerKinds
            .SelectMany(kind => OfKind(kind).Select(o => (Kind: kind, Object: o)))
            .Select(p => (p.Kind, p.Object, Target: p.Object.Manifest.Spec?.GetMapping("scaleTargetRef")))
            .Where(p => p.Target?.GetString("name") is not null)
            .ToLookup(p => (p.Target!.GetString("kind") ?? (p.Kind == "ScaledObject" ? "Deployment" : string.Empty), p.Target!.GetString("name")!), p => (p.Kind, p.Object));

    /// <summary>True when two namespaces may be the same (null stands for any).</summary>
    public static bool SameNamespace(string? a, string? b) => a is null || b is null || a == b;

    /// <summary>How a message names the namespace it looked in: " (namespace x)", or nothing when it could be any.</summary>
    public static string InNamespace(string? @namespace) => @namespace is null ? string.Empty : $" (namespace {@namespace})";

    /// <summary>
    /// True when objects the repository does not show may exist in <paramref name="namespace"/>: a HelmRelease, Argo CD
    /// Application, kustomize Helm chart or operator resource (a custom resource of a kind that is not known to be
    /// inert, e.g. a CloudNativePG Cluster) is there, or the object's own kustomization pulls remote resources.
    /// </summary>
    public bool MayHoldGeneratedObjects(string? @namespace, WorkspaceFile? file = null)
    {
        // A rendered object (a root's siblings view) is opaque when the file it was written from is.
        // The origin's path is cut out of the rendered path only when some file is opaque (an allocation per rule and object).
        if (file is not null && _graph.HasOpaqueFiles && _graph.IsOpaque(RenderedSiblings.OriginOf(file.Path)))
        {
            return true;
        }

        return @namespace is null
            ? HasGeneratedAnywhere || _generatedNamespaces.Any || _graph.OpaqueNamespaces.Count > 0
            : HasGeneratedAnywhere || _generatedNamespaces.Contains(@namespace) || _graph.OpaqueNamespaces.Contains(@namespace);
    }

    /// <summary>
    /// True when a Flagger Canary in the namespace generates "-primary" workloads and services. The namespace's Canaries
    /// only (<see cref="PlacedByNamespace"/>): asked for every Service and budget, walking every Canary of the repository
    /// grew with their product (a Canary per app).
    /// </summary>
    public bool HasCanaryIn(string? @namespace)
    {
        var (inNamespace, everywhere) = PlacedByNamespace.Of(OfKind("Canary")).For(@namespace);
        return AnyFlaggerCanaryIn(inNamespace, @namespace) || AnyFlaggerCanaryIn(everywhere, @namespace);
    }

    /// <summary>How many Canaries were looked at on this thread (tests: a namespace's only).</summary>
    [ThreadStatic]
    internal static int CanariesExaminedOnThisThread;

    private static bool AnyFlaggerCanaryIn(IReadOnlyList<PlacedObject> canaries, string? @namespace)
    {
        for (var i = 0; i < canaries.Count; i++)
        {
            CanariesExaminedOnThisThread++;
            if (canaries[i].Manifest.Group == "flagger.app" && SameNamespace(canaries[i].Namespace, @namespace))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A namespace value, or null when it is substituted at apply time (then it could be any).</summary>
    internal static string? Clean(string? value) => value is null || value.Contains("${", StringComparison.Ordinal) ? null : value;

    /// <summary>The namespace an object lands in by the graph: the one namespace its includers give it, else its own.</summary>
    internal static string? NamespaceOf(InclusionGraph graph, WorkspaceFile file, Manifest manifest)
    {
        var set = graph.NamespacesOf(file.Path);
        return set.Count switch
        {
            1 => Clean(set.First()),
            0 => Clean(manifest.Namespace),
            _ => null,
        };
    }

    /// <summary>Adds (or, with a negative sign, takes away) a file's generator facts to counts per namespace; a count of 0 is removed.</summary>
    private static void CountGenerators(Dictionary<string, int> counts, ref int anywhere, GeneratorFacts facts, int sign)
    {
        anywhere += sign * facts.Anywhere;
        foreach (var @namespace in facts.Namespaces)
        {
            AddCount(counts, @namespace, sign);
        }
    }

    private static void AddCount(Dictionary<string, int> counts, string @namespace, int difference)
    {
        var count = counts.GetValueOrDefault(@namespace) + difference;
        if (count == 0)
        {
            counts.Remove(@namespace);
        }
        else
        {
            counts[@namespace] = count;
        }
    }
}
