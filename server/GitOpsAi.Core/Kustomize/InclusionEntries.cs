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

    /// <summary>The entries of a file's kustomizations and Flux Kustomizations, and its kustomizations' models for the graph.</summary>
    public FileEntries Read(WorkspaceFile file)
    {
        var entries = new List<InclusionEntry>();
        var kustomizations = new List<KustomizationContent>();
        foreach (var manifest in file.Manifests)
        {
            if (manifest.IsKustomizeConfig)
            {
                var model = KustomizationReader.Of(manifest.Root, file.Path);
                AddEntries(file, manifest, model, entries);
                kustomizations.Add(new KustomizationContent(file.Path, manifest, model));
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
        var flux = FluxKustomizationModel.Of(manifest, file.Path);
        if (flux.PathNode is not RenderScalar pathNode)
        {
            return null;
        }

        var value = pathNode.Value.Trim();
        InclusionEntry Entry(EntryOutcome outcome, string? directory = null) =>
            new(file.Path, manifest, pathNode.Source!.Value.Span, InclusionEntry.FluxPathField, value, FileRole.Resource, outcome, directory ?? GuessDirectory(file, pathNode.Value), TargetIsDirectory: true) { Flux = flux };

        var (sourceKind, sourceName) = (flux.SourceKind, flux.SourceName);
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

    /// <summary>
    /// Every entry of a kustomization that names a file or folder, with what its field takes and the role it gives the
    /// file, in field order. Inline documents (patches, transformers) name nothing.
    /// </summary>
    private void AddEntries(WorkspaceFile file, Manifest owner, KustomizationModel model, List<InclusionEntry> entries)
    {
        void Add(IEnumerable<RenderScalar?> scalars, EntryShape shape, FileRole role, string field, bool keyedFile = false)
        {
            foreach (var scalar in scalars)
            {
                if (scalar is not null && Resolve(file, owner, scalar, shape, role, field, keyedFile) is { } entry)
                {
                    entries.Add(entry);
                }
            }
        }

        void AddPaths(IEnumerable<KustomizationPath> paths, EntryShape shape, FileRole role)
        {
            foreach (var path in paths)
            {
                Add([path.Node], shape, role, path.Field);
            }
        }

        static IEnumerable<RenderScalar?> NotInline(IEnumerable<PatchEntry> patches, PatchForm form) =>
            patches.Where(p => p.Form == form && p.Text is { } text && !KustomizationModel.IsInlineDocument(text.Value)).Select(p => p.Text);

        AddPaths(model.Resources, EntryShape.FileOrKustomizationDirectory, FileRole.Resource);
        AddPaths(model.Components, EntryShape.KustomizationDirectory, FileRole.Resource);
        AddPaths(model.Crds, EntryShape.File, FileRole.Resource);
        Add(model.PatchesStrategicMerge.Where(p => p.Form == PatchForm.File).Select(p => p.Text), EntryShape.File, FileRole.Patch, "patchesStrategicMerge");
        Add(model.Patches.Where(p => p.Form == PatchForm.File).Select(p => p.Text), EntryShape.File, FileRole.Patch, "patches");

        // A bare string is not a patch entry kustomize accepts (the renderer and schema validation report the entry), but
        // the file it names is still meant as a patch: it is checked as one, never as a whole object.
        Add(NotInline(model.Patches, PatchForm.Malformed), EntryShape.File, FileRole.Patch, "patches");
        Add(model.PatchesJson6902.Where(p => p.Form == PatchForm.File).Select(p => p.Text), EntryShape.File, FileRole.JsonPatch, "patchesJson6902");
        foreach (var generator in model.Generators)
        {
            Add(generator.Files, EntryShape.File, FileRole.Data, generator.Field, keyedFile: true);
            Add(generator.Envs, EntryShape.File, FileRole.Data, generator.Field);
        }

        AddPaths(model.Plugins.Where(p => !KustomizationModel.IsInlineDocument(p.Value)), EntryShape.FileOrDirectory, FileRole.Resource);
        AddPaths(model.DataInputs, EntryShape.File, FileRole.Data);
        AddPaths(model.Configurations, EntryShape.File, FileRole.Data);
        AddPaths(model.OpenApi is { } openApi ? [openApi] : [], EntryShape.File, FileRole.Data);
    }

    /// <summary>Resolves one kustomization entry's path and says what it is, given what the field takes.</summary>
    private InclusionEntry? Resolve(WorkspaceFile file, Manifest owner, RenderScalar entry, EntryShape shape, FileRole role, string field, bool keyedFile)
    {
        var value = entry.Value.Trim();
        var span = entry.Source!.Value.Span;
        if (!entry.IsNull && KindCatalog.IsRemote(value) && field is "resources" or "bases" or "components")
        {
            return new InclusionEntry(file.Path, owner, span, field, value, role, EntryOutcome.Remote);
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
            EntryOutcome.LeavesRepository => new InclusionEntry(file.Path, owner, span, field, value, role, EntryOutcome.LeavesRepository),
            EntryOutcome.NotFound => new InclusionEntry(file.Path, owner, span, field, value, role, EntryOutcome.NotFound, resolved.Target),
            _ => new InclusionEntry(file.Path, owner, span, field, value, role, resolved.Outcome, resolved.Kustomization ?? resolved.Target, resolved.IsDirectory && resolved.Kustomization is null) { NamesFolder = resolved.IsDirectory },
        };
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
