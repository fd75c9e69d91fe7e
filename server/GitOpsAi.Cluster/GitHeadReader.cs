using System.Diagnostics;
using GitOpsAi.Core.Drift;

namespace GitOpsAi.Cluster;

/// <summary>
/// Reads files at Git HEAD with the git command line, for immutable-field checks with no cluster. The CLI asks only for
/// files modified on disk (one <c>git status</c> per repository finds them, so a large clean repository costs two
/// processes); the editor asks for any tracked file, since an open document differs from its saved text. Texts are
/// kept per HEAD commit. In the editor the HEAD commit is read again only after <see cref="GitHeadWatch"/> saw HEAD or
/// a ref change (a commit, a checkout), so no git process runs while the repository's history stands still; where the
/// git folder cannot be watched it is re-read at most every 5 s. Without git, or outside a repository, every read is null.
/// </summary>
public sealed class GitHeadReader(bool onlyModifiedOnDisk) : IGitHead, IDisposable
{
    private sealed record Repository(string? Root, HashSet<string> Modified, string? Commit, DateTime CheckedAt);

    /// <summary>Only for a repository whose git folder cannot be watched.</summary>
    private static readonly TimeSpan CommitRecheck = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, Repository> _repositories = new(StringComparer.Ordinal);
    private readonly Dictionary<string, GitHeadWatch?> _watches = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _roots = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Commit, string Path), string?> _texts = [];
    private readonly Lock _lock = new();
    private readonly Lock _repositoryGate = new();
    private int _processes;

    /// <summary>Raised (on a watcher thread) with a repository's root after its HEAD or a ref may have moved: open documents there deserve a re-check.</summary>
    public event Action<string>? HeadChanged;

    /// <summary>How many git processes this reader started (tests prove that none runs while nothing changes).</summary>
    internal int ProcessesStarted => Volatile.Read(ref _processes);

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

        // The CLI reads a repository once per run; the editor again only after HEAD or a ref changed.
        var watch = onlyModifiedOnDisk ? null : WatchOf(root);
        lock (_lock)
        {
            if (_repositories.TryGetValue(root, out var known)
                && (onlyModifiedOnDisk || (watch is null ? DateTime.UtcNow - known.CheckedAt < CommitRecheck : !watch.TakeChange())))
            {
                return known;
            }
        }

        // One reader at a time, and a read that began after this question is its answer: every file of a whole-repository
        // check asks at once, and each used to start its own two git processes for the same answer.
        var asked = DateTime.UtcNow;
        lock (_repositoryGate)
        {
            lock (_lock)
            {
                if (_repositories.TryGetValue(root, out var readMeanwhile) && (onlyModifiedOnDisk || readMeanwhile.CheckedAt >= asked))
                {
                    return readMeanwhile;
                }
            }

            return ReadRepository(root);
        }
    }

    private Repository ReadRepository(string root)
    {
        var started = DateTime.UtcNow; // what a question asked after this began may take as its answer
        var repository = new Repository(root, onlyModifiedOnDisk ? ModifiedFiles(root) : [], Run(root, "rev-parse", "HEAD")?.Trim(), started);
        lock (_lock)
        {
            if (_repositories.TryGetValue(root, out var previous) && previous.Commit is { } old && old != repository.Commit)
            {
                // Texts of a commit HEAD left are not asked for again.
                foreach (var key in _texts.Keys.Where(k => k.Commit == old).ToList())
                {
                    _texts.Remove(key);
                }
            }

            _repositories[root] = repository;
        }

        return repository;
    }

    /// <summary>The watch of a repository's HEAD, started on first use (before its commit is read, so no change is missed).</summary>
    private GitHeadWatch? WatchOf(string root)
    {
        lock (_lock)
        {
            if (_watches.TryGetValue(root, out var known))
            {
                return known;
            }

            var watch = GitHeadWatch.TryStart(root);
            if (watch is not null)
            {
                watch.Changed += () => HeadChanged?.Invoke(root);
            }

            _watches[root] = watch;
            return watch;
        }
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

    private HashSet<string> ModifiedFiles(string root)
    {
        // Modified tracked files only (" M", "M ", "MM"); new files have no HEAD version.
        var output = Run(root, "status", "--porcelain=v1", "--untracked-files=no", "--no-renames") ?? string.Empty;
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.Length > 3 && (line[0] == 'M' || line[1] == 'M'))
            .Select(line => line[3..].Trim().Trim('"'))
            .ToHashSet(StringComparer.Ordinal);
    }

    private string? Run(string directory, params string[] arguments)
    {
        Interlocked.Increment(ref _processes);
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

            // The output is read on this thread: waiting for an asynchronous read needs a free thread-pool thread, and a
            // whole-repository check asks from every pool thread at once (each then waited ~0.5 s for the pool to grow).
            // A git that hangs is killed by the timer, which ends the read.
            _ = process.StandardError.ReadToEndAsync();
            using var timeout = new Timer(_ => KillQuietly(process), null, TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan);
            var output = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(10_000))
            {
                KillQuietly(process);
                return null;
            }

            return process.ExitCode == 0 ? output : null;
        }
        catch (Exception exception) when (exception is System.ComponentModel.Win32Exception or IOException or InvalidOperationException)
        {
            return null; // no git on this machine
        }
    }

    private static void KillQuietly(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception exception) when (exception is InvalidOperationException or System.ComponentModel.Win32Exception or AggregateException)
        {
            // It has exited (or been disposed) meanwhile; on the timer's thread nothing may be thrown.
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var watch in _watches.Values)
            {
                watch?.Dispose();
            }

            _watches.Clear();
        }
    }
}
