using GitOpsAi.Core.Workspace;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Cli;

/// <summary>
/// What one path argument checks: the file or folder named, analysed with the repository that holds it as context
/// (its root is the nearest folder above holding <c>.git</c>, else the folder checked). Paths in every report are
/// relative to that root, so a pre-commit hook on one file and a full run name the same findings the same way.
/// </summary>
internal sealed record CheckScope(string FullPath, bool IsDirectory, string Root)
{
    public static CheckScope For(string fullPath, bool isDirectory)
    {
        var folder = isDirectory ? fullPath : Path.GetDirectoryName(fullPath)!;
        return new CheckScope(Path.TrimEndingDirectorySeparator(fullPath), isDirectory, FindRoot(folder));
    }

    /// <summary>The nearest folder at or above <paramref name="folder"/> holding <c>.git</c> (a folder, or a file in a worktree).</summary>
    public static string FindRoot(string folder)
    {
        for (var current = Path.TrimEndingDirectorySeparator(folder); current is not null; current = Path.GetDirectoryName(current))
        {
            var git = Path.Combine(current, ".git");
            if (Directory.Exists(git) || File.Exists(git))
            {
                return current;
            }
        }

        return Path.TrimEndingDirectorySeparator(folder);
    }

    public bool Contains(string path) =>
        path == FullPath || (IsDirectory && (FullPath == Root || path.StartsWith(FullPath + Path.DirectorySeparatorChar, StringComparison.Ordinal)));

    /// <summary>Template files under the folder (<c>.yaml.j2</c>, <c>.tmpl</c>, <c>.gotmpl</c>...), which are never checked, for one note.</summary>
    public int CountTemplateFiles()
    {
        if (!IsDirectory)
        {
            return 0;
        }

        // Dot-folders (.git) are skipped as the YAML walk skips them; .NET reports dot-names as hidden on Unix.
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.ReparsePoint };
        return Directory.EnumerateFiles(FullPath, "*", options)
            .Where(path => !path.Split(Path.DirectorySeparatorChar).Any(part => part is "node_modules" or "bin" or "obj"))
            .Count(JinjaTemplateDetector.HasTemplateExtension);
    }

    /// <summary>The files of the workspace this scope checks (the rest of the repository is context only).</summary>
    public IEnumerable<WorkspaceFile> FilesIn(WorkspaceSnapshot workspace) => workspace.Files.Values.Where(f => Contains(f.Path));
}
