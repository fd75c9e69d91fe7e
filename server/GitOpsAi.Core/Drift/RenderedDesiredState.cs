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

    public IReadOnlyList<DesiredObject> ObjectsIn(WorkspaceSnapshot workspace, WorkspaceFile file, CancellationToken cancellationToken = default) =>
        IndexOf(workspace).ByFile.GetValueOrDefault(file.Path) ?? [];

    public IReadOnlyDictionary<string, DesiredObject> ManagedNamespaces(WorkspaceSnapshot workspace, CancellationToken cancellationToken = default) =>
        WorkspaceDesiredState.NamespacesOf(Objects(workspace, cancellationToken));

    private static Index IndexOf(WorkspaceSnapshot workspace) =>
        BySnapshot.GetValue(workspace, w => new Lazy<Index>(() => new Index(w), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    private sealed class Index
    {
        public Index(WorkspaceSnapshot workspace)
        {
            var produced = new HashSet<ObjectKey>();
            var reached = new HashSet<string>(StringComparer.Ordinal);
            var all = new List<DesiredObject>();
            foreach (var (_, result) in RootRenders.All(workspace))
            {
                foreach (var rendered in result.Objects)
                {
                    reached.Add(rendered.Origin.Path);
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
                if (!reached.Contains(plain.File.Path))
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
