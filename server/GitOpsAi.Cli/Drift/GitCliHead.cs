using System.Diagnostics;
using GitOpsAi.Core.Drift;

namespace GitOpsAi.Cli.Drift;

/// <summary>
/// Reads files at Git HEAD with the git command line. One <c>git status</c> per repository finds the files that differ
/// from HEAD, and only those are read with <c>git show</c>, so a large clean repository costs two processes. Without
/// git, or outside a repository, every read is null (no HEAD comparison).
/// </summary>
internal sealed class GitCliHead : IGitHead
{
    private readonly Dictionary<string, (string? Root, HashSet<string> Changed)> _repositories = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public string? Read(string absolutePath)
    {
        var directory = Path.GetDirectoryName(absolutePath) ?? absolutePath;
        (string? Root, HashSet<string> Changed) repository;
        lock (_lock)
        {
            if (!_repositories.TryGetValue(directory, out repository))
            {
                var root = Run(directory, "rev-parse", "--show-toplevel")?.Trim();
                repository = root is { Length: > 0 } ? (root, ChangedFiles(root)) : (null, []);
                _repositories[directory] = repository;
            }
        }

        if (repository.Root is null)
        {
            return null;
        }

        var relative = Path.GetRelativePath(repository.Root, absolutePath).Replace('\\', '/');
        return repository.Changed.Contains(relative) ? Run(repository.Root, "show", $"HEAD:{relative}") : null;
    }

    private static HashSet<string> ChangedFiles(string root)
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
