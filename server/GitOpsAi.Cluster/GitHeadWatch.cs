namespace GitOpsAi.Cluster;

/// <summary>
/// Watches the files that decide which commit a working tree's HEAD is: <c>HEAD</c> (a branch switch, a detached
/// checkout), the branch refs under <c>refs/heads</c> (a commit, a reset, a pull) and <c>packed-refs</c>. A worktree's
/// HEAD lives in its own git folder and its refs in the common one; both are watched. Nothing else in <c>.git</c> (the
/// index, objects, logs) counts, so staging or fetching does not make the reader run git again.
/// </summary>
internal sealed class GitHeadWatch : IDisposable
{
    private readonly List<FileSystemWatcher> _watchers = [];
    private int _changed;

    private GitHeadWatch()
    {
    }

    /// <summary>Raised (on a watcher thread) after HEAD or a ref may have moved.</summary>
    public event Action? Changed;

    /// <summary>True once after any change since the last call: the caller re-reads the HEAD commit then.</summary>
    public bool TakeChange() => Interlocked.Exchange(ref _changed, 0) == 1;

    /// <summary>Starts watching the repository at <paramref name="root"/>, or returns null when its git folder is not found or cannot be watched (the reader then polls).</summary>
    public static GitHeadWatch? TryStart(string root)
    {
        var gitFolder = GitFolder(root);
        if (gitFolder is null || !Directory.Exists(gitFolder))
        {
            return null;
        }

        var common = CommonFolder(gitFolder);
        var watch = new GitHeadWatch();
        try
        {
            watch.Add(gitFolder, recursive: false, name => name is "HEAD" or "packed-refs");
            if (common != gitFolder)
            {
                watch.Add(common, recursive: false, name => name is "packed-refs");
            }

            var heads = Path.Combine(common, "refs", "heads");
            if (Directory.Exists(heads))
            {
                watch.Add(heads, recursive: true, name => !name.EndsWith(".lock", StringComparison.Ordinal));
            }

            return watch;
        }
        catch (Exception exception) when (exception is IOException or ArgumentException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            // e.g. the inotify watch limit is reached: fall back to re-reading HEAD now and then
            watch.Dispose();
            return null;
        }
    }

    /// <summary>The repository's git folder: <c>.git</c>, or where a worktree's <c>.git</c> file points ("gitdir: ...").</summary>
    internal static string? GitFolder(string root)
    {
        var git = Path.Combine(root, ".git");
        if (Directory.Exists(git))
        {
            return git;
        }

        if (!File.Exists(git))
        {
            return null;
        }

        var line = File.ReadLines(git).FirstOrDefault(l => l.StartsWith("gitdir:", StringComparison.Ordinal));
        return line is null ? null : Path.GetFullPath(Path.Combine(root, line["gitdir:".Length..].Trim()));
    }

    /// <summary>Where refs and packed-refs live: the git folder itself, or for a worktree the folder its <c>commondir</c> names.</summary>
    private static string CommonFolder(string gitFolder)
    {
        var commondir = Path.Combine(gitFolder, "commondir");
        return File.Exists(commondir) ? Path.GetFullPath(Path.Combine(gitFolder, File.ReadAllText(commondir).Trim())).TrimEnd(Path.DirectorySeparatorChar) : gitFolder;
    }

    private void Add(string folder, bool recursive, Func<string, bool> counts)
    {
        var watcher = new FileSystemWatcher(folder)
        {
            IncludeSubdirectories = recursive,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        _watchers.Add(watcher);

        // git writes "HEAD.lock" or "main.lock" and renames it over the file: the rename's new name is what counts.
        void OnEvent(object sender, FileSystemEventArgs e)
        {
            if (e.Name is { } name && counts(Path.GetFileName(name)))
            {
                Signal();
            }
        }

        watcher.Created += OnEvent;
        watcher.Changed += OnEvent;
        watcher.Deleted += OnEvent;
        watcher.Renamed += OnEvent;
        watcher.Error += (_, _) => Signal(); // events were lost: assume HEAD moved
        watcher.EnableRaisingEvents = true;
    }

    private void Signal()
    {
        Interlocked.Exchange(ref _changed, 1);
        Changed?.Invoke();
    }

    public void Dispose()
    {
        foreach (var watcher in _watchers)
        {
            watcher.Dispose();
        }

        _watchers.Clear();
    }
}
