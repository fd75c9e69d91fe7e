using System.Runtime.CompilerServices;
using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Workspace;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Drift;

/// <summary>
/// Desired state as the cluster gets it: every render root (outermost kustomization, Flux Kustomization) rendered with
/// overlays, patches, images, namespaces, name prefixes and generator hash names applied, each node mapped to the file
/// and span that set it. Files no kustomization reaches fall back to their plain manifests. Renders are cached per root
/// across snapshots and the objects per snapshot, so a keystroke re-renders only the roots that read the edited file.
/// </summary>
public sealed class RenderedDesiredState : IDesiredStateSource
{
    public static RenderedDesiredState Instance { get; } = new();

    private static readonly ConditionalWeakTable<WorkspaceSnapshot, Lazy<Index>> BySnapshot = new();

    // A render kept across snapshots keeps its objects, so their trees (and the drift cache keyed by them) are reused.
    private static readonly ConditionalWeakTable<RenderedObject, RenderedTree> Trees = new();

    public IReadOnlyList<DesiredObject> Objects(WorkspaceSnapshot workspace, CancellationToken cancellationToken = default) =>
        IndexOf(workspace).All;

    /// <summary>
    /// The objects a file sets a node of, without rendering everything: only the roots that read the file are rendered
    /// (each is cached until a file it read changes), so a keystroke in a base costs the overlays that include it.
    /// </summary>
    public IReadOnlyList<DesiredObject> ObjectsIn(WorkspaceSnapshot workspace, WorkspaceFile file, CancellationToken cancellationToken = default)
    {
        if (BySnapshot.TryGetValue(workspace, out var full) && full.IsValueCreated)
        {
            return full.Value.ByFile.GetValueOrDefault(file.Path) ?? [];
        }

        return PerFile.GetOrCreateValue(workspace).GetOrAdd(file.Path, _ => Read(workspace, file));
    }

    private static IReadOnlyList<DesiredObject> Read(WorkspaceSnapshot workspace, WorkspaceFile file)
    {
        var roots = RootsOf(workspace);
        var produced = new HashSet<ObjectKey>();
        var objects = new List<DesiredObject>();
        foreach (var root in roots.Reading(file.Path))
        {
            var result = RootRenders.Get(workspace, root);
            foreach (var rendered in result.Objects)
            {
                // Most objects of a large overlay have nothing from this file: looked for before any tree is built.
                if (HasNodesIn(rendered.Root, file.Path) && Desired(workspace, rendered, result) is { } desired && produced.Add(desired.Key))
                {
                    objects.Add(desired);
                }
            }
        }

        if (!roots.Reached.Contains(file.Path))
        {
            objects.AddRange(WorkspaceDesiredState.Instance.ObjectsIn(workspace, file));
        }

        return objects;
    }

    private static bool HasNodesIn(RenderNode node, string path)
    {
        if (node.Source is { } source && source.Path == path)
        {
            return true;
        }

        return node switch
        {
            RenderMap map => map.Entries.Any(e => e.KeySource?.Path == path || HasNodesIn(e.Value, path)),
            RenderSequence sequence => sequence.Items.Any(i => HasNodesIn(i, path)),
            _ => false,
        };
    }

    private static readonly ConditionalWeakTable<WorkspaceSnapshot, System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<DesiredObject>>> PerFile = new();

    // The roots and the files each reads change only with kustomizations and Flux Kustomizations, which make a new structure index.
    private static readonly ConditionalWeakTable<StructureIndex, Lazy<RootFiles>> ByStructure = new();

    private static RootFiles RootsOf(WorkspaceSnapshot workspace) =>
        ByStructure.GetValue(workspace.Structure, _ => new Lazy<RootFiles>(() => new RootFiles(workspace), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    /// <summary>The render roots of one structure, which files each reads, and the files whose objects some root renders.</summary>
    private sealed class RootFiles
    {
        private readonly Dictionary<string, List<RenderRoot>> _readers = new(StringComparer.Ordinal);

        public RootFiles(WorkspaceSnapshot workspace)
        {
            All = RenderRoots.Of(workspace);
            foreach (var root in All)
            {
                var result = RootRenders.Get(workspace, root);
                foreach (var path in result.DependencyFiles.Keys)
                {
                    if (!_readers.TryGetValue(path, out var readers))
                    {
                        _readers[path] = readers = [];
                    }

                    readers.Add(root);
                    if (path != root.FluxFile?.Path && workspace.Structure.RoleOf(path) == FileRole.Resource)
                    {
                        Reached.Add(path);
                    }
                }

                Reached.UnionWith(result.Objects.Select(o => o.Origin.Path));
            }
        }

        public IReadOnlyList<RenderRoot> All { get; }

        /// <summary>Files whose objects reach the cluster through a render (the others are applied as written).</summary>
        public HashSet<string> Reached { get; } = new(StringComparer.Ordinal);

        public IReadOnlyList<RenderRoot> Reading(string path) => _readers.GetValueOrDefault(path) ?? [];
    }

    public IReadOnlyDictionary<string, DesiredObject> ManagedNamespaces(WorkspaceSnapshot workspace, CancellationToken cancellationToken = default) =>
        WorkspaceDesiredState.NamespacesOf(Objects(workspace, cancellationToken));

    private static Index IndexOf(WorkspaceSnapshot workspace) =>
        BySnapshot.GetValue(workspace, w => new Lazy<Index>(() => new Index(w), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    private sealed class Index
    {
        public Index(WorkspaceSnapshot workspace)
        {
            var produced = new HashSet<ObjectKey>();
            var roots = RootsOf(workspace);
            var all = new List<DesiredObject>();
            foreach (var root in roots.All)
            {
                var result = RootRenders.Get(workspace, root);
                foreach (var rendered in result.Objects)
                {
                    // Two overlays that leave a base's object as it is render it twice: it is compared once.
                    if (Desired(workspace, rendered, result) is { } desired && produced.Add(desired.Key))
                    {
                        all.Add(desired);
                    }
                }
            }

            // Files no kustomization reaches are applied as written (kubectl apply -f, or a tool we do not render); as
            // with plain manifests, two files that declare the same object are both compared.
            foreach (var plain in WorkspaceDesiredState.Instance.Objects(workspace))
            {
                if (!roots.Reached.Contains(plain.File.Path))
                {
                    all.Add(plain);
                }
            }

            All = all;
            foreach (var desired in all)
            {
                foreach (var path in desired.SourceFiles ?? new HashSet<string>(StringComparer.Ordinal) { desired.File.Path })
                {
                    if (!ByFile.TryGetValue(path, out var list))
                    {
                        ByFile[path] = list = [];
                    }

                    list.Add(desired);
                }
            }
        }

        public IReadOnlyList<DesiredObject> All { get; }

        /// <summary>The objects each file sets a node of (a base, a patch, an overlay's kustomization).</summary>
        public Dictionary<string, List<DesiredObject>> ByFile { get; } = new(StringComparer.Ordinal);
    }

    private static DesiredObject? Desired(WorkspaceSnapshot workspace, RenderedObject rendered, RenderResult result)
    {
        if (rendered.Kind is not { } kind || rendered.ApiVersion is not { } apiVersion || rendered.Name.Length == 0
            || rendered.Name.Contains("${", StringComparison.Ordinal) || rendered.Group.StartsWith("kustomize.config.k8s.io", StringComparison.Ordinal)
            || FileAt(workspace, result, rendered.Origin.Path) is not { } origin)
        {
            return null;
        }

        var tree = Trees.GetValue(rendered, r => RenderedTree.Of(r, result.SourceOf));
        var files = new Dictionary<string, WorkspaceFile>(StringComparer.Ordinal);
        WorkspaceFile FileOf(YamlNode node)
        {
            var path = tree.PathOf(node) ?? origin.Path;
            if (!files.TryGetValue(path, out var file))
            {
                files[path] = file = FileAt(workspace, result, path) ?? origin;
            }

            return file;
        }

        var manifest = new Manifest(new YamlDocument(0, tree.Root.Span, tree.Root, isAnalyzable: true), tree.Root);
        var applier = rendered.FluxKustomizationName is { } flux ? $"Kustomization {flux}" : null;
        return new DesiredObject(ObjectKey.Of(apiVersion, kind, rendered.Namespace, rendered.Name), apiVersion, tree.Root, origin, manifest, applier)
        {
            NodeFiles = FileOf,
            SourceFiles = tree.Files,
            WrittenAsIs = tree.IsWrittenAsIs,
        };
    }

    private static WorkspaceFile? FileAt(WorkspaceSnapshot workspace, RenderResult result, string path) =>
        workspace.GetFile(path) ?? result.DependencyFiles.GetValueOrDefault(path);
}
