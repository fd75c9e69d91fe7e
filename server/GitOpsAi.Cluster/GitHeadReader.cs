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
        lock (_lock)
        {
            if (_repositories.TryGetValue(directory, out var known) && (known.Root is null || DateTime.UtcNow - known.CheckedAt < CommitRecheck || onlyModifiedOnDisk))
            {
                return known;
            }
        }

        var root = Run(directory, "rev-parse", "--show-toplevel")?.Trim();
        var repository = root is { Length: > 0 }
            ? new Repository(root, onlyModifiedOnDisk ? ModifiedFiles(root) : [], Run(root, "rev-parse", "HEAD")?.Trim(), DateTime.UtcNow)
            : new Repository(null, [], null, DateTime.UtcNow);
        lock (_lock)
        {
            _repositories[directory] = repository;
        }

        return repository;
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
