using System.Runtime.CompilerServices;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Workspace;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Kustomize;

/// <summary>
/// The one model of which kustomization or Flux Kustomization includes which file, built from the references the
/// structure analysis resolved (it is the only walk of kustomization entries): the role of every file, the namespace
/// each file's objects get (the outermost kustomization's <c>namespace:</c> or the Flux <c>targetNamespace</c> wins),
/// which Flux Kustomizations apply it, which files may come with objects the repository does not show (remote bases,
/// Helm charts), and the kustomizations' <c>replicas:</c> and generator names.
/// <para>
/// It reads only the structure index and the kustomization and Flux Kustomization objects, which are exactly what a
/// new structure index is built for; so it is kept per structure index, and carried to every snapshot that keeps the
/// structure (an edit to an ordinary manifest), never rebuilt for it.
/// </para>
/// </summary>
public sealed class InclusionGraph
{
    private static readonly ConditionalWeakTable<StructureIndex, InclusionGraph> ByStructure = new();
    private static int s_builds;

    private readonly StructureIndex _structure;
    private readonly Dictionary<string, Manifest> _kustomizations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _children = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _fileNamespaces = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _directoryNamespaces = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _appliedBy = new(StringComparer.Ordinal);
    private readonly HashSet<string> _opaqueFiles = new(StringComparer.Ordinal);
    private readonly HashSet<string> _opaqueNamespaces = new(StringComparer.Ordinal);
    private readonly HashSet<string> _includedDirectories = new(StringComparer.Ordinal);
    private readonly Dictionary<string, YamlNode> _replicas = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _generatorNames = new(StringComparer.Ordinal)
    {
        ["ConfigMap"] = new(StringComparer.Ordinal),
        ["Secret"] = new(StringComparer.Ordinal),
    };

    private InclusionGraph(WorkspaceSnapshot workspace)
    {
        Interlocked.Increment(ref s_builds);
        _structure = workspace.Structure;
        new InclusionGraphBuilder(this, workspace).Build();
    }

    /// <summary>How many graphs were built from scratch in this process (tests check that an edit to a leaf file builds none).</summary>
    internal static int Builds => Volatile.Read(ref s_builds);

    /// <summary>The graph of a snapshot: the one its structure index already has, else built once.</summary>
    public static InclusionGraph For(WorkspaceSnapshot workspace) => ByStructure.GetValue(workspace.Structure, _ => new InclusionGraph(workspace));

    /// <summary>Every kustomization file (kustomize's Kustomization or Component) by path.</summary>
    public IReadOnlyDictionary<string, Manifest> Kustomizations => _kustomizations;

    /// <summary>What a file is to the kustomizations that list it (resource, patch, generator input...).</summary>
    public FileRole RoleOf(string path) => _structure.RoleOf(path);

    /// <summary>The files and kustomizations a kustomization includes through resources, bases and components, in order.</summary>
    public IReadOnlyList<string> IncludedBy(string kustomizationPath) => _children.GetValueOrDefault(kustomizationPath) ?? [];

    /// <summary>
    /// The namespaces the objects of a file are given by the kustomizations and Flux Kustomizations that include it:
    /// empty when none sets one, several when the file is a base included into several namespaces.
    /// </summary>
    public IReadOnlySet<string> NamespacesOf(string path)
    {
        if (_fileNamespaces.TryGetValue(path, out var set))
        {
            return set;
        }

        // A file the graph was not built with (an unlisted generated file): only a Flux spec.path folder can hold it.
        for (var directory = _directoryNamespaces.Count == 0 ? null : Path.GetDirectoryName(path); directory is not null; directory = Path.GetDirectoryName(directory))
        {
            if (_directoryNamespaces.TryGetValue(directory, out var namespaces))
            {
                return namespaces;
            }
        }

        return EmptySet;
    }

    /// <summary>The Flux Kustomization files whose spec.path (or components) reaches the file, in the repository's order.</summary>
    public IReadOnlyList<string> FluxKustomizationsApplying(string path) => _appliedBy.GetValueOrDefault(path) ?? [];

    /// <summary>True when the kustomization that includes the file also pulls remote bases or Helm charts, whose objects the repository does not show.</summary>
    public bool IsOpaque(string path) => _opaqueFiles.Contains(path);

    /// <summary>The namespaces opaque kustomizations put objects into that the repository does not show.</summary>
    public IReadOnlySet<string> OpaqueNamespaces => _opaqueNamespaces;

    /// <summary>True when a folder is included by a kustomization or named by a Flux spec.path (so it is not an entry point).</summary>
    public bool IsIncludedDirectory(string directory) => _includedDirectories.Contains(Path.TrimEndingDirectorySeparator(directory));

    /// <summary>The count a kustomization's <c>replicas:</c> entry sets for workloads of this name, if any (the first one wins).</summary>
    public YamlNode? ReplicasFor(string name) => _replicas.GetValueOrDefault(name);

    /// <summary>Names kustomize's configMapGenerator (kind ConfigMap) or secretGenerator (kind Secret) produce.</summary>
    public IReadOnlySet<string> GeneratorNames(string kind) => _generatorNames.GetValueOrDefault(kind) ?? EmptySet;

    private static readonly HashSet<string> EmptySet = new(StringComparer.Ordinal);

    /// <summary>
    /// The files whose facts differ between this graph and <paramref name="other"/> (namespaces, opaqueness, role): after
    /// an edit to a kustomization, the files of the subtree it roots whose objects must be placed again. Null when
    /// the difference is not per file (a Flux folder without a kustomization changed: unlisted files may be below it).
    /// </summary>
    public IReadOnlySet<string>? FilesWhoseFactsDiffer(InclusionGraph other)
    {
        if (!SameDirectoryRoots(_directoryNamespaces, other._directoryNamespaces))
        {
            return null;
        }

        var differ = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in _fileNamespaces.Keys.Concat(other._fileNamespaces.Keys))
        {
            if (!NamespacesOf(path).SetEquals(other.NamespacesOf(path)))
            {
                differ.Add(path);
            }
        }

        differ.UnionWith(_opaqueFiles.Where(p => !other._opaqueFiles.Contains(p)));
        differ.UnionWith(other._opaqueFiles.Where(p => !_opaqueFiles.Contains(p)));
        foreach (var path in _structure.Roles.Keys.Concat(_structure.ListedAsResource).Concat(other._structure.Roles.Keys).Concat(other._structure.ListedAsResource))
        {
            if (RoleOf(path) != other.RoleOf(path))
            {
                differ.Add(path);
            }
        }

        return differ;
    }

    private static bool SameDirectoryRoots(Dictionary<string, HashSet<string>> a, Dictionary<string, HashSet<string>> b) =>
        a.Count == b.Count && a.All(pair => b.TryGetValue(pair.Key, out var other) && other.SetEquals(pair.Value));

    /// <summary>Fills a graph from a snapshot: the kustomizations, their edges, then namespaces and Flux appliers along them.</summary>
    private sealed class InclusionGraphBuilder(InclusionGraph graph, WorkspaceSnapshot workspace)
    {
        private readonly HashSet<(string, string?)> _visited = [];
        private HashSet<string>? _directoriesWithFiles;

        public void Build()
        {
            var fluxKustomizations = new List<(WorkspaceFile File, Manifest Manifest)>();
            foreach (var file in workspace.Files.Values)
            {
                foreach (var manifest in file.Manifests)
                {
                    if (manifest.IsKustomizeConfig || manifest.IsImpliedKustomization)
                    {
                        IndexContent(manifest);
                        if (manifest.IsKustomizeConfig || ManifestReader.IsKustomizationFileName(file.Path))
                        {
                            graph._kustomizations[file.Path] = manifest;
                        }
                    }
                    else if (manifest.IsFluxKustomization)
                    {
                        fluxKustomizations.Add((file, manifest));
                    }
                }
            }

            var referenced = IndexEdges();
            var fluxRoots = FluxRoots(fluxKustomizations);
            foreach (var (flux, directory, targetNamespace) in fluxRoots)
            {
                if (KustomizationIn(directory) is { } root)
                {
                    Assign(root, targetNamespace, opaque: false);
                    MarkApplied(root, flux, []);
                    referenced.Add(root);
                }
                else
                {
                    AddDirectoryRoot(directory, flux, targetNamespace);
                }
            }

            foreach (var path in graph._kustomizations.Keys.Where(p => !referenced.Contains(p)))
            {
                Assign(path, null, opaque: false);
            }

            foreach (var path in graph._opaqueFiles)
            {
                if (graph._fileNamespaces.TryGetValue(path, out var set) && set.Count == 1)
                {
                    graph._opaqueNamespaces.Add(set.First());
                }
            }
        }

        /// <summary>The replicas and generator names a kustomization declares.</summary>
        private void IndexContent(Manifest kustomization)
        {
            foreach (var entry in (kustomization.Root.GetSequence("replicas")?.Items ?? []).OfType<YamlMapping>())
            {
                if (entry.GetString("name") is { } name && entry["count"] is { } count)
                {
                    graph._replicas.TryAdd(name, count);
                }
            }

            foreach (var (kind, field) in new[] { ("ConfigMap", "configMapGenerator"), ("Secret", "secretGenerator") })
            {
                foreach (var generator in (kustomization.Root.GetSequence(field)?.Items ?? []).OfType<YamlMapping>())
                {
                    if (generator.GetString("name") is { } name)
                    {
                        graph._generatorNames[kind].Add(name);
                    }
                }
            }
        }

        /// <summary>The edges resources, bases and components make, from the references the structure analysis resolved; returns the kustomizations something includes.</summary>
        private HashSet<string> IndexEdges()
        {
            var referenced = new HashSet<string>(StringComparer.Ordinal);
            foreach (var reference in graph._structure.References)
            {
                if (reference.TargetIsDirectory)
                {
                    graph._includedDirectories.Add(Path.TrimEndingDirectorySeparator(reference.TargetPath));
                }
                else if (ManifestReader.IsKustomizationFileName(reference.TargetPath))
                {
                    graph._includedDirectories.Add(Path.GetDirectoryName(reference.TargetPath)!);
                }

                if (reference.Field is not ("resources" or "bases" or "components") || reference.TargetIsDirectory
                    || !graph._kustomizations.ContainsKey(reference.FromPath) || !workspace.Files.ContainsKey(reference.TargetPath))
                {
                    continue;
                }

                if (!graph._children.TryGetValue(reference.FromPath, out var children))
                {
                    graph._children[reference.FromPath] = children = [];
                }

                children.Add(reference.TargetPath);
                if (graph._kustomizations.ContainsKey(reference.TargetPath))
                {
                    referenced.Add(reference.TargetPath);
                }
            }

            foreach (var (path, kustomization) in graph._kustomizations)
            {
                if (graph._structure.IncludesRemote.Contains(path) || kustomization.Root["helmCharts"] is YamlSequence { Items.Count: > 0 } || kustomization.Root["helmChartInflationGenerator"] is not null)
                {
                    graph._opaqueFiles.Add(path);
                }
            }

            return referenced;
        }

        /// <summary>The folder each Flux Kustomization applies (spec.path, then each of spec.components), with its targetNamespace.</summary>
        private List<(string Flux, string Directory, string? TargetNamespace)> FluxRoots(List<(WorkspaceFile File, Manifest Manifest)> fluxKustomizations)
        {
            var roots = new List<(string, string, string?)>();
            foreach (var (file, manifest) in fluxKustomizations)
            {
                if (manifest.Spec?["path"] is not YamlScalar pathNode)
                {
                    continue;
                }

                var reference = graph._structure.ReferenceAt(file.Path, pathNode.Span);
                var directory = reference is not null
                    ? reference.TargetIsDirectory ? reference.TargetPath : Path.GetDirectoryName(reference.TargetPath)!
                    : GuessDirectory(file, pathNode.Value);
                if (directory is null)
                {
                    continue;
                }

                var targetNamespace = Clean(manifest.Spec.GetString("targetNamespace"));
                roots.Add((file.Path, directory, targetNamespace));

                // spec.components: kustomize components (relative to spec.path) applied with the same target namespace.
                foreach (var component in (manifest.Spec.GetSequence("components")?.Items ?? []).OfType<YamlScalar>())
                {
                    if (!component.Value.Contains('$') && KustomizationIn(Path.GetFullPath(Path.Combine(directory, component.Value))) is { } componentRoot)
                    {
                        roots.Add((file.Path, Path.GetDirectoryName(componentRoot)!, targetNamespace));
                    }
                }
            }

            return roots;
        }

        /// <summary>A Flux spec.path folder without a kustomization: Flux applies every file below it.</summary>
        private void AddDirectoryRoot(string directory, string flux, string? targetNamespace)
        {
            var trimmed = Path.TrimEndingDirectorySeparator(directory);
            if (targetNamespace is not null)
            {
                if (!graph._directoryNamespaces.TryGetValue(trimmed, out var namespaces))
                {
                    graph._directoryNamespaces[trimmed] = namespaces = new HashSet<string>(StringComparer.Ordinal);
                }

                namespaces.Add(targetNamespace);
            }

            var prefix = trimmed + "/";
            foreach (var path in workspace.Files.Keys.Where(p => p.StartsWith(prefix, StringComparison.Ordinal)))
            {
                if (targetNamespace is not null)
                {
                    AddNamespace(path, targetNamespace);
                }

                AddApplier(path, flux);
            }
        }

        private void Assign(string kustomizationPath, string? inherited, bool opaque)
        {
            if (!_visited.Add((kustomizationPath, inherited)) || !graph._kustomizations.TryGetValue(kustomizationPath, out var kustomization))
            {
                return;
            }

            // kustomize applies the outermost namespace last, so it wins over the inner ones.
            var @namespace = inherited ?? Clean(kustomization.Root.GetString("namespace"));
            opaque |= graph._opaqueFiles.Contains(kustomizationPath);
            if (@namespace is not null)
            {
                AddNamespace(kustomizationPath, @namespace);
            }

            foreach (var child in graph.IncludedBy(kustomizationPath))
            {
                if (opaque)
                {
                    graph._opaqueFiles.Add(child);
                }

                if (graph._kustomizations.ContainsKey(child))
                {
                    Assign(child, @namespace, opaque);
                }
                else if (@namespace is not null)
                {
                    AddNamespace(child, @namespace);
                }
            }
        }

        private void MarkApplied(string path, string flux, HashSet<string> seen)
        {
            if (!seen.Add(path))
            {
                return;
            }

            AddApplier(path, flux);
            foreach (var child in graph.IncludedBy(path))
            {
                MarkApplied(child, flux, seen);
            }
        }

        private void AddApplier(string path, string flux)
        {
            if (!graph._appliedBy.TryGetValue(path, out var list))
            {
                graph._appliedBy[path] = list = [];
            }

            if (!list.Contains(flux))
            {
                list.Add(flux);
            }
        }

        private void AddNamespace(string path, string @namespace)
        {
            if (!graph._fileNamespaces.TryGetValue(path, out var set))
            {
                graph._fileNamespaces[path] = set = new HashSet<string>(StringComparer.Ordinal);
            }

            set.Add(@namespace);
        }

        /// <summary>
        /// The folder a Flux spec.path names when the structure index could not resolve it (a source that is not this
        /// repository, e.g. an ExternalArtifact built from it): the path tried under each folder above the Kustomization.
        /// </summary>
        private string? GuessDirectory(WorkspaceFile file, string value)
        {
            var relative = value.Trim().TrimStart('.', '/');
            if (relative.Length == 0 || relative.Contains('$'))
            {
                return null;
            }

            var root = workspace.Root.TrimEnd('/', '\\');
            for (var directory = file.Directory; directory is not null && directory.StartsWith(root, StringComparison.Ordinal); directory = Path.GetDirectoryName(directory))
            {
                var candidate = Path.GetFullPath(Path.Combine(directory, relative));
                if (DirectoriesWithFiles().Contains(Path.TrimEndingDirectorySeparator(candidate)))
                {
                    return candidate;
                }
            }

            return null;
        }

        /// <summary>Every folder that holds a workspace file somewhere below it (built once, when a Flux path needs guessing).</summary>
        private HashSet<string> DirectoriesWithFiles()
        {
            if (_directoriesWithFiles is null)
            {
                _directoriesWithFiles = new HashSet<string>(StringComparer.Ordinal);
                foreach (var path in workspace.Files.Keys)
                {
                    for (var directory = Path.GetDirectoryName(path); directory is not null && _directoriesWithFiles.Add(directory); directory = Path.GetDirectoryName(directory))
                    {
                    }
                }
            }

            return _directoriesWithFiles;
        }

        private string? KustomizationIn(string directory)
        {
            foreach (var name in ManifestReader.KustomizationFileNames)
            {
                var candidate = Path.Combine(directory, name);
                if (workspace.Files.ContainsKey(candidate))
                {
                    return candidate;
                }
            }

            return null;
        }

        private static string? Clean(string? value) => value is null || value.Contains("${", StringComparison.Ordinal) ? null : value;
    }
}
