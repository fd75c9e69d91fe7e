using System.Diagnostics;
using GitOpsAi.Core.Drift;

namespace GitOpsAi.Cluster;

/// <summary>
/// Reads files at Git HEAD with the git command line, for immutable-field checks with no cluster. The CLI asks only for
/// files modified on disk (one <c>git status</c> per repository finds them, so a large clean repository costs two
/// processes); the editor asks for any tracked file, since an open document differs from its saved text. Texts are
/// kept per HEAD commit. Without git, or outside a repository, every read is null.
/// </summary>
public sealed class GitHeadReader(bool onlyModifiedOnDisk) : IGitHead
{
    private sealed record Repository(string? Root, HashSet<string> Modified, string? Commit, DateTime CheckedAt);

    private static readonly TimeSpan CommitRecheck = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, Repository> _repositories = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _roots = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Commit, string Path), string?> _texts = [];
    private readonly Lock _lock = new();

    public string? Read(string absolutePath)
    {
        var repository = RepositoryOf(Path.GetDirectoryName(absolutePath) ?? absolutePath);
        if (repository.Root is null || repository.Commit is null)
        {
            return null;
        }

        var relative = Path.GetRelativePath(repository.Root, absolutePath).Replace('\\', '/');
        if (relative.StartsWith("../", StringComparison.Ordinal) || (onlyModifiedOnDisk && !repository.Modified.Contains(relative)))
        {
            return null;
        }

        lock (_lock)
        {
            if (_texts.TryGetValue((repository.Commit, relative), out var known))
            {
                return known;
            }
        }

        var text = Run(repository.Root, "show", $"HEAD:{relative}");
        lock (_lock)
        {
            _texts[(repository.Commit, relative)] = text;
        }

        return text;
    }

    private Repository RepositoryOf(string directory)
    {
        // The root is found on disk (the nearest folder holding .git, a folder or a worktree's file): asking git for it
        // meant a process per folder, thousands for a large repository, and as many for folders in no repository.
        var root = RootOf(directory);
        if (root is null)
        {
            return NoRepository;
        }

        lock (_lock)
        {
            if (_repositories.TryGetValue(root, out var known) && (DateTime.UtcNow - known.CheckedAt < CommitRecheck || onlyModifiedOnDisk))
            {
                return known;
            }
        }

        var repository = new Repository(root, onlyModifiedOnDisk ? ModifiedFiles(root) : [], Run(root, "rev-parse", "HEAD")?.Trim(), DateTime.UtcNow);
        lock (_lock)
        {
            _repositories[root] = repository;
        }

        return repository;
    }

    private static readonly Repository NoRepository = new(null, [], null, DateTime.MinValue);

    /// <summary>The working tree <paramref name="directory"/> lies in, or null; remembered per folder.</summary>
    internal string? RootOf(string directory)
    {
        lock (_lock)
        {
            if (_roots.TryGetValue(directory, out var known))
            {
                return known;
            }
        }

        var git = Path.Combine(directory, ".git");
        var root = Directory.Exists(git) || File.Exists(git) ? directory
            : Path.GetDirectoryName(directory) is { } parent && parent != directory ? RootOf(parent)
            : null;
        lock (_lock)
        {
            _roots[directory] = root;
        }

        return root;
    }

    private static HashSet<string> ModifiedFiles(string root)
    {
        // Modified tracked files only (" M", "M ", "MM"); new files have no HEAD version.
        var output = Run(root, "status", "--porcelain=v1", "--untracked-files=no", "--no-renames") ?? string.Empty;
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.Length > 3 && (line[0] == 'M' || line[1] == 'M'))
            .Select(line => line[3..].Trim().Trim('"'))
            .ToHashSet(StringComparer.Ordinal);
    }

    private static string? Run(string directory, params string[] arguments)
    {
        try
        {
            var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = directory };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start);
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(10_000))
            {
                process.Kill(entireProcessTree: true);
                return null;
            }

            return process.ExitCode == 0 ? output.Result : null;
        }
        catch (Exception exception) when (exception is System.ComponentModel.Win32Exception or IOException or InvalidOperationException)
        {
            return null; // no git on this machine
        }
    }
}
