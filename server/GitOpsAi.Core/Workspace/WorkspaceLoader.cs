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
        var paths = fileSystem.DirectoryExists(root) ? FindYamlFiles(root, fileSystem, options).ToList() : [root];
        if (fileSystem.DirectoryExists(root))
        {
            // The configuration lives in a dot-folder the walk skips; it is analysed too (its problems are reported there).
            paths.AddRange(WorkspaceSnapshot.ConfigPathsUnder(root).Where(fileSystem.FileExists).Where(p => !paths.Contains(p)));
        }

        var baseDirectory = fileSystem.DirectoryExists(root) ? root : Path.GetDirectoryName(root) ?? root;
        var files = new WorkspaceFile[paths.Count];
        var done = 0;
        Parallel.For(0, paths.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            files[i] = WorkspaceFile.Load(fileSystem, paths[i], baseDirectory);
            filesParsed?.Report(Interlocked.Increment(ref done));
        });

        return Create(baseDirectory, files, fileSystem, options);
    }

    /// <summary>A snapshot of files already in memory (tests, single documents).</summary>
    public static WorkspaceSnapshot Create(string root, IEnumerable<WorkspaceFile> files, IFileSystem fileSystem, WorkspaceOptions? options = null)
    {
        options ??= WorkspaceOptions.Default;
        var problems = new List<SchemaLoadProblem>();
        var extra = new List<KindSchema>();
        foreach (var folder in options.ExtraSchemaFolders)
        {
            extra.AddRange(SchemaFolderLoader.Load(Path.GetFullPath(folder, root), fileSystem, SchemaRegistry.Default.ObjectMeta, problems));
        }

        var byPath = new Dictionary<string, WorkspaceFile>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            byPath[file.Path] = file;
        }

        return new WorkspaceSnapshot(root, byPath, fileSystem, options, extra, problems);
    }

    public static IEnumerable<string> FindYamlFiles(string root, IFileSystem fileSystem, WorkspaceOptions options)
    {
        var ignored = IgnoredPaths(root, fileSystem);
        var pending = new Stack<string>([root]);
        var found = new List<string>();
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            foreach (var child in fileSystem.EnumerateDirectories(directory))
            {
                var name = Path.GetFileName(child);
                if (!name.StartsWith('.') && !options.IgnoredDirectoryNames.Contains(name, StringComparer.Ordinal))
                {
                    pending.Push(child);
                }
            }

            foreach (var file in fileSystem.EnumerateFiles(directory))
            {
                if (IsYamlFile(file) && (ignored.Count == 0 || !ignored.Any(pattern => Config.Glob.MatchesPath(pattern, WorkspaceFile.RelativeTo(root, file)))))
                {
                    found.Add(file);
                }
            }
        }

        found.Sort(StringComparer.Ordinal);
        return found;
    }

    /// <summary>The "ignore" globs of the repository's configuration, read before the walk so ignored folders are never parsed.</summary>
    private static IReadOnlyList<string> IgnoredPaths(string root, IFileSystem fileSystem)
    {
        foreach (var path in WorkspaceSnapshot.ConfigPathsUnder(root))
        {
            if (fileSystem.FileExists(path))
            {
                try
                {
                    return Config.RulesConfigLoader.Load(path, TextDecoder.Decode(fileSystem.ReadAllBytes(path)).Text).Ignore;
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    return [];
                }
            }
        }

        return [];
    }

    public static bool IsYamlFile(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
        || Path.GetFileName(path) == "Kustomization";
}
