using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.IO;
using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Workspace;

/// <summary>
/// Checks how files refer to each other: every path in a kustomization (resources, components, patches, generator
/// files, ...) and every Flux Kustomization <c>spec.path</c> must exist. Also records which files are patches or data,
/// so they are not validated as whole objects.
/// </summary>
internal sealed class StructureAnalyzer
{
    private readonly IReadOnlyDictionary<string, WorkspaceFile> _files;
    private readonly IFileSystem _fileSystem;
    private readonly string _root;
    private static int s_filesChecked;

    /// <summary>What the file being checked contributes (each file's part is kept, so the next snapshot can reuse it).</summary>
    private StructureIndex _index = new();
    private readonly HashSet<string> _directoriesWithFiles = new(StringComparer.Ordinal);
    private readonly HashSet<string> _gitRepositoriesInRepo = new(StringComparer.Ordinal);

    private StructureAnalyzer(IReadOnlyDictionary<string, WorkspaceFile> files, IFileSystem fileSystem, string root)
    {
        _files = files;
        _fileSystem = fileSystem;
        _root = root;
        foreach (var path in files.Keys)
        {
            for (var directory = Path.GetDirectoryName(path); directory is not null && _directoriesWithFiles.Add(directory); directory = Path.GetDirectoryName(directory))
            {
            }
        }
    }

    /// <summary>How many files' kustomizations and Flux Kustomizations were checked in this process (tests check that an edit re-checks only the edited file).</summary>
    internal static int FilesChecked => Volatile.Read(ref s_filesChecked);

    /// <summary>
    /// The structure of a repository. With the lineage of a snapshot derived by replacing files (the same set of paths,
    /// the same disk), only the replaced files are checked again: what a file's entries resolve to depends only on the
    /// file, the set of paths and the repository's GitRepositories, so every other file's part is reused.
    /// </summary>
    public static StructureIndex Analyze(IReadOnlyDictionary<string, WorkspaceFile> files, IFileSystem fileSystem, string root, SnapshotLineage? lineage = null)
    {
        var analyzer = new StructureAnalyzer(files, fileSystem, root);
        return analyzer.Run(lineage);
    }

    private StructureIndex Run(SnapshotLineage? lineage)
    {
        foreach (var file in _files.Values)
        {
            foreach (var manifest in file.Manifests)
            {
                if (manifest.Is("source.toolkit.fluxcd.io", "GitRepository") && manifest.Name is { } name)
                {
                    _gitRepositoriesInRepo.Add(name);
                }
            }
        }

        var previous = Reusable(lineage);
        var result = new StructureIndex { GitRepositories = _gitRepositoriesInRepo };
        foreach (var file in _files.Values.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            var part = previous is not null && !lineage!.ChangedPaths.Contains(file.Path) ? previous.PerFile.GetValueOrDefault(file.Path) : Check(file);
            if (part is not null)
            {
                result.Absorb(file.Path, part);
            }
        }

        return result;
    }

    /// <summary>The previous snapshot's structure when every file's part of it still holds (see <see cref="Analyze"/>).</summary>
    private StructureIndex? Reusable(SnapshotLineage? lineage)
    {
        if (lineage is null || !lineage.TryGetPrevious(out var previous) || !previous.StructureBuilt || previous.Root != _root
            || previous.Files.Count != _files.Count || lineage.ChangedPaths.Any(path => !previous.Files.ContainsKey(path) || !_files.ContainsKey(path)))
        {
            return null;
        }

        var index = previous.Structure;
        return index.GitRepositories.SetEquals(_gitRepositoriesInRepo) ? index : null;
    }

    /// <summary>One file's part: its kustomizations' entries and its Flux Kustomizations' paths; null when it has neither.</summary>
    private StructureIndex? Check(WorkspaceFile file)
    {
        if (!file.Manifests.Any(m => m.IsKustomizeConfig || m.IsFluxKustomization))
        {
            return null;
        }

        Interlocked.Increment(ref s_filesChecked);
        _index = new StructureIndex();
        foreach (var manifest in file.Manifests)
        {
            if (manifest.IsKustomizeConfig)
            {
                new KustomizationChecker(this, file, manifest.Root).Check();
            }
            else if (manifest.IsFluxKustomization)
            {
                CheckFluxPath(file, manifest);
            }
        }

        return _index;
    }

    /// <summary>
    /// Flux resolves spec.path against the root of the source artifact. Only a GitRepository that is this repository
    /// (flux bootstrap's "flux-system", or one not defined here) can be checked; a repository nested in the workspace
    /// is found by trying each folder above the Kustomization's file.
    /// </summary>
    private void CheckFluxPath(WorkspaceFile file, Manifest manifest)
    {
        var spec = manifest.Spec;
        if (spec?["path"] is not YamlScalar { IsNull: false } pathNode)
        {
            return;
        }

        var sourceRef = spec.GetMapping("sourceRef");
        var sourceKind = sourceRef?.GetString("kind");
        var sourceName = sourceRef?.GetString("name");
        var isThisRepository = sourceKind == "GitRepository" && (sourceName == "flux-system" || (sourceName is not null && !_gitRepositoriesInRepo.Contains(sourceName)));
        var value = pathNode.Value.Trim();
        if (!isThisRepository || value.Contains("${", StringComparison.Ordinal) || value.Length == 0)
        {
            return;
        }

        var relative = value.TrimStart('.', '/').Length == 0 ? "." : value.TrimStart('/');
        if (RepositoryPaths.Resolve(_root, _root, relative) is null)
        {
            _index.Add(file.Path, CoreDiagnostics.PathOutsideRepository.Create(pathNode.Span,
                $"spec.path '{value}' leaves the repository; Flux refuses paths outside the source artifact, and GitOpsAi does not read them."));
            return;
        }

        for (var directory = file.Directory; directory is not null && directory.StartsWith(_root, StringComparison.Ordinal); directory = Path.GetDirectoryName(directory))
        {
            if (RepositoryPaths.Resolve(_root, directory, relative) is { } candidate && DirectoryExists(candidate))
            {
                _index.ReferenceList.Add(new PathReference(file.Path, pathNode.Span, candidate, TargetIsDirectory: true) { Field = "spec.path" });
                return;
            }
        }

        _index.Add(file.Path, CoreDiagnostics.FluxPathNotFound.Create(pathNode.Span,
            $"spec.path '{value}' does not exist in this repository (Flux resolves it from the repository root). The Kustomization would fail with 'kustomization path not found'."));
    }

    private bool FileExists(string path) => _files.ContainsKey(path) || _fileSystem.FileExists(path);

    private bool DirectoryExists(string path) => _directoriesWithFiles.Contains(path) || _fileSystem.DirectoryExists(path);

    /// <summary>The kustomization fields that name files or directories, and how each is checked.</summary>
    private sealed class KustomizationChecker(StructureAnalyzer owner, WorkspaceFile file, YamlMapping root)
    {
        private enum Expect
        {
            FileOrKustomizationDirectory,
            KustomizationDirectory,
            File,
            FileOrDirectory,
            Directory,
        }

        public void Check()
        {
            foreach (var entry in Scalars(root["resources"]))
            {
                CheckEntry(entry, Expect.FileOrKustomizationDirectory, FileRole.Resource, "resources");
            }

            foreach (var entry in Scalars(root["bases"]))
            {
                CheckEntry(entry, Expect.FileOrKustomizationDirectory, FileRole.Resource, "bases");
            }

            foreach (var entry in Scalars(root["components"]))
            {
                CheckEntry(entry, Expect.KustomizationDirectory, FileRole.Resource, "components");
            }

            foreach (var entry in Scalars(root["crds"]))
            {
                CheckEntry(entry, Expect.File, FileRole.Resource, "crds");
            }

            foreach (var entry in Scalars(root["patchesStrategicMerge"]))
            {
                if (!IsInlineDocument(entry.Value))
                {
                    CheckEntry(entry, Expect.File, FileRole.Patch, "patchesStrategicMerge");
                }
            }

            foreach (var path in Paths(root["patches"]))
            {
                CheckEntry(path, Expect.File, FileRole.Patch, "patches");
            }

            // A bare string is not a patch entry kustomize accepts (schema validation reports the entry), but the file
            // it names is still meant as a patch: it is checked as one, never as a whole object.
            foreach (var bare in Scalars(root["patches"]).Where(e => !e.IsNull))
            {
                if (!IsInlineDocument(bare.Value))
                {
                    CheckEntry(bare, Expect.File, FileRole.Patch, "patches");
                }
            }

            foreach (var path in Paths(root["patchesJson6902"]))
            {
                CheckEntry(path, Expect.File, FileRole.JsonPatch, "patchesJson6902");
            }

            foreach (var field in new[] { "configMapGenerator", "secretGenerator" })
            {
                foreach (var generator in Mappings(root[field]))
                {
                    foreach (var entry in Scalars(generator["files"]))
                    {
                        CheckEntry(entry, Expect.File, FileRole.Data, field, keyedFile: true);
                    }

                    foreach (var entry in Scalars(generator["envs"]))
                    {
                        CheckEntry(entry, Expect.File, FileRole.Data, field);
                    }

                    if (generator["env"] is YamlScalar env)
                    {
                        CheckEntry(env, Expect.File, FileRole.Data, field);
                    }
                }
            }

            foreach (var field in new[] { "generators", "transformers", "validators" })
            {
                foreach (var entry in Scalars(root[field]))
                {
                    if (!IsInlineDocument(entry.Value))
                    {
                        CheckEntry(entry, Expect.FileOrDirectory, FileRole.Resource, field);
                    }
                }
            }

            foreach (var path in Paths(root["replacements"]))
            {
                CheckEntry(path, Expect.File, FileRole.Data, "replacements");
            }

            foreach (var chart in Mappings(root["helmCharts"]))
            {
                if (chart["valuesFile"] is YamlScalar valuesFile)
                {
                    CheckEntry(valuesFile, Expect.File, FileRole.Data, "helmCharts");
                }

                foreach (var entry in Scalars(chart["additionalValuesFiles"]))
                {
                    CheckEntry(entry, Expect.File, FileRole.Data, "helmCharts");
                }
            }

            foreach (var entry in Scalars(root["configurations"]))
            {
                CheckEntry(entry, Expect.File, FileRole.Data, "configurations");
            }

            if (root.At("openapi", "path") is YamlScalar openApi)
            {
                CheckEntry(openApi, Expect.File, FileRole.Data, "openapi");
            }
        }

        private void CheckEntry(YamlScalar entry, Expect expect, FileRole role, string field, bool keyedFile = false)
        {
            var value = entry.Value.Trim();
            if (!entry.IsNull && KindCatalog.IsRemote(value) && field is "resources" or "bases" or "components")
            {
                owner._index.IncludesRemote.Add(file.Path);
            }

            if (entry.IsNull || value.Length == 0 || KindCatalog.IsRemote(value) || value.Contains("${", StringComparison.Ordinal) || value.Contains("$(", StringComparison.Ordinal))
            {
                return;
            }

            if (keyedFile && value.IndexOf('=') is var equals and > 0)
            {
                value = value[(equals + 1)..]; // "key=path"
            }

            if (RepositoryPaths.Resolve(owner._root, file.Directory, value) is not { } target)
            {
                owner._index.Add(file.Path, CoreDiagnostics.PathOutsideRepository.Create(entry.Span,
                    $"'{value}' listed in {field} leaves the repository; GitOpsAi does not read it, and Flux would refuse it."));
                return;
            }

            var isFile = owner.FileExists(target);
            var isDirectory = !isFile && owner.DirectoryExists(target);
            if (!isFile && !isDirectory)
            {
                owner._index.Add(file.Path, CoreDiagnostics.KustomizePathNotFound.Create(entry.Span,
                    $"'{value}' listed in {field} does not exist (looked for {WorkspaceFile.RelativeTo(owner._root, target)}); kustomize build would fail."));
                return;
            }

            var kustomization = isDirectory ? KustomizationIn(target) : null;
            owner._index.ReferenceList.Add(new PathReference(file.Path, entry.Span, kustomization ?? target, isDirectory && kustomization is null) { Field = field });
            if (isDirectory && expect is Expect.File)
            {
                owner._index.Add(file.Path, CoreDiagnostics.KustomizeExpectedFile.Create(entry.Span,
                    $"'{value}' in {field} is a directory, but {field} takes a file."));
                return;
            }

            if (isFile && expect is Expect.KustomizationDirectory or Expect.Directory)
            {
                owner._index.Add(file.Path, CoreDiagnostics.KustomizeExpectedFile.Create(entry.Span,
                    $"'{value}' in {field} is a file, but {field} takes a directory holding a kustomization."));
                return;
            }

            if (isDirectory && expect is Expect.FileOrKustomizationDirectory or Expect.KustomizationDirectory && kustomization is null)
            {
                owner._index.Add(file.Path, CoreDiagnostics.KustomizeMissingKustomization.Create(entry.Span,
                    $"The directory '{value}' listed in {field} has no kustomization.yaml; kustomize cannot use it."));
                return;
            }

            if (isFile)
            {
                if (role == FileRole.Resource)
                {
                    owner._index.ListedAsResource.Add(target);
                }
                else
                {
                    owner._index.SetRole(target, role);
                }
            }
        }

        private string? KustomizationIn(string directory)
        {
            foreach (var name in ManifestReader.KustomizationFileNames)
            {
                var candidate = Path.Combine(directory, name);
                if (owner.FileExists(candidate))
                {
                    return candidate;
                }
            }

            return null;
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
