using GitOpsAi.Core.Config;
using GitOpsAi.Core.IO;
using GitOpsAi.Core.Schemas;

namespace GitOpsAi.Core.Workspace;

/// <summary>Finds and parses every YAML file under a root, in parallel.</summary>
public static class WorkspaceLoader
{
    public static WorkspaceSnapshot Load(string root, IFileSystem fileSystem, WorkspaceOptions? options = null, IProgress<int>? filesParsed = null, CancellationToken cancellationToken = default)
    {
        options ??= WorkspaceOptions.Default;
        root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        var isDirectory = fileSystem.DirectoryExists(root);
        var baseDirectory = isDirectory ? root : Path.GetDirectoryName(root) ?? root;

        // The configuration is read first, once: its "ignore" globs keep ignored folders from being parsed, and the
        // snapshot starts with it. It lives in a dot-folder the walk skips, and is analysed too (its problems are reported there).
        var configFiles = isDirectory ? ConfigFilesUnder(root, fileSystem) : [];
        var config = configFiles.Count > 0 ? RulesConfigLoader.Load(configFiles[0].Path, configFiles[0].Source.Text) : null;

        var unlistable = new List<(string Folder, string Reason)>();
        var paths = isDirectory ? FindYamlFiles(root, fileSystem, options, config?.Ignore ?? [], unlistable) : [root];
        var files = new WorkspaceFile[paths.Count];
        var done = 0;
        Parallel.For(0, paths.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            try
            {
                files[i] = WorkspaceFile.Load(fileSystem, paths[i], baseDirectory, options.KeepTextsOnDisk);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // A defect in parsing one file must not lose the others: it becomes an internal-error finding there.
                files[i] = WorkspaceFile.Failed(paths[i], baseDirectory, exception);
            }

            filesParsed?.Report(Interlocked.Increment(ref done));
        });

        var folders = unlistable.Select(u => WorkspaceFile.UnlistableFolder(u.Folder, baseDirectory, u.Reason));
        return Create(baseDirectory, files.Concat(configFiles).Concat(folders), fileSystem, options, config);
    }

    /// <summary>A snapshot of files already in memory (tests, single documents).</summary>
    public static WorkspaceSnapshot Create(string root, IEnumerable<WorkspaceFile> files, IFileSystem fileSystem, WorkspaceOptions? options = null) =>
        Create(root, files, fileSystem, options, rulesConfig: null);

    /// <param name="rulesConfig">The configuration already read from <paramref name="files"/>, or null to read it when first asked for.</param>
    private static WorkspaceSnapshot Create(string root, IEnumerable<WorkspaceFile> files, IFileSystem fileSystem, WorkspaceOptions? options, RulesConfig? rulesConfig)
    {
        options ??= WorkspaceOptions.Default;
        var problems = new List<SchemaLoadProblem>();
        var extra = new List<KindSchema>(options.ExtraSchemas);
        foreach (var folder in options.ExtraSchemaFolders)
        {
            var confineTo = options.ConfineSchemaFolders ? root : null;
            extra.AddRange(SchemaFolderLoader.Load(Path.GetFullPath(folder, root), fileSystem, SchemaRegistry.Default.ObjectMeta, problems, confineTo));
        }

        var byPath = new Dictionary<string, WorkspaceFile>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            byPath[file.Path] = file;
        }

        return new WorkspaceSnapshot(root, byPath, fileSystem, options, extra, problems, rulesConfig: rulesConfig);
    }

    public static IEnumerable<string> FindYamlFiles(string root, IFileSystem fileSystem, WorkspaceOptions options) =>
        FindYamlFiles(root, fileSystem, options, IgnoredPaths(root, fileSystem), unlistable: []);

    /// <param name="ignored">The configuration's "ignore" globs, matched against paths relative to <paramref name="root"/>.</param>
    /// <param name="unlistable">Receives the folders that could not be listed (permission denied...), with the reason.</param>
    private static List<string> FindYamlFiles(string root, IFileSystem fileSystem, WorkspaceOptions options, IReadOnlyList<string> ignored, List<(string Folder, string Reason)> unlistable)
    {
        var pending = new Stack<string>([root]);
        var found = new List<string>();
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            var listing = fileSystem.List(directory);
            if (listing.Problem is { } problem)
            {
                if (!IsIgnored(root, directory, ignored, options))
                {
                    unlistable.Add((directory, problem));
                }

                continue;
            }

            foreach (var child in listing.Directories)
            {
                var name = Path.GetFileName(child);
                if (!name.StartsWith('.') && !options.IgnoredDirectoryNames.Contains(name, StringComparer.Ordinal))
                {
                    pending.Push(child);
                }
            }

            foreach (var file in listing.Files)
            {
                if (IsYamlFile(file) && !IsIgnored(root, file, ignored, options))
                {
                    found.Add(file);
                }
            }
        }

        found.Sort(StringComparer.Ordinal);
        return found;
    }

    /// <summary>Whether the configuration's "ignore" covers a path (the walk and the analysis agree on it).</summary>
    internal static bool IsIgnored(string root, string path, IReadOnlyList<string> ignored, WorkspaceOptions options)
    {
        if (ignored.Count == 0 || !Matches(root, path, ignored))
        {
            return false;
        }

        // Named explicitly, and ignored only because the path named (or a folder above it) is: the user's request wins,
        // and the whole ignored folder it lies in is read as its context (the Deployment beside a named HPA).
        return !options.ExplicitPaths.Any(named => OutermostIgnored(root, named, ignored) is { } context && IsSameOrUnder(path, context));
    }

    private static bool Matches(string root, string path, IReadOnlyList<string> ignored)
    {
        var relative = WorkspaceFile.RelativeTo(root, path);
        return ignored.Any(pattern => Glob.MatchesPath(pattern, relative));
    }

    /// <summary>The ignored folder nearest the root at or above <paramref name="named"/>, or null when nothing there is ignored.</summary>
    private static string? OutermostIgnored(string root, string named, IReadOnlyList<string> ignored)
    {
        string? outermost = null;
        for (var current = named; current is not null && IsSameOrUnder(current, root) && current != root; current = Path.GetDirectoryName(current))
        {
            // "dir/" matches what is under dir, not dir itself: a folder is ignored when everything in it is.
            if (Matches(root, current, ignored) || Matches(root, Path.Combine(current, "any-child"), ignored))
            {
                outermost = current;
            }
        }

        return outermost;
    }

    private static bool IsSameOrUnder(string path, string folder) =>
        path == folder || path.StartsWith(Path.TrimEndingDirectorySeparator(folder) + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>The configuration files present under the root, loaded; the first one is the configuration in force.</summary>
    private static List<WorkspaceFile> ConfigFilesUnder(string root, IFileSystem fileSystem) =>
        WorkspaceSnapshot.ConfigPathsUnder(root).Where(fileSystem.FileExists).Select(path => WorkspaceFile.Load(fileSystem, path, root)).ToList();

    /// <summary>The "ignore" globs of the repository's configuration, for a walk on its own (counting the files to load).</summary>
    private static IReadOnlyList<string> IgnoredPaths(string root, IFileSystem fileSystem)
    {
        foreach (var path in WorkspaceSnapshot.ConfigPathsUnder(root))
        {
            if (fileSystem.FileExists(path))
            {
                var loaded = WorkspaceFile.Load(fileSystem, path, root);
                return loaded.IsSkipped ? [] : RulesConfigLoader.Load(path, loaded.Source.Text).Ignore;
            }
        }

        return [];
    }

    public static bool IsYamlFile(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
        || Path.GetFileName(path) == "Kustomization";
}
