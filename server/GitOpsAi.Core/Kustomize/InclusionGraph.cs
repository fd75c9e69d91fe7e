using System.Runtime.CompilerServices;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Workspace;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Kustomize;

/// <summary>
/// The one model of which kustomization or Flux Kustomization includes which file, built from the entries
/// <see cref="InclusionEntries"/> resolved (the only walk of kustomization entries and Flux paths, kept per file in the
/// structure index, whose checks only turn unresolved entries into findings): the role of every file, the namespace
/// each file's objects get (the outermost kustomization's <c>namespace:</c> or the Flux <c>targetNamespace</c> wins),
/// which Flux Kustomizations apply it, which files may come with objects the repository does not show (remote bases,
/// Helm charts), and the kustomizations' <c>replicas:</c> and generator names.
/// <para>
/// It reads only the structure index: the entries, the kustomizations' models (<see cref="KustomizationModel"/>: their
/// namespaces, Helm charts, replicas and generator names) and the Flux Kustomizations' models the one walk found (their
/// targetNamespace and components) — exactly what a new structure index is built for; so it is kept per structure index,
/// and carried to every snapshot that keeps the structure (an edit to an ordinary manifest), never rebuilt for it.
/// </para>
/// </summary>
public sealed partial class InclusionGraph
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
    private readonly Dictionary<string, RenderScalar?> _replicas = new(StringComparer.Ordinal);
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
    public static InclusionGraph For(WorkspaceSnapshot workspace) =>
        ByStructure.TryGetValue(workspace.Structure, out var graph) ? graph : BuildFor(workspace);

    // Apart from For: the lambda's capture of the snapshot made a closure and a delegate on every call, found or not
    // (3 MB of the 50k check, asked by the reference rules for every rendered pod).
    private static InclusionGraph BuildFor(WorkspaceSnapshot workspace) => ByStructure.GetValue(workspace.Structure, _ => new InclusionGraph(workspace));

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

    /// <summary>True when some file is opaque (<see cref="IsOpaque"/>): most repositories have none, and asking needs no path.</summary>
    public bool HasOpaqueFiles => _opaqueFiles.Count > 0;

    /// <summary>The namespaces opaque kustomizations put objects into that the repository does not show.</summary>
    public IReadOnlySet<string> OpaqueNamespaces => _opaqueNamespaces;

    /// <summary>True when a folder is included by a kustomization or named by a Flux spec.path (so it is not an entry point).</summary>
    public bool IsIncludedDirectory(string directory) => _includedDirectories.Contains(Path.TrimEndingDirectorySeparator(directory));

    /// <summary>The count a kustomization's <c>replicas:</c> entry sets for workloads of this name, if any (the first one wins).</summary>
    public long? ReplicasFor(string name) =>
        _replicas.GetValueOrDefault(name) is { } count && YamlScalarResolver.TryGetInteger(count.Value, out var value) ? value : null;

    /// <summary>Names kustomize's configMapGenerator (kind ConfigMap) or secretGenerator (kind Secret) produce.</summary>
    public IReadOnlySet<string> GeneratorNames(string kind) => _generatorNames.GetValueOrDefault(kind) ?? EmptySet;

    private static readonly HashSet<string> EmptySet = new(StringComparer.Ordinal);
}
