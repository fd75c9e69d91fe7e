using System.Collections.Immutable;
using GitOpsAi.Core.Config;
using GitOpsAi.Core.IO;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Rules;
using GitOpsAi.Core.Schemas;

namespace GitOpsAi.Core.Workspace;

/// <summary>
/// An immutable view of a repository: its parsed YAML files, the schemas in force (bundled + workspace CRDs + extra
/// folders) and its structure. The language server swaps in a new snapshot per change; the CLI builds one.
/// </summary>
public sealed class WorkspaceSnapshot
{
    private readonly Lazy<StructureIndex> _structure;
    private readonly Lazy<InlinePatchDefaults> _patchDefaults;
    private readonly Lazy<RulesConfig> _rulesConfig;
    private readonly Lazy<IReadOnlyList<EffectiveRule>> _effectiveRules;
    private readonly Lazy<SchemaRegistry> _schemas;
    private readonly Lazy<ObjectIndex> _objects;
    private readonly Lazy<IObjectLookup> _lookup;

    /// <param name="rulesConfig">The configuration, when the loader has already read it from <paramref name="files"/>.</param>
    internal WorkspaceSnapshot(string root, IReadOnlyDictionary<string, WorkspaceFile> files, IFileSystem fileSystem, WorkspaceOptions options, IReadOnlyList<KindSchema> extraSchemas, IReadOnlyList<SchemaLoadProblem> schemaProblems, WorkspaceSnapshot? reuseFrom = null, bool reuseStructure = false, bool reuseSchemas = false, RulesConfig? rulesConfig = null, SnapshotLineage? lineage = null, object? filesEpoch = null)
    {
        Root = root;
        Lineage = lineage;
        FilesEpoch = filesEpoch ?? new object();
        Files = files;
        FileSystem = fileSystem;
        Options = options;
        ExtraSchemas = extraSchemas;
        SchemaProblems = schemaProblems;
        _structure = reuseStructure && reuseFrom is not null ? reuseFrom._structure : new Lazy<StructureIndex>(() => StructureAnalyzer.Analyze(Files, FileSystem, Root, Lineage));
        _patchDefaults = reuseStructure && reuseFrom is not null ? reuseFrom._patchDefaults : new Lazy<InlinePatchDefaults>(() => InlinePatchDefaults.Build(Files.Values));
        _schemas = reuseSchemas && reuseFrom is not null ? reuseFrom._schemas : new Lazy<SchemaRegistry>(BuildRegistry);
        var reuseConfig = reuseFrom is not null && (reuseStructure || reuseSchemas) && reuseFrom.Root == root && !ConfigChanged(reuseFrom, files);
        _rulesConfig = reuseConfig ? reuseFrom!._rulesConfig : rulesConfig is not null ? new Lazy<RulesConfig>(rulesConfig) : new Lazy<RulesConfig>(LoadRulesConfig);
        _effectiveRules = reuseConfig ? reuseFrom!._effectiveRules : new Lazy<IReadOnlyList<EffectiveRule>>(() => Rules.EffectiveRules.For(RulesConfig));
        _objects = new Lazy<ObjectIndex>(BuildObjectIndex);
        _lookup = new Lazy<IObjectLookup>(() => RenderedFrom is { } repository && Files is OverlaidFiles overlaid && ReferenceEquals(overlaid.Under, repository.Files)
            ? new OverlaidObjectIndex(repository.Objects, overlaid)
            : _objects.Value);
    }

    public string Root { get; }

    /// <summary>
    /// Unique per snapshot in this process: what a result computed in a snapshot remembers of it, so a later snapshot can
    /// tell (through its <see cref="Lineage"/>) that it was derived from that one without the old snapshot being kept alive.
    /// </summary>
    public long Id { get; } = Interlocked.Increment(ref _lastId);

    private static long _lastId;

    /// <summary>
    /// The snapshot this one was derived from by changing files only, and which files; null when everything may differ
    /// (a fresh load, other options, disk facts recomputed). Indexes use it to update instead of rebuilding.
    /// </summary>
    public SnapshotLineage? Lineage { get; }

    public IReadOnlyDictionary<string, WorkspaceFile> Files { get; }

    /// <summary>
    /// For the view of one render root's rendered objects (<see cref="Kustomize.RenderedSiblings"/>): the repository's
    /// snapshot it was made from, which answers repository-wide questions ("does this repository manage ConfigMaps?").
    /// </summary>
    internal WorkspaceSnapshot? RenderedFrom { get; init; }

    /// <summary>
    /// Shared by snapshots that hold the same paths under the same options and disk facts, their files' contents aside
    /// (an edit replaces a file; adding or removing one, or a change on disk, starts a new epoch). What was computed from
    /// a set of files (a render) stays valid within an epoch while those files are the same objects, whatever else changed.
    /// </summary>
    internal object FilesEpoch { get; }

    public IFileSystem FileSystem { get; }

    public WorkspaceOptions Options { get; }

    internal IReadOnlyList<KindSchema> ExtraSchemas { get; }

    public IReadOnlyList<SchemaLoadProblem> SchemaProblems { get; }

    public StructureIndex Structure => _structure.Value;

    /// <summary>True once the structure index exists (a derived snapshot's index reuses its parts, but never forces it).</summary>
    internal bool StructureBuilt => _structure.IsValueCreated;

    public SchemaRegistry Schemas => _schemas.Value;

    /// <summary>Fields that inline patches of the repository's kustomizations set on objects at apply time.</summary>
    public InlinePatchDefaults PatchDefaults => _patchDefaults.Value;

    /// <summary>The repository's .gitops-ai/rules.yaml (or the seed's alias), or an empty configuration.</summary>
    public RulesConfig RulesConfig => _rulesConfig.Value;

    /// <summary>The rules that run here, with the configuration applied.</summary>
    public IReadOnlyList<EffectiveRule> EffectiveRules => _effectiveRules.Value;

    /// <summary>What the configuration and the editor's overrides say about findings: the one place they are applied.</summary>
    public FindingConfiguration Findings => _findings ??= new FindingConfiguration(RulesConfig, Options.SeverityOverrides);

    private FindingConfiguration? _findings;

    /// <summary>Every object of a kind in the workspace, with its file.</summary>
    public IEnumerable<(WorkspaceFile File, Manifest Manifest)> ObjectsOfKind(string kind) => _lookup.Value.OfKind(kind);

    /// <summary>Builds the object lookup now (before work that would otherwise wait on one core for the first to ask).</summary>
    internal void PrepareObjectLookup() => _ = _lookup.Value;

    /// <summary>True when some object of the snapshot has the kind (cheaper than asking for them all).</summary>
    internal bool HasObjectsOfKind(string kind) => _lookup.Value.HasKind(kind);

    /// <summary>The objects of a kind with a name (an index: cross-object rules ask this for every reference).</summary>
    public IEnumerable<(WorkspaceFile File, Manifest Manifest)> ObjectsNamed(string kind, string name) => _lookup.Value.Named(kind, name);

    /// <summary><see cref="ObjectsNamed"/> as the index holds them: a loop over it boxes nothing (rules asking for every pod).</summary>
    internal ImmutableArray<(WorkspaceFile File, Manifest Manifest)> IndexedObjectsNamed(string kind, string name) => _lookup.Value.Named(kind, name);

    /// <summary>The index built or updated for this snapshot (a render root's siblings view answers lookups without it: <see cref="OverlaidObjectIndex"/>).</summary>
    internal ObjectIndex Objects => _objects.Value;

    /// <summary>True when both snapshots hold the same structure index (not built by asking: the lazy values are compared).</summary>
    internal bool SharesStructureWith(WorkspaceSnapshot other) => ReferenceEquals(_structure, other._structure);

    /// <summary>
    /// The previous snapshot's object index updated for the changed files when the previous snapshot built one (each
    /// snapshot of a typing session does), else one built from every file: never a chain of updates to walk.
    /// </summary>
    private ObjectIndex BuildObjectIndex() =>
        Lineage is { } lineage && lineage.TryGetPrevious(out var previous) && previous._objects.IsValueCreated
            ? ObjectIndex.Update(previous._objects.Value, previous.Files, Files, lineage.ChangedPaths)
            : ObjectIndex.Build(Files.Values);

    public WorkspaceFile? GetFile(string path) => Files.GetValueOrDefault(path);

    /// <summary>
    /// A snapshot with one file added, replaced (e.g. an unsaved editor buffer) or, when null, removed. What the change
    /// cannot affect is carried over: an edit to an ordinary manifest keeps the structure index and the schema registry,
    /// which is what keeps typing fast in large repositories.
    /// </summary>
    public WorkspaceSnapshot WithFile(string path, WorkspaceFile? file) => WithFiles([(path, file)]);

    /// <summary>
    /// A snapshot with several files added, replaced or (null) removed at once, carrying over what none of them can
    /// affect as <see cref="WithFile"/> does: a branch checkout changes thousands of files, and a snapshot per file made
    /// every index of the repository again per file.
    /// </summary>
    public WorkspaceSnapshot WithFiles(IReadOnlyCollection<(string Path, WorkspaceFile? File)> changes)
    {
        var files = new Dictionary<string, WorkspaceFile>(Files, StringComparer.Ordinal);
        var changedPaths = new HashSet<string>(StringComparer.Ordinal);
        var (sameFileSet, reuseStructure, reuseSchemas) = (true, true, true);
        foreach (var (path, file) in changes)
        {
            var previous = Files.GetValueOrDefault(path);
            if (file is null)
            {
                files.Remove(path);
            }
            else
            {
                files[path] = file;
            }

            changedPaths.Add(path);
            sameFileSet &= previous is not null && file is not null;
            reuseStructure &= !ShapesStructure(previous) && !ShapesStructure(file);
            reuseSchemas &= !DefinesSchemas(previous) && !DefinesSchemas(file);
        }

        return new WorkspaceSnapshot(Root, files, FileSystem, Options, ExtraSchemas, SchemaProblems, this, sameFileSet && reuseStructure, reuseSchemas, lineage: new SnapshotLineage(this, changedPaths), filesEpoch: sameFileSet ? FilesEpoch : null);
    }

    /// <summary>
    /// A snapshot with one more file that nothing lists yet (generated documents being gated). Unless the file itself
    /// shapes structure or defines schemas, the structure index and the schema registry are carried over: no
    /// kustomization names the file, so its role is an ordinary resource either way, and rebuilding the index for a
    /// large repository would cost more than the check itself.
    /// </summary>
    public WorkspaceSnapshot WithUnlistedFile(string path, WorkspaceFile file)
    {
        var files = new Dictionary<string, WorkspaceFile>(Files, StringComparer.Ordinal) { [path] = file };
        var reuseStructure = !Files.ContainsKey(path) && !ShapesStructure(file) && !Structure.RoleOf(path).Equals(FileRole.Patch);
        return new WorkspaceSnapshot(Root, files, FileSystem, Options, ExtraSchemas, SchemaProblems, this, reuseStructure, reuseSchemas: !DefinesSchemas(file), lineage: new SnapshotLineage(this, new HashSet<string>(StringComparer.Ordinal) { path }));
    }

    /// <summary>A snapshot of the same files with other options (settings changed in the editor).</summary>
    public WorkspaceSnapshot WithOptions(WorkspaceOptions options) => WorkspaceLoader.Create(Root, Files.Values, FileSystem, options);

    /// <summary>The same files, but facts about the disk (which paths exist) recomputed: a non-YAML file appeared or vanished.</summary>
    public WorkspaceSnapshot WithDiskChanged() => new(Root, Files, FileSystem, Options, ExtraSchemas, SchemaProblems, this, reuseStructure: false, reuseSchemas: true);

    /// <summary>True when the file holds objects whose fields name other files or sources (kustomizations, Flux sources).</summary>
    public static bool ShapesStructure(WorkspaceFile? file) =>
        file is not null && file.Manifests.Any(m => m.IsKustomizeConfig || m.IsFluxKustomization || m.Is("source.toolkit.fluxcd.io", "GitRepository"));

    public static bool DefinesSchemas(WorkspaceFile? file) =>
        file is not null && file.Manifests.Any(m => m.Kind == "CustomResourceDefinition");

    public static IEnumerable<string> ConfigPathsUnder(string root) => RulesConfigLoader.ConfigPaths.Select(relative => Path.GetFullPath(Path.Combine(root, relative)));

    private static bool ConfigChanged(WorkspaceSnapshot previous, IReadOnlyDictionary<string, WorkspaceFile> files) =>
        ConfigPathsUnder(previous.Root).Any(path => !ReferenceEquals(previous.Files.GetValueOrDefault(path), files.GetValueOrDefault(path)));

    private RulesConfig LoadRulesConfig()
    {
        foreach (var path in ConfigPathsUnder(Root))
        {
            if (Files.GetValueOrDefault(path) is { } open)
            {
                return RulesConfigLoader.Load(path, open.Source.Text);
            }

            if (FileSystem.FileExists(path))
            {
                // Loaded as any file is: a configuration that is a FIFO, a device or a link out of the repository is refused.
                var loaded = WorkspaceFile.Load(FileSystem, path, Root);
                return loaded.IsSkipped ? RulesConfig.Empty : RulesConfigLoader.Load(path, loaded.Source.Text);
            }
        }

        return RulesConfig.Empty;
    }

    private SchemaRegistry BuildRegistry()
    {
        var overlay = new List<KindSchema>(ExtraSchemas);
        var objectMeta = SchemaRegistry.Default.ObjectMeta;
        foreach (var file in Files.Values.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            foreach (var manifest in file.Manifests)
            {
                if (manifest.Kind == "CustomResourceDefinition" && CrdSchemaExtractor.IsCrd(manifest.Root))
                {
                    overlay.AddRange(CrdSchemaExtractor.Extract(manifest.Root, objectMeta, SchemaOrigin.WorkspaceCrd, file.Path));
                }
            }
        }

        return overlay.Count == 0 ? SchemaRegistry.Default : SchemaRegistry.Default.WithOverlay(overlay);
    }
}
