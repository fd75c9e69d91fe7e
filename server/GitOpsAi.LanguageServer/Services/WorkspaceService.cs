using GitOpsAi.Core.IO;
using GitOpsAi.Core.Workspace;
using GitOpsAi.LanguageServer.Framework;

namespace GitOpsAi.LanguageServer.Services;

/// <summary>
/// The workspace folders and, for each, the current snapshot: the files on disk (indexed in the background) with the
/// open documents laid over them. Until a folder is indexed, its open documents are analysed on their own, so typing
/// never waits for indexing.
/// </summary>
internal sealed class WorkspaceService
{
    /// <summary>The editor keeps typing fast by checking only syntax above this size (the CLI checks everything).</summary>
    public const int EditorFullAnalysisMaxChars = 2_000_000;

    private readonly Lock _gate = new();
    private readonly ServerLog _log;
    private readonly IFileSystem _fileSystem;
    private readonly Dictionary<string, FolderState> _folders = new(StringComparer.Ordinal);
    private WorkspaceOptions _options = new() { FullAnalysisMaxChars = EditorFullAnalysisMaxChars };

    public WorkspaceService(ServerLog log, IFileSystem fileSystem)
    {
        _log = log;
        _fileSystem = fileSystem;
    }

    public WorkspaceOptions Options
    {
        get
        {
            lock (_gate)
            {
                return _options;
            }
        }
    }

    public IReadOnlyList<string> Roots
    {
        get
        {
            lock (_gate)
            {
                return _folders.Keys.ToList();
            }
        }
    }

    public void AddFolder(string root)
    {
        lock (_gate)
        {
            _folders.TryAdd(root, new FolderState(root, WorkspaceLoader.Create(root, [], _fileSystem, _options), IsIndexed: false));
        }
    }

    public void RemoveFolder(string root)
    {
        lock (_gate)
        {
            _folders.Remove(root);
        }
    }

    /// <summary>
    /// Indexes one folder from disk (slow; call off the dispatch thread), then lays the open documents over it: their
    /// files in the folder's current snapshot, which holds every edit analysed while the disk was being read.
    /// </summary>
    public void Index(string root, Func<string, bool> isOpen, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        var options = Options;
        var loaded = WorkspaceLoader.Load(root, _fileSystem, options, progress, cancellationToken);
        lock (_gate)
        {
            if (!_folders.TryGetValue(root, out var folder))
            {
                return;
            }

            // Settings may have changed while the folder was being read; the newest ones win.
            var snapshot = ReferenceEquals(options, _options) ? loaded : loaded.WithOptions(_options);
            foreach (var file in folder.Snapshot.Files.Values.Where(f => isOpen(f.Path)))
            {
                snapshot = snapshot.WithFile(file.Path, file);
            }

            _folders[root] = new FolderState(root, snapshot, IsIndexed: true);
        }

        _log.Info($"Indexed {loaded.Files.Count} YAML files under {root}.");
    }

    /// <summary>How many YAML files indexing the folder will read (a walk of the folder: only for progress reports).</summary>
    public int CountYamlFiles(string root) => WorkspaceLoader.FindYamlFiles(root, _fileSystem, Options).Count();

    public bool IsIndexed(string root)
    {
        lock (_gate)
        {
            return _folders.TryGetValue(root, out var folder) && folder.IsIndexed;
        }
    }

    /// <summary>The snapshot a file belongs to: its folder's, or a snapshot of its own directory when it is in none.</summary>
    public WorkspaceSnapshot SnapshotFor(string path)
    {
        lock (_gate)
        {
            return FolderOf(path)?.Snapshot ?? WorkspaceLoader.Create(StandaloneRoot(path), [], _fileSystem, _options);
        }
    }

    /// <summary>
    /// The root a file's relative path is taken from (its folder, else its own directory) and the version of the file
    /// its folder holds, if any; builds no snapshot, so it is cheap enough for every keystroke.
    /// </summary>
    public (string Root, WorkspaceFile? File) Locate(string path)
    {
        lock (_gate)
        {
            return FolderOf(path) is { } folder ? (folder.Root, folder.Snapshot.GetFile(path)) : (StandaloneRoot(path), null);
        }
    }

    /// <summary>Lays an open document's current text over its folder; returns the snapshot to analyse it in.</summary>
    public WorkspaceSnapshot Update(WorkspaceFile file)
    {
        lock (_gate)
        {
            if (FolderOf(file.Path) is not { } folder)
            {
                return WorkspaceLoader.Create(StandaloneRoot(file.Path), [file], _fileSystem, _options);
            }

            var snapshot = folder.Snapshot.WithFile(file.Path, file);
            _folders[folder.Root] = folder with { Snapshot = snapshot };
            return snapshot;
        }
    }

    /// <summary>
    /// The document closed: the disk version (if any) takes its place again in its folder. Outside every folder no
    /// snapshot holds it, so there is nothing to do (and no snapshot to build only to throw away).
    /// </summary>
    public void Revert(string path)
    {
        lock (_gate)
        {
            if (FolderOf(path) is { } folder)
            {
                _folders[folder.Root] = folder with { Snapshot = folder.Snapshot.WithFile(path, DiskVersion(path, folder.Root)) };
            }
        }
    }

    /// <summary>
    /// Files changed on disk (a branch checkout, a pull, another editor); non-YAML changes only refresh path checks. The
    /// files are read outside the lock (reading may be slow, or never end on a hostile file), so nothing else waits for
    /// them, and each folder gets one new snapshot for the whole batch: a checkout of 2,000 files at 50,000 resources
    /// made a snapshot, and every index of the repository, per file (over 400 s of CPU). Returns, per folder, which other
    /// files the changes can affect, and whether a change was outside every folder or in an open document (the caller
    /// re-checks every open document then).
    /// </summary>
    public (IReadOnlyList<(string Root, ChangeImpact Impact)> Folders, bool OutsideFolders) FilesChangedOnDisk(IReadOnlyList<(string Path, bool Deleted)> changes, Func<string, bool> isOpen)
    {
        var outsideFolders = false;
        var inFolders = new List<(string Path, bool Deleted, string Root)>();
        lock (_gate)
        {
            foreach (var (path, deleted) in changes)
            {
                if (FolderOf(path) is not { } folder || isOpen(path))
                {
                    outsideFolders = true;
                }
                else
                {
                    inFolders.Add((path, deleted, folder.Root));
                }
            }
        }

        var loaded = new WorkspaceFile?[inFolders.Count];
        var unreadable = new bool[inFolders.Count];
        Parallel.For(0, inFolders.Count, i =>
        {
            var (path, deleted, root) = inFolders[i];
            try
            {
                loaded[i] = WorkspaceLoader.IsYamlFile(path) && !deleted ? DiskVersion(path, root) : null;
            }
            catch (Exception exception)
            {
                // One file that cannot be read or parsed must not cost the others their update.
                _log.Error($"Reading the changed file {path} failed: {exception}");
                unreadable[i] = true;
            }
        });

        var impacts = new List<(string Root, ChangeImpact Impact)>();
        lock (_gate)
        {
            foreach (var batch in Enumerable.Range(0, inFolders.Count).Where(i => !unreadable[i]).GroupBy(i => inFolders[i].Root))
            {
                var root = batch.Key;
                var current = batch.Where(i => FolderOf(inFolders[i].Path)?.Root == root && !isOpen(inFolders[i].Path)).ToList();
                if (current.Count == 0 || !_folders.TryGetValue(root, out var folder))
                {
                    continue;
                }

                var yaml = current.Where(i => WorkspaceLoader.IsYamlFile(inFolders[i].Path)).Select(i => (inFolders[i].Path, loaded[i])).ToList();
                var before = yaml.Select(change => folder.Snapshot.GetFile(change.Path)).ToList();
                var snapshot = yaml.Count > 0 ? folder.Snapshot.WithFiles(yaml) : folder.Snapshot;
                _folders[root] = folder with { Snapshot = snapshot.WithDiskChanged() };
                impacts.Add((root, ImpactOf(before, yaml, changedFiles: current.Count, root, snapshot)));
            }
        }

        return (impacts, outsideFolders);
    }

    /// <summary>
    /// What a batch of changes in one folder can affect. A file appearing or going, or a non-YAML file changing, changes
    /// which paths exist, which kustomizations and Flux paths check; several changed files reach everything open (they are
    /// few, and working the impact out per file would cost more than the re-checks).
    /// </summary>
    private static ChangeImpact ImpactOf(List<WorkspaceFile?> before, List<(string Path, WorkspaceFile? File)> yaml, int changedFiles, string root, WorkspaceSnapshot snapshot)
    {
        if (changedFiles != yaml.Count || before.Any(file => file is null) || yaml.Any(change => change.File is null))
        {
            return ChangeImpact.Everything;
        }

        if (yaml.Count == 1)
        {
            return ChangeImpact.Of(before[0], yaml[0].File, root, snapshot);
        }

        return yaml.Select((change, i) => ChangeImpact.Of(before[i], change.File, root)).All(impact => impact.AffectsNothing)
            ? ChangeImpact.Nothing
            : ChangeImpact.Everything;
    }

    public void ApplyOptions(WorkspaceOptions options)
    {
        lock (_gate)
        {
            _options = options with { FullAnalysisMaxChars = EditorFullAnalysisMaxChars };
            foreach (var folder in _folders.Values.ToList())
            {
                _folders[folder.Root] = folder with { Snapshot = folder.Snapshot.WithOptions(_options) };
            }
        }
    }

    public IReadOnlyList<WorkspaceSnapshot> AllSnapshots()
    {
        lock (_gate)
        {
            return _folders.Values.Select(f => f.Snapshot).ToList();
        }
    }

    /// <summary>The file as saved, or null when it is gone or not a YAML file the workspace holds.</summary>
    private WorkspaceFile? DiskVersion(string path, string root) =>
        WorkspaceLoader.IsYamlFile(path) && _fileSystem.FileExists(path) ? WorkspaceFile.Load(_fileSystem, path, root) : null;

    private FolderState? FolderOf(string path) =>
        _folders.Values.Where(f => IsUnder(path, f.Root)).OrderByDescending(f => f.Root.Length).FirstOrDefault();

    /// <summary>A file outside every folder is analysed with its own directory as the root.</summary>
    private static string StandaloneRoot(string path) => Path.GetDirectoryName(path) ?? "/";

    // GetRelativePath knows the platform's separators and case rules (Windows paths use '\\' and ignore case).
    private static bool IsUnder(string path, string root)
    {
        var relative = Path.GetRelativePath(root, path);
        return relative != "." && relative != ".." && !Path.IsPathRooted(relative)
            && !relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    private sealed record FolderState(string Root, WorkspaceSnapshot Snapshot, bool IsIndexed);
}

internal static class WorkspaceSnapshotExtensions
{
    /// <summary>
    /// The snapshot itself when it holds this very file, else one with the file laid over (not stored anywhere): a
    /// folder's snapshot may hold an older version, and outside every folder it holds none.
    /// </summary>
    public static WorkspaceSnapshot Holding(this WorkspaceSnapshot snapshot, WorkspaceFile file) =>
        ReferenceEquals(snapshot.GetFile(file.Path), file) ? snapshot : snapshot.WithFile(file.Path, file);
}
