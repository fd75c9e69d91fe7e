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
public sealed class WorkspaceObjects
{
    private static readonly ConditionalWeakTable<WorkspaceSnapshot, WorkspaceObjects> Cache = new();

    private readonly Dictionary<string, HashSet<string>> _fileNamespaces = new(StringComparer.Ordinal);
    private readonly HashSet<string> _opaqueFiles = new(StringComparer.Ordinal);
    private readonly HashSet<string> _generatedNamespaces = new(StringComparer.Ordinal);
    private readonly WorkspaceSnapshot _workspace;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<PlacedObject>> _kinds = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Dictionary<string, List<PlacedObject>>> _kindLabels = new(StringComparer.Ordinal);
    private readonly Lazy<IReadOnlyList<PlacedObject>> _workloads;
    private readonly Lazy<Dictionary<string, List<PlacedObject>>> _workloadLabels;
    private readonly Lazy<ILookup<(string, string), (string, PlacedObject)>> _autoscalers;
    private readonly Lazy<Dictionary<string, YamlNode>> _kustomizeReplicas;

    private WorkspaceObjects(WorkspaceSnapshot workspace)
    {
        _workspace = workspace;
        _workloads = new(() => WorkloadKinds.All.SelectMany(OfKind).Where(o => o.Manifest.PodTemplate is not null).ToList());
        _workloadLabels = new(() => IndexLabels(Workloads(), o => LabelSelectors.PodLabels(o.Manifest)));
        _autoscalers = new(IndexAutoscalers);
        _kustomizeReplicas = new(IndexKustomizeReplicas);
        Build();
    }

    public static WorkspaceObjects For(WorkspaceSnapshot workspace) => Cache.GetValue(workspace, w => new WorkspaceObjects(w));

    /// <summary>True when some namespace of unknown name (an ApplicationSet's, or a HelmRelease's substituted targetNamespace) may hold generated objects.</summary>
    public bool HasGeneratedAnywhere { get; private set; }

    /// <summary>The namespace an object lands in, or null when it cannot be told (then it could be any).</summary>
    public string? NamespaceOf(WorkspaceFile file, Manifest manifest)
    {
        if (_fileNamespaces.TryGetValue(file.Path, out var set) && set.Count == 1)
        {
            return Clean(set.First());
        }

        return set is { Count: > 1 } ? null : Clean(manifest.Namespace);
    }

    /// <summary>Objects of a kind, each with the namespace it lands in (computed once per kind and snapshot).</summary>
    public IReadOnlyList<PlacedObject> OfKind(string kind) => _kinds.GetOrAdd(kind, k =>
        _workspace.ObjectsOfKind(k).Where(o => o.Manifest.Kind is not null).Select(o => new PlacedObject(o.File, o.Manifest, NamespaceOf(o.File, o.Manifest))).ToList());

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

    /// <summary>Objects of a kind whose own labels may include every label in <paramref name="required"/> (see above).</summary>
    public IEnumerable<PlacedObject> OfKindWithLabels(string kind, IReadOnlyDictionary<string, string> required) =>
        Candidates(_kindLabels.GetOrAdd(kind, k => IndexLabels(OfKind(k), o => LabelSelectors.Map(o.Manifest.Metadata?["labels"]))), OfKind(kind), required);

    /// <summary>The autoscalers (HPA, KEDA ScaledObject) whose scaleTargetRef names a workload of this kind and name.</summary>
    public IEnumerable<(string Kind, PlacedObject Autoscaler)> AutoscalersTargeting(string kind, string name) => _autoscalers.Value[(kind, name)];

    /// <summary>The count a kustomization's <c>replicas:</c> entry sets for workloads of this name, if any.</summary>
    public YamlNode? KustomizeReplicas(string name) => _kustomizeReplicas.Value.GetValueOrDefault(name);

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

    private ILookup<(string, string), (string, PlacedObject)> IndexAutoscalers() =>
        new[] { "HorizontalPodAutoscaler", "ScaledObject" }
            .SelectMany(kind => OfKind(kind).Select(o => (Kind: kind, Object: o)))
            .Select(p => (p.Kind, p.Object, Target: p.Object.Manifest.Spec?.GetMapping("scaleTargetRef")))
            .Where(p => p.Target?.GetString("name") is not null)
            .ToLookup(p => (p.Target!.GetString("kind") ?? (p.Kind == "ScaledObject" ? "Deployment" : string.Empty), p.Target!.GetString("name")!), p => (p.Kind, p.Object));

    private Dictionary<string, YamlNode> IndexKustomizeReplicas()
    {
        var replicas = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var kustomization in _workspace.Files.Values.SelectMany(f => f.Manifests).Where(m => m.IsKustomizeConfig || m.IsImpliedKustomization))
        {
            foreach (var entry in (kustomization.Root.GetSequence("replicas")?.Items ?? []).OfType<YamlMapping>())
            {
                if (entry.GetString("name") is { } name && entry["count"] is { } count)
                {
                    replicas.TryAdd(name, count);
                }
            }
        }

        return replicas;
    }

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
        if (file is not null && _opaqueFiles.Contains(file.Path))
        {
            return true;
        }

        return @namespace is null ? HasGeneratedAnywhere || _generatedNamespaces.Count > 0 : HasGeneratedAnywhere || _generatedNamespaces.Contains(@namespace);
    }

    /// <summary>True when a Flagger Canary in the namespace generates "-primary" workloads and services.</summary>
    public bool HasCanaryIn(string? @namespace) => OfKind("Canary").Any(c => c.Manifest.Group == "flagger.app" && SameNamespace(c.Namespace, @namespace));

    private static string? Clean(string? value) => value is null || value.Contains("${", StringComparison.Ordinal) ? null : value;

    private void Build()
    {
        var kustomizations = new Dictionary<string, Manifest>(StringComparer.Ordinal);
        foreach (var file in _workspace.Files.Values)
        {
            foreach (var manifest in file.Manifests)
            {
                if (manifest.IsKustomizeConfig || (manifest.IsImpliedKustomization && ManifestReader.IsKustomizationFileName(file.Path)))
                {
                    kustomizations[file.Path] = manifest;
                }
            }
        }

        var children = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, kustomization) in kustomizations)
        {
            var list = children[path] = [];
            var directory = Path.GetDirectoryName(path)!;
            var opaque = kustomization.Root["helmCharts"] is YamlSequence { Items.Count: > 0 } || kustomization.Root["helmChartInflationGenerator"] is not null;
            foreach (var field in new[] { "resources", "bases", "components" })
            {
                if (kustomization.Root[field] is not YamlSequence sequence)
                {
                    continue;
                }

                foreach (var entry in sequence.Items.OfType<YamlScalar>())
                {
                    var value = entry.Value.Trim();
                    if (KindCatalog.IsRemote(value))
                    {
                        opaque = true;
                        continue;
                    }

                    if (value.Length == 0 || value.Contains('$'))
                    {
                        continue;
                    }

                    var target = Path.GetFullPath(Path.Combine(directory, value));
                    if (_workspace.Files.ContainsKey(target))
                    {
                        list.Add(target);
                    }
                    else if (KustomizationIn(target) is { } nested)
                    {
                        list.Add(nested);
                        referenced.Add(nested);
                    }
                }
            }

            if (opaque)
            {
                _opaqueFiles.Add(path);
            }
        }

        // Flux Kustomizations: spec.path (resolved by the structure index) with spec.targetNamespace, applied last.
        var fluxRoots = new List<(string Directory, string? TargetNamespace)>();
        foreach (var (file, manifest) in _workspace.ObjectsOfKind("Kustomization"))
        {
            if (!manifest.IsFluxKustomization || manifest.Spec?["path"] is not YamlScalar pathNode)
            {
                continue;
            }

            var reference = _workspace.Structure.ReferenceAt(file.Path, pathNode.Span);
            var directory = reference is not null
                ? reference.TargetIsDirectory ? reference.TargetPath : Path.GetDirectoryName(reference.TargetPath)!
                : GuessDirectory(file, pathNode.Value);
            if (directory is null)
            {
                continue;
            }

            var targetNamespace = Clean(manifest.Spec.GetString("targetNamespace"));
            fluxRoots.Add((directory, targetNamespace));

            // spec.components: kustomize components (relative to spec.path) applied with the same target namespace.
            foreach (var component in (manifest.Spec.GetSequence("components")?.Items ?? []).OfType<YamlScalar>())
            {
                if (!component.Value.Contains('$') && KustomizationIn(Path.GetFullPath(Path.Combine(directory, component.Value))) is { } componentRoot)
                {
                    fluxRoots.Add((Path.GetDirectoryName(componentRoot)!, targetNamespace));
                }
            }
        }

        var visited = new HashSet<(string, string?)>();
        foreach (var (directory, targetNamespace) in fluxRoots)
        {
            if (KustomizationIn(directory) is { } root)
            {
                Assign(root, targetNamespace, kustomizations, children, visited, opaque: false);
                referenced.Add(root);
            }
            else if (targetNamespace is not null)
            {
                var prefix = directory.TrimEnd('/') + "/";
                foreach (var path in _workspace.Files.Keys.Where(p => p.StartsWith(prefix, StringComparison.Ordinal)))
                {
                    AddNamespace(path, targetNamespace);
                }
            }
        }

        foreach (var path in kustomizations.Keys.Where(p => !referenced.Contains(p)))
        {
            Assign(path, null, kustomizations, children, visited, opaque: false);
        }

        foreach (var file in _workspace.Files.Values)
        {
            foreach (var manifest in file.Manifests)
            {
                MarkGenerators(file, manifest);
            }
        }

        // A kustomization with remote or Helm-rendered resources puts objects we cannot see into its namespace.
        foreach (var path in _opaqueFiles)
        {
            if (_fileNamespaces.TryGetValue(path, out var set) && set.Count == 1)
            {
                _generatedNamespaces.Add(set.First());
            }
        }
    }

    private void Assign(string kustomizationPath, string? inherited, Dictionary<string, Manifest> kustomizations, Dictionary<string, List<string>> children, HashSet<(string, string?)> visited, bool opaque)
    {
        if (!visited.Add((kustomizationPath, inherited)) || !kustomizations.TryGetValue(kustomizationPath, out var kustomization))
        {
            return;
        }

        // kustomize applies the outermost namespace last, so it wins over the inner ones.
        var @namespace = inherited ?? Clean(kustomization.Root.GetString("namespace"));
        opaque |= _opaqueFiles.Contains(kustomizationPath);
        if (@namespace is not null)
        {
            AddNamespace(kustomizationPath, @namespace);
        }

        foreach (var child in children.GetValueOrDefault(kustomizationPath) ?? [])
        {
            if (opaque)
            {
                _opaqueFiles.Add(child);
            }

            if (kustomizations.ContainsKey(child))
            {
                Assign(child, @namespace, kustomizations, children, visited, opaque);
            }
            else if (@namespace is not null)
            {
                AddNamespace(child, @namespace);
            }
        }
    }

    private void AddNamespace(string path, string @namespace)
    {
        if (!_fileNamespaces.TryGetValue(path, out var set))
        {
            _fileNamespaces[path] = set = new HashSet<string>(StringComparer.Ordinal);
        }

        set.Add(@namespace);
    }

    private void MarkGenerators(WorkspaceFile file, Manifest manifest)
    {
        if (_workspace.Structure.RoleOf(file.Path) != FileRole.Resource)
        {
            return; // a patch or generator input, not an object of its own
        }

        string? target = null;
        var isGenerator = true;
        if (manifest.Is("helm.toolkit.fluxcd.io", "HelmRelease"))
        {
            target = manifest.Spec?.GetString("targetNamespace") ?? NamespaceOf(file, manifest);
        }
        else if (manifest.Is("argoproj.io", "Application"))
        {
            target = (manifest.Spec?.At("destination", "namespace") as YamlScalar)?.Value;
        }
        else if (manifest.Is("fluxcd.controlplane.io", "ResourceSet"))
        {
            // The namespaces its resource templates name, else its own (templated names are not known until rendered).
            foreach (var resource in (manifest.Spec?.GetSequence("resources")?.Items ?? []).OfType<YamlMapping>())
            {
                if (Clean((resource.At("metadata", "namespace") as YamlScalar)?.Value) is { } literal && !literal.Contains("<<", StringComparison.Ordinal))
                {
                    _generatedNamespaces.Add(literal);
                }
            }

            target = NamespaceOf(file, manifest);
        }
        else if (manifest.Is("argoproj.io", "ApplicationSet"))
        {
            HasGeneratedAnywhere = true; // templates: the namespaces are not known until they are rendered
            return;
        }
        else if (KindCatalog.IsOperatorResource(manifest))
        {
            // A custom resource an operator turns into pods, Services and Secrets (a CloudNativePG Cluster, a Grafana).
            target = NamespaceOf(file, manifest);
            if (target is null)
            {
                return;
            }
        }
        else
        {
            isGenerator = false;
        }

        if (!isGenerator)
        {
            return;
        }

        if (Clean(target) is { } known)
        {
            _generatedNamespaces.Add(known);
        }
        else if (target is null && _fileNamespaces.TryGetValue(file.Path, out var shared) && shared.Count > 0)
        {
            _generatedNamespaces.UnionWith(shared); // a base or component included into several namespaces
        }
        else if (target is not null)
        {
            HasGeneratedAnywhere = true; // a substituted namespace: could be any
        }

        // No namespace at all: nothing includes the file with one (often a folder no kustomization lists any more).
    }

    /// <summary>
    /// The folder a Flux spec.path names when the structure index could not resolve it (a source that is not this
    /// repository, e.g. an ExternalArtifact built from it): the path tried under each folder above the Kustomization.
    /// </summary>
    private HashSet<string>? _directoriesWithFiles;

    /// <summary>Every folder that holds a workspace file somewhere below it (built once; looked up per Flux path).</summary>
    private HashSet<string> DirectoriesWithFiles => _directoriesWithFiles ??= BuildDirectories();

    private HashSet<string> BuildDirectories()
    {
        var directories = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in _workspace.Files.Keys)
        {
            for (var directory = Path.GetDirectoryName(path); directory is not null && directories.Add(directory); directory = Path.GetDirectoryName(directory))
            {
            }
        }

        return directories;
    }

    private string? GuessDirectory(WorkspaceFile file, string value)
    {
        var relative = value.Trim().TrimStart('.', '/');
        if (relative.Length == 0 || relative.Contains('$'))
        {
            return null;
        }

        var root = _workspace.Root.TrimEnd('/', '\\');
        for (var directory = file.Directory; directory is not null && directory.StartsWith(root, StringComparison.Ordinal); directory = Path.GetDirectoryName(directory))
        {
            var candidate = Path.GetFullPath(Path.Combine(directory, relative));
            if (DirectoriesWithFiles.Contains(Path.TrimEndingDirectorySeparator(candidate)))
            {
                return candidate;
            }
        }

        return null;
    }

    private string? KustomizationIn(string directory)
    {
        foreach (var name in ManifestReader.KustomizationFileNames)
        {
            var candidate = Path.Combine(directory, name);
            if (_workspace.Files.ContainsKey(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
