using System.Runtime.ExceptionServices;
using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.IO;
using GitOpsAi.Core.Kustomize;

namespace GitOpsAi.Core.Workspace;

/// <summary>
/// Checks how files refer to each other: every path in a kustomization (resources, components, patches, generator
/// files, ...) and every Flux Kustomization <c>spec.path</c> must exist. The entries are walked once, by
/// <see cref="InclusionEntries"/> (the inclusion graph's edges); this turns what each was found to be into findings, and
/// records which files are patches or data, so they are not validated as whole objects.
/// </summary>
internal sealed class StructureAnalyzer
{
    private readonly IReadOnlyDictionary<string, WorkspaceFile> _files;
    private readonly string _root;
    private readonly HashSet<string> _gitRepositoriesInRepo = new(StringComparer.Ordinal);
    private readonly InclusionEntries _entries;
    private static int s_filesChecked;

    private StructureAnalyzer(IReadOnlyDictionary<string, WorkspaceFile> files, IFileSystem fileSystem, string root)
    {
        _files = files;
        _root = root;
        foreach (var file in files.Values)
        {
            foreach (var manifest in file.Manifests)
            {
                if (manifest.Is("source.toolkit.fluxcd.io", "GitRepository") && manifest.Name is { } name)
                {
                    _gitRepositoriesInRepo.Add(name);
                }
            }
        }

        _entries = new InclusionEntries(files, fileSystem, root, _gitRepositoriesInRepo);
    }

    /// <summary>How many files' kustomizations and Flux Kustomizations were checked in this process (tests check that an edit re-checks only the edited file).</summary>
    internal static int FilesChecked => Volatile.Read(ref s_filesChecked);

    /// <summary>
    /// The structure of a repository. With the lineage of a snapshot derived by replacing files (the same set of paths,
    /// the same disk), only the replaced files are checked again: what a file's entries resolve to depends only on the
    /// file, the set of paths and the repository's GitRepositories, so every other file's part is reused.
    /// </summary>
    /// <param name="parallel">False to check the files one by one (tests compare the two ways).</param>
    public static StructureIndex Analyze(IReadOnlyDictionary<string, WorkspaceFile> files, IFileSystem fileSystem, string root, SnapshotLineage? lineage = null, bool parallel = true)
    {
        var analyzer = new StructureAnalyzer(files, fileSystem, root);
        return analyzer.Run(lineage, parallel);
    }

    /// <summary>Below this many files to check, one core does it (a keystroke checks one file).</summary>
    private const int ParallelFromFiles = 64;

    private StructureIndex Run(SnapshotLineage? lineage, bool parallel)
    {
        var previous = Reusable(lineage);
        var files = _files.Values.OrderBy(f => f.Path, StringComparer.Ordinal).ToArray();
        var parts = new StructureIndex?[files.Length];
        var failures = new ExceptionDispatchInfo?[files.Length];
        void CheckAt(int i)
        {
            try
            {
                parts[i] = previous is not null && !lineage!.ChangedPaths.Contains(files[i].Path) ? previous.PerFile.GetValueOrDefault(files[i].Path) : Check(files[i]);
            }
            catch (Exception exception)
            {
                failures[i] = ExceptionDispatchInfo.Capture(exception);
            }
        }

        // Each part depends on its file alone (and the set of paths): a fresh index checks them on every core, and the
        // parts are absorbed in path order as before (roles are order-dependent), so the index is the same. The
        // structure is built before any file's analysis starts: on one core it left the other idle (50,000 resources).
        if (parallel && previous is null && files.Length >= ParallelFromFiles)
        {
            Parallel.For(0, files.Length, CheckAt);
        }
        else
        {
            for (var i = 0; i < files.Length; i++)
            {
                CheckAt(i);
            }
        }

        var result = new StructureIndex { GitRepositories = _gitRepositoriesInRepo };
        for (var i = 0; i < files.Length; i++)
        {
            failures[i]?.Throw(); // the first failure in path order, as a walk file by file met it
            if (parts[i] is { } part)
            {
                result.Absorb(files[i].Path, part);
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

    /// <summary>One file's part: what its kustomizations' entries and its Flux Kustomizations' paths were found to be; null when it has neither.</summary>
    private StructureIndex? Check(WorkspaceFile file)
    {
        if (!InclusionEntries.HasEntries(file))
        {
            return null;
        }

        Interlocked.Increment(ref s_filesChecked);
        var part = new StructureIndex();
        var read = _entries.Read(file);
        foreach (var entry in read.Entries)
        {
            Record(part, entry);
        }

        part.KustomizationList.AddRange(read.Kustomizations);

        return part;
    }

    /// <summary>An entry's edge, the role it gives its target, and the finding when it does not resolve to what its field takes.</summary>
    private void Record(StructureIndex part, InclusionEntry entry)
    {
        part.EntryList.Add(entry);
        if (entry.Outcome == EntryOutcome.Remote)
        {
            part.IncludesRemote.Add(entry.FromPath);
        }

        if (entry.TargetExists)
        {
            part.ReferenceList.Add(new PathReference(entry.FromPath, entry.Span, entry.TargetPath!, entry.TargetIsDirectory) { Field = entry.Field });
        }

        if (Finding(entry) is { } finding)
        {
            part.Add(entry.FromPath, finding);
        }
        else if (entry.Outcome == EntryOutcome.Resolved && !entry.NamesFolder && !entry.IsFluxPath)
        {
            if (entry.Role == FileRole.Resource)
            {
                part.ListedAsResource.Add(entry.TargetPath!);
            }
            else
            {
                part.SetRole(entry.TargetPath!, entry.Role);
            }
        }
    }

    private Diagnostic? Finding(InclusionEntry entry)
    {
        var (value, field, span) = (entry.Value, entry.Field, entry.Span);
        if (entry.IsFluxPath)
        {
            return entry.Outcome switch
            {
                EntryOutcome.LeavesRepository => CoreDiagnostics.PathOutsideRepository.Create(span,
                    $"spec.path '{value}' leaves the repository; Flux refuses paths outside the source artifact, and GitOpsAi does not read them."),
                EntryOutcome.NotFound => CoreDiagnostics.FluxPathNotFound.Create(span,
                    $"spec.path '{value}' does not exist in this repository (Flux resolves it from the repository root). The Kustomization would fail with 'kustomization path not found'."),
                _ => null,
            };
        }

        return entry.Outcome switch
        {
            EntryOutcome.LeavesRepository => CoreDiagnostics.PathOutsideRepository.Create(span,
                $"'{value}' listed in {field} leaves the repository; GitOpsAi does not read it, and Flux would refuse it."),
            EntryOutcome.NotFound => CoreDiagnostics.KustomizePathNotFound.Create(span,
                $"'{value}' listed in {field} does not exist (looked for {WorkspaceFile.RelativeTo(_root, entry.TargetPath!)}); kustomize build would fail."),
            EntryOutcome.DirectoryWhereFileExpected => CoreDiagnostics.KustomizeExpectedFile.Create(span,
                $"'{value}' in {field} is a directory, but {field} takes a file."),
            EntryOutcome.FileWhereDirectoryExpected => CoreDiagnostics.KustomizeExpectedFile.Create(span,
                $"'{value}' in {field} is a file, but {field} takes a directory holding a kustomization."),
            EntryOutcome.DirectoryWithoutKustomization => CoreDiagnostics.KustomizeMissingKustomization.Create(span,
                $"The directory '{value}' listed in {field} has no kustomization.yaml; kustomize cannot use it."),
            _ => null,
        };
    }
}
