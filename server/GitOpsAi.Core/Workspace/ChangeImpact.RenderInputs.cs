using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Kyverno;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Workspace;

/// <summary>
/// The impact of an edit to what kustomize reads to render: a kustomization or component, a patch, a generator input,
/// or a Flux Kustomization (its spec.path render, and the namespace and folder it gives files).
/// </summary>
public sealed partial class ChangeImpact
{
    /// <summary>
    /// The impact of a render-input edit, worked out when first asked: it reads the renders of both snapshots, which the
    /// language server should not wait for before it publishes the edited document's own findings.
    /// </summary>
    private Lazy<ChangeImpact>? _deferred;

    private static ChangeImpact Deferred(Func<ChangeImpact> impact) =>
        new(false, null) { _deferred = new Lazy<ChangeImpact>(impact, LazyThreadSafetyMode.ExecutionAndPublication) };

    /// <summary>True when the edit changed a kustomization or a Flux Kustomization, or the file is a patch or generator input kustomize reads.</summary>
    private static bool IsRenderInput(IEnumerable<Manifest> changed, WorkspaceFile? after, WorkspaceSnapshot workspace) =>
        changed.Any(m => IsKustomization(m) || m.IsFluxKustomization) || (after is not null && workspace.Structure.RoleOf(after.Path) != FileRole.Resource);

    /// <summary>
    /// Such an edit changes (1) the renders of the roots that read the file, before or after the edit, whose findings
    /// are reported in the files those roots read; (2) the facts the inclusion graph gives files (namespace, role,
    /// opaqueness: adding or removing a <c>resources:</c> entry changes them for that subtree), which change how those
    /// files' objects are placed, so files that refer to those objects by name or label are affected like by an edit of
    /// them; (3) the names kustomize generates objects under or sets replicas for. Anything the graph cannot say per
    /// file (a Flux folder root changed, the namespaces opaque bases reach, defaults inline patches set for a kind, an
    /// object of a kind with a wider reach placed again) affects everything. A root whose files hold a changed or
    /// related object counts whole: its rendered findings land at any of its files. A Flux Kustomization is such a root
    /// itself (its prefix, patches and substitutions change only its render; see <see cref="RenamedFluxKustomizations"/>
    /// for its name). When its spec.path moves, the folder it left becomes a root of its own and the one it now renders
    /// stops being one: both were or are read by the Flux root itself, so they count whole through it.
    /// Null when the file appeared or went.
    /// </summary>
    private static ChangeImpact? OfRenderInput(WorkspaceFile? before, WorkspaceFile? after, WorkspaceSnapshot workspace, WorkspaceSnapshot? previous, List<Manifest> removed, List<Manifest> added)
    {
        if (before is null || after is null)
        {
            return null;
        }

        var path = after.Path;
        var changed = removed.Concat(added).ToList();
        var role = workspace.Structure.RoleOf(path);

        if (workspace.Lineage is not { } lineage || lineage.ChangedPaths.Count != 1 || !lineage.ChangedPaths.Contains(path)
            || previous is null || previous.Files.GetValueOrDefault(path)?.Source.Text != before.Source.Text)
        {
            return Everything; // the snapshot before the edit is needed to know what the renders read then
        }

        // A strategic-merge patch file holds (partial) objects; generator data and JSON patches hold none.
        var ownObjects = role is FileRole.Resource or FileRole.Patch ? changed.Where(m => !IsKustomization(m) && !m.IsFluxKustomization).ToList() : [];
        if (PlacedAgain(before, after, previous, workspace) is not (var placedAgain, var placedObjects)
            || ownObjects.Any(m => !KindCatalog.ReachesOthersOnlyByNameAndLabels(m)))
        {
            return Everything;
        }

        var objects = ownObjects.Concat(placedObjects).ToList();

        var facts = CrossFileFacts.Of(objects.Concat(RenamedFluxKustomizations(removed, added)));
        var readers = ContextReads.For(workspace).EvaluatedKindsReading(objects);
        if (facts.HasBroadSelector || readers is { AnyKind: true })
        {
            return Everything;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var kustomization in changed.Where(IsKustomization))
        {
            names.UnionWith(GeneratedNames(KustomizationReader.Of(kustomization.Root, path)));
        }

        // A root's rendered findings land anywhere in the files it read (a kustomization line, a base line): when the edit
        // renders it differently, or changes an object it reads or one its rendered objects refer to, all of them count.
        var byFacts = new ChangeImpact(false, facts, readers, files: null, names);
        var changedFiles = new HashSet<string>(placedAgain, StringComparer.Ordinal) { path };
        changedFiles.UnionWith(workspace.Files.Values.Where(f => byFacts.Affects(f)).Select(f => f.Path));
        var files = new HashSet<string>(changedFiles, StringComparer.Ordinal);
        files.UnionWith(FilesOfRootsReading(previous, workspace, path, changedFiles, before, after, removed, added));
        return new ChangeImpact(false, facts, readers, files, names);
    }

    /// <summary>
    /// The files the inclusion graph places differently after the edit (namespace, role, opaqueness), with their objects
    /// (kustomizations aside). Null when that is not all the edit changes for other files: the difference is not per
    /// file (a Flux folder root changed), the namespaces opaque bases reach or the defaults inline patches set for a kind
    /// changed, or an object of a kind with a wider reach is placed again.
    /// </summary>
    private static (IReadOnlySet<string> Files, List<Manifest> Objects)? PlacedAgain(WorkspaceFile before, WorkspaceFile after, WorkspaceSnapshot previous, WorkspaceSnapshot workspace)
    {
        var graphBefore = InclusionGraph.For(previous);
        var graphAfter = InclusionGraph.For(workspace);
        if (graphBefore.FilesWhoseFactsDiffer(graphAfter) is not { } files || !graphBefore.OpaqueNamespaces.SetEquals(graphAfter.OpaqueNamespaces)
            || !InlinePatchDefaults.Build([before]).SameAs(InlinePatchDefaults.Build([after])))
        {
            return null;
        }

        var objects = files.Select(workspace.GetFile).OfType<WorkspaceFile>().SelectMany(f => f.Manifests).Where(m => !IsKustomization(m)).ToList();
        return objects.Any(m => !KindCatalog.ReachesOthersOnlyByNameAndLabels(m)) ? null : (files, objects);
    }

    /// <summary>
    /// Every file read by the roots of either snapshot whose render reads one of <paramref name="changedFiles"/>. A Flux
    /// Kustomization declared in the edited file whose document the edit left alone (a file often holds one per app)
    /// reads only its own document of that file, unless its spec.path folder holds the file: so the file does not count
    /// as read by it, and after the edit it reads what it read before, which is taken from the render before the edit
    /// instead of rendering it again (every document of the file is a new object after an edit, so its render is not reused).
    /// </summary>
    private static HashSet<string> FilesOfRootsReading(
        WorkspaceSnapshot previous, WorkspaceSnapshot workspace, string path, IReadOnlySet<string> changedFiles,
        WorkspaceFile before, WorkspaceFile after, List<Manifest> removed, List<Manifest> added)
    {
        var files = new HashSet<string>(StringComparer.Ordinal);
        var readsBefore = new Dictionary<string, List<string>?>(StringComparer.Ordinal);
        foreach (var root in RenderRoots.Of(previous))
        {
            var reads = RootRenders.FilesReadBy(previous, root).Append(root.KeyFile.Path).ToList();
            if (UntouchedFluxDocument(root, path, removed.Select(m => TextOf(before, m))) is { } document)
            {
                reads = WithoutDeclaringFile(previous, root, path, reads);
                readsBefore[document] = readsBefore.ContainsKey(document) ? null : reads; // two alike documents: not reused
            }

            if (reads.Any(changedFiles.Contains))
            {
                files.UnionWith(reads);
            }
        }

        foreach (var root in RenderRoots.Of(workspace))
        {
            var document = UntouchedFluxDocument(root, path, added.Select(m => TextOf(after, m)));
            var reads = document is not null && readsBefore.GetValueOrDefault(document) is { } known
                ? known
                : RootRenders.FilesReadBy(workspace, root).Append(root.KeyFile.Path).ToList();
            if (document is not null)
            {
                reads = WithoutDeclaringFile(workspace, root, path, reads);
            }

            if (reads.Any(changedFiles.Contains))
            {
                files.UnionWith(reads);
            }
        }

        return files;
    }

    /// <summary>The text of a Flux root declared in the edited file whose document is none of the changed ones; else null.</summary>
    private static string? UntouchedFluxDocument(RenderRoot root, string path, IEnumerable<TextSlice> changed)
    {
        if (root.Flux is not { } flux || root.FluxFile is not { } file || file.Path != path)
        {
            return null;
        }

        var text = TextOf(file, flux);
        return changed.Any(c => TextSlice.Comparer.Equals(c, text)) ? null : text.Span.ToString();
    }

    /// <summary>A Flux root's reads without its own file, unless its spec.path folder holds that file (it then applies it).</summary>
    private static List<string> WithoutDeclaringFile(WorkspaceSnapshot snapshot, RenderRoot root, string path, List<string> reads) =>
        snapshot.Structure.FluxPathOf(root.Flux!)?.TargetPath is { } folder && RepositoryPaths.IsInside(folder, path)
            ? reads
            : reads.Where(p => p != path).ToList();

    /// <summary>
    /// The kustomizations, Flux Kustomizations and patches of the renders that read an edited manifest. A rendered
    /// object's findings land in its own file (which the names and labels model covers) or at a line of one of these
    /// that changed it (an overlay's <c>images:</c> entry, a patch line, the <c>$patch: delete</c> that removed what it
    /// refers to), which shares no name with the edit. Lazy: only worked out when another document is open.
    /// </summary>
    private static Lazy<HashSet<string>> FilesOfRendersReading(WorkspaceSnapshot workspace, string path) =>
        new(() => FilesOfRootsReading(workspace, new HashSet<string>(StringComparer.Ordinal) { path }).Where(p => ShapesRenders(workspace, p)).ToHashSet(StringComparer.Ordinal),
            LazyThreadSafetyMode.ExecutionAndPublication);

    private static bool ShapesRenders(WorkspaceSnapshot workspace, string path) =>
        workspace.Structure.RoleOf(path) != FileRole.Resource
        || workspace.GetFile(path)?.Manifests.Any(m => IsKustomization(m) || m.IsFluxKustomization) == true;

    private static bool IsKustomization(Manifest manifest) => manifest.IsKustomizeConfig || manifest.IsImpliedKustomization;

    /// <summary>Every file read by the render roots whose render reads one of <paramref name="paths"/> (their findings are reported in those files).</summary>
    private static HashSet<string> FilesOfRootsReading(WorkspaceSnapshot workspace, IReadOnlySet<string> paths)
    {
        var files = new HashSet<string>(StringComparer.Ordinal);
        foreach (var root in RenderRoots.Of(workspace))
        {
            var reads = RootRenders.FilesReadBy(workspace, root).Append(root.KeyFile.Path).ToList();
            if (reads.Any(paths.Contains))
            {
                files.UnionWith(reads);
            }
        }

        return files;
    }

    /// <summary>
    /// The changed Flux Kustomizations others can see differently: other files refer to one only by name (dependsOn, a
    /// rule looking a name up); what it refers to (its source, its path) shows in its own findings and its render. So
    /// one that keeps its name and namespace adds no names to match (its scalars would match every object that merely
    /// writes the same word, such as a namespace named like it); a renamed, added or removed one adds its facts.
    /// </summary>
    private static IEnumerable<Manifest> RenamedFluxKustomizations(List<Manifest> removed, List<Manifest> added)
    {
        static HashSet<(string?, string?)> Ids(IEnumerable<Manifest> manifests) =>
            manifests.Where(m => m.IsFluxKustomization).Select(m => (m.Name, m.Namespace)).ToHashSet();
        return Ids(removed).SetEquals(Ids(added)) ? [] : removed.Concat(added).Where(m => m.IsFluxKustomization);
    }

    /// <summary>The names of the objects a kustomization's generators make and of the workloads its replicas entries scale.</summary>
    private static IEnumerable<string> GeneratedNames(KustomizationModel kustomization) =>
        kustomization.GeneratedNames.Select(g => g.Name).Concat(kustomization.Replicas.Select(r => r.Name));
}
