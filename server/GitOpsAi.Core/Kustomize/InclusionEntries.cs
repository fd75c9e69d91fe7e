using GitOpsAi.Core.IO;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Workspace;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Kustomize;

/// <summary>
/// The one walk of the entries that name files: every path field of a kustomization (resources, components, patches,
/// generator files, ...) and every Flux Kustomization's <c>spec.path</c>, each resolved against the repository (never
/// outside it) into an <see cref="InclusionEntry"/>. What an entry resolves to depends only on its file, the set of
/// workspace paths, the disk and the repository's GitRepositories, so a file's entries can be reused while those hold.
/// </summary>
internal sealed class InclusionEntries
{
    private readonly RenderInputs _inputs;
    private readonly string _root;
    private readonly IReadOnlySet<string> _gitRepositoriesInRepo;

    public InclusionEntries(IReadOnlyDictionary<string, WorkspaceFile> files, IFileSystem fileSystem, string root, IReadOnlySet<string> gitRepositoriesInRepo)
    {
        _inputs = new RenderInputs(root, fileSystem, files);
        _root = root;
        _gitRepositoriesInRepo = gitRepositoriesInRepo;
    }

    /// <summary>
    /// What a path written in a kustomization names, relative to its folder: the one resolution the structure walk and
    /// the renderer share. Confined to the repository before anything is asked about it (a path that leaves it is never
    /// looked up); a folder's kustomization file, when it has one, is found too.
    /// </summary>
    public static ResolvedPath ResolvePath(RenderInputs inputs, string directory, string value, EntryShape shape)
    {
        if (inputs.Resolve(directory, value) is not { } target)
        {
            return new ResolvedPath(EntryOutcome.LeavesRepository, null, false, null);
        }

        var isFile = inputs.FileExists(target);
        var isDirectory = !isFile && inputs.DirectoryExists(target);
        if (!isFile && !isDirectory)
        {
            return new ResolvedPath(EntryOutcome.NotFound, target, false, null);
        }

        var kustomization = isDirectory ? inputs.KustomizationIn(target) : null;
        var outcome = (isFile, isDirectory, shape) switch
        {
            (_, true, EntryShape.File) => EntryOutcome.DirectoryWhereFileExpected,
            (true, _, EntryShape.KustomizationDirectory) => EntryOutcome.FileWhereDirectoryExpected,
            (_, true, EntryShape.FileOrKustomizationDirectory or EntryShape.KustomizationDirectory) when kustomization is null => EntryOutcome.DirectoryWithoutKustomization,
            _ => EntryOutcome.Resolved,
        };
        return new ResolvedPath(outcome, target, isDirectory, kustomization);
    }

    /// <summary>True when the file holds a kustomization or a Flux Kustomization (the only files with entries).</summary>
    public static bool HasEntries(WorkspaceFile file) => file.Manifests.Any(m => m.IsKustomizeConfig || m.IsFluxKustomization);

    /// <summary>The entries of a file's kustomizations and Flux Kustomizations, in document and field order.</summary>
    public List<InclusionEntry> Of(WorkspaceFile file) => Read(file).Entries;

    /// <summary>The entries of a file's kustomizations and Flux Kustomizations, and what the graph needs of its kustomizations.</summary>
    public FileEntries Read(WorkspaceFile file)
    {
        var entries = new List<InclusionEntry>();
        var kustomizations = new List<KustomizationContent>();
        foreach (var manifest in file.Manifests)
        {
            if (manifest.IsKustomizeConfig)
            {
                kustomizations.Add(new KustomizationFields(this, file, manifest, entries).Walk());
            }
            else if (manifest.IsFluxKustomization && FluxPath(file, manifest) is { } fluxPath)
            {
                entries.Add(fluxPath);
            }
        }

        return new FileEntries(entries, kustomizations);
    }

    /// <summary>
    /// Flux resolves spec.path against the root of the source artifact. Only a GitRepository that is this repository
    /// (flux bootstrap's "flux-system", or one not defined here) can be checked; a repository nested in the workspace
    /// is found by trying each folder above the Kustomization's file. A path that cannot be checked still gets a guessed
    /// folder, so the objects below it know which Kustomization applies them.
    /// </summary>
    private InclusionEntry? FluxPath(WorkspaceFile file, Manifest manifest)
    {
        if (manifest.Spec?["path"] is not YamlScalar pathNode)
        {
            return null;
        }

        var value = pathNode.Value.Trim();
        InclusionEntry Entry(EntryOutcome outcome, string? directory = null) =>
            new(file.Path, manifest, pathNode, InclusionEntry.FluxPathField, value, FileRole.Resource, outcome, directory ?? GuessDirectory(file, pathNode.Value), TargetIsDirectory: true);

        var sourceRef = manifest.Spec.GetMapping("sourceRef");
        var sourceKind = sourceRef?.GetString("kind");
        var sourceName = sourceRef?.GetString("name");
        var isThisRepository = sourceKind == "GitRepository" && (sourceName == "flux-system" || (sourceName is not null && !_gitRepositoriesInRepo.Contains(sourceName)));
        if (pathNode.IsNull || !isThisRepository || value.Contains("${", StringComparison.Ordinal) || value.Length == 0)
        {
            return Entry(EntryOutcome.NotChecked);
        }

        var relative = value.TrimStart('.', '/').Length == 0 ? "." : value.TrimStart('/');
        if (RepositoryPaths.Resolve(_root, _root, relative) is null)
        {
            return Entry(EntryOutcome.LeavesRepository);
        }

        for (var directory = file.Directory; directory is not null && directory.StartsWith(_root, StringComparison.Ordinal); directory = Path.GetDirectoryName(directory))
        {
            if (RepositoryPaths.Resolve(_root, directory, relative) is { } candidate && _inputs.DirectoryExists(candidate))
            {
                return Entry(EntryOutcome.Resolved, candidate);
            }
        }

        return Entry(EntryOutcome.NotFound);
    }

    /// <summary>
    /// The folder a Flux spec.path names when it could not be resolved (a source that is not this repository, e.g. an
    /// ExternalArtifact built from it): the path tried under each folder above the Kustomization.
    /// </summary>
    private string? GuessDirectory(WorkspaceFile file, string value)
    {
        var relative = value.Trim().TrimStart('.', '/');
        if (relative.Length == 0 || relative.Contains('$'))
        {
            return null;
        }

        var root = _root.TrimEnd('/', '\\');
        for (var directory = file.Directory; directory is not null && directory.StartsWith(root, StringComparison.Ordinal); directory = Path.GetDirectoryName(directory))
        {
            var candidate = Path.GetFullPath(Path.Combine(directory, relative));
            if (_inputs.HoldsWorkspaceFiles(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Resolves one kustomization entry's path and says what it is, given what the field takes.</summary>
    private InclusionEntry? Resolve(WorkspaceFile file, Manifest owner, YamlScalar entry, EntryShape shape, FileRole role, string field, bool keyedFile)
    {
        var value = entry.Value.Trim();
        if (!entry.IsNull && KindCatalog.IsRemote(value) && field is "resources" or "bases" or "components")
        {
            return new InclusionEntry(file.Path, owner, entry, field, value, role, EntryOutcome.Remote);
        }

        if (entry.IsNull || value.Length == 0 || KindCatalog.IsRemote(value) || value.Contains("${", StringComparison.Ordinal) || value.Contains("$(", StringComparison.Ordinal))
        {
            return null;
        }

        if (keyedFile && value.IndexOf('=') is var equals and > 0)
        {
            value = value[(equals + 1)..]; // "key=path"
        }

        var resolved = ResolvePath(_inputs, file.Directory, value, shape);
        return resolved.Outcome switch
        {
            EntryOutcome.LeavesRepository => new InclusionEntry(file.Path, owner, entry, field, value, role, EntryOutcome.LeavesRepository),
            EntryOutcome.NotFound => new InclusionEntry(file.Path, owner, entry, field, value, role, EntryOutcome.NotFound, resolved.Target),
            _ => new InclusionEntry(file.Path, owner, entry, field, value, role, resolved.Outcome, resolved.Kustomization ?? resolved.Target, resolved.IsDirectory && resolved.Kustomization is null) { NamesFolder = resolved.IsDirectory },
        };
    }

    /// <summary>The kustomization fields that name files or folders, each with what it takes and the role it gives a file.</summary>
    private sealed class KustomizationFields(InclusionEntries owner, WorkspaceFile file, Manifest kustomization, List<InclusionEntry> entries)
    {
        private readonly YamlMapping _root = kustomization.Root;

        public KustomizationContent Walk()
        {
            Add(Scalars(_root["resources"]), EntryShape.FileOrKustomizationDirectory, FileRole.Resource, "resources");
            Add(Scalars(_root["bases"]), EntryShape.FileOrKustomizationDirectory, FileRole.Resource, "bases");
            Add(Scalars(_root["components"]), EntryShape.KustomizationDirectory, FileRole.Resource, "components");
            Add(Scalars(_root["crds"]), EntryShape.File, FileRole.Resource, "crds");
            Add(Scalars(_root["patchesStrategicMerge"]).Where(e => !IsInlineDocument(e.Value)), EntryShape.File, FileRole.Patch, "patchesStrategicMerge");
            Add(Paths(_root["patches"]), EntryShape.File, FileRole.Patch, "patches");

            // A bare string is not a patch entry kustomize accepts (schema validation reports the entry), but the file
            // it names is still meant as a patch: it is checked as one, never as a whole object.
            Add(Scalars(_root["patches"]).Where(e => !e.IsNull && !IsInlineDocument(e.Value)), EntryShape.File, FileRole.Patch, "patches");
            Add(Paths(_root["patchesJson6902"]), EntryShape.File, FileRole.JsonPatch, "patchesJson6902");
            foreach (var field in new[] { "configMapGenerator", "secretGenerator" })
            {
                foreach (var generator in Mappings(_root[field]))
                {
                    Add(Scalars(generator["files"]), EntryShape.File, FileRole.Data, field, keyedFile: true);
                    Add(Scalars(generator["envs"]), EntryShape.File, FileRole.Data, field);
                    Add(generator["env"] is YamlScalar env ? [env] : [], EntryShape.File, FileRole.Data, field);
                }
            }

            foreach (var field in new[] { "generators", "transformers", "validators" })
            {
                Add(Scalars(_root[field]).Where(e => !IsInlineDocument(e.Value)), EntryShape.FileOrDirectory, FileRole.Resource, field);
            }

            Add(Paths(_root["replacements"]), EntryShape.File, FileRole.Data, "replacements");
            foreach (var chart in Mappings(_root["helmCharts"]))
            {
                Add(chart["valuesFile"] is YamlScalar valuesFile ? [valuesFile] : [], EntryShape.File, FileRole.Data, "helmCharts");
                Add(Scalars(chart["additionalValuesFiles"]), EntryShape.File, FileRole.Data, "helmCharts");
            }

            Add(Scalars(_root["configurations"]), EntryShape.File, FileRole.Data, "configurations");
            Add(_root.At("openapi", "path") is YamlScalar openApi ? [openApi] : [], EntryShape.File, FileRole.Data, "openapi");
            return Content();
        }

        /// <summary>The namespace, Helm charts, replicas and generator names the graph takes from this kustomization.</summary>
        private KustomizationContent Content()
        {
            var replicas = new List<(string, YamlNode)>();
            foreach (var entry in Mappings(_root["replicas"]))
            {
                if (entry.GetString("name") is { } name && entry["count"] is { } count)
                {
                    replicas.Add((name, count));
                }
            }

            var generated = new List<(string, string)>();
            foreach (var (kind, field) in new[] { ("ConfigMap", "configMapGenerator"), ("Secret", "secretGenerator") })
            {
                foreach (var generator in Mappings(_root[field]))
                {
                    if (generator.GetString("name") is { } name)
                    {
                        generated.Add((kind, name));
                    }
                }
            }

            var pullsCharts = _root["helmCharts"] is YamlSequence { Items.Count: > 0 } || _root["helmChartInflationGenerator"] is not null;
            return new KustomizationContent(file.Path, kustomization, _root.GetString("namespace"), pullsCharts, replicas, generated);
        }

        private void Add(IEnumerable<YamlScalar> scalars, EntryShape shape, FileRole role, string field, bool keyedFile = false)
        {
            foreach (var scalar in scalars)
            {
                if (owner.Resolve(file, kustomization, scalar, shape, role, field, keyedFile) is { } entry)
                {
                    entries.Add(entry);
                }
            }
        }

        private static bool IsInlineDocument(string value) => value.Contains('\n') || value.TrimStart().StartsWith("apiVersion:", StringComparison.Ordinal);

        private static IEnumerable<YamlScalar> Scalars(YamlNode? node) =>
            node is YamlSequence sequence ? sequence.Items.OfType<YamlScalar>() : [];

        private static IEnumerable<YamlMapping> Mappings(YamlNode? node) =>
            node is YamlSequence sequence ? sequence.Items.OfType<YamlMapping>() : [];

        /// <summary>The <c>path</c> of each entry of a list of mappings (patches, replacements).</summary>
        private static IEnumerable<YamlScalar> Paths(YamlNode? node) => Mappings(node).Select(entry => entry["path"]).OfType<YamlScalar>();
    }
}

/// <summary>What a kustomization field takes.</summary>
internal enum EntryShape
{
    FileOrKustomizationDirectory,
    KustomizationDirectory,
    File,
    FileOrDirectory,
}

/// <summary>
/// What a path a kustomization names was found to be (<see cref="InclusionEntries.ResolvePath"/>): the outcome, the file
/// or folder (null when it leaves the repository), whether that is a folder, and the folder's kustomization file.
/// </summary>
internal readonly record struct ResolvedPath(EntryOutcome Outcome, string? Target, bool IsDirectory, string? Kustomization)
{
    /// <summary>True when the path names an existing file (not a folder).</summary>
    public bool IsFile => Target is not null && !IsDirectory && Outcome != EntryOutcome.NotFound;
}
