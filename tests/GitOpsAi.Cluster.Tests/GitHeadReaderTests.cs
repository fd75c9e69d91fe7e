using System.Diagnostics;

namespace GitOpsAi.Cluster.Tests;

public sealed class GitHeadReaderTests
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("gitops-ai-head-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void A_modified_file_deep_in_a_repository_is_read_at_HEAD_and_an_unmodified_one_is_not()
    {
        RequireGit();
        var repository = Path.Combine(_folder, "repo");
        var deep = Path.Combine(repository, "apps", "shop", "base");
        Directory.CreateDirectory(deep);
        File.WriteAllText(Path.Combine(deep, "deployment.yaml"), "replicas: 1\n");
        File.WriteAllText(Path.Combine(deep, "service.yaml"), "port: 80\n");
        Git(repository, "init", "-q");
        Git(repository, "add", ".");
        Git(repository, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "first");
        File.WriteAllText(Path.Combine(deep, "deployment.yaml"), "replicas: 2\n");

        var reader = new GitHeadReader(onlyModifiedOnDisk: true);

        Assert.Multiple(() =>
        {
            Assert.That(reader.Read(Path.Combine(deep, "deployment.yaml")), Is.EqualTo("replicas: 1\n"));
            Assert.That(reader.Read(Path.Combine(deep, "service.yaml")), Is.Null);
            Assert.That(reader.RootOf(deep), Is.EqualTo(repository));
        });
    }

    [Test]
    public void Files_asked_for_from_many_threads_at_once_read_the_repository_with_one_git_status_and_one_rev_parse()
    {
        RequireGit();
        var repository = CommittedRepository("replicas: 1\n");
        var files = Enumerable.Range(0, 16).Select(i => Path.Combine(repository, $"app-{i}.yaml")).ToList();
        foreach (var file in files)
        {
            File.WriteAllText(file, "port: 80\n");
        }

        Commit(repository, "apps");
        File.WriteAllText(Path.Combine(repository, "web.yaml"), "replicas: 2\n");
        var reader = new GitHeadReader(onlyModifiedOnDisk: true);

        // Dedicated threads released together: a whole-repository check asks from every core at the same moment.
        using var start = new Barrier(files.Count);
        var answers = new string?[files.Count];
        var threads = files.Select((file, i) => new Thread(() =>
        {
            start.SignalAndWait();
            answers[i] = reader.Read(file);
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.Multiple(() =>
        {
            Assert.That(answers, Is.All.Null, "unmodified files have no HEAD version to compare");
            Assert.That(reader.ProcessesStarted, Is.EqualTo(2));
            Assert.That(reader.Read(Path.Combine(repository, "web.yaml")), Is.EqualTo("replicas: 1\n"));
        });
    }

    [Test]
    public void A_folder_in_no_repository_has_no_root_and_its_files_no_HEAD_version()
    {
        var folder = Path.Combine(_folder, "plain", "nested");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "a.yaml"), "a: 1\n");
        var reader = new GitHeadReader(onlyModifiedOnDisk: true);

        // Temporary folders lie in no repository on the build machines; a checkout above /tmp would make this moot.
        Assume.That(reader.RootOf(Path.GetTempPath().TrimEnd('/')), Is.Null);
        Assert.Multiple(() =>
        {
            Assert.That(reader.RootOf(folder), Is.Null);
            Assert.That(reader.Read(Path.Combine(folder, "a.yaml")), Is.Null);
        });
    }

    [Test]
    public void No_git_process_runs_while_only_the_working_tree_and_the_index_change()
    {
        RequireGit();
        var repository = CommittedRepository("replicas: 1\n");
        var file = Path.Combine(repository, "web.yaml");
        using var reader = new GitHeadReader(onlyModifiedOnDisk: false);
        var changes = 0;
        reader.HeadChanged += _ => Interlocked.Increment(ref changes);
        Assert.That(reader.Read(file), Is.EqualTo("replicas: 1\n"));
        var afterFirstRead = reader.ProcessesStarted;

        // Longer than the 5 s the reader used to wait before running git again, while the user edits and stages.
        var until = DateTime.UtcNow.AddSeconds(5.5);
        for (var i = 0; DateTime.UtcNow < until; i++)
        {
            File.WriteAllText(file, $"replicas: {i + 2}\n");
            if (i % 4 == 0)
            {
                Git(repository, "add", "web.yaml");
            }

            Assert.That(reader.Read(file), Is.EqualTo("replicas: 1\n"));
            Thread.Sleep(250);
        }

        Assert.Multiple(() =>
        {
            Assert.That(reader.ProcessesStarted, Is.EqualTo(afterFirstRead), "git ran although HEAD did not move");
            Assert.That(Volatile.Read(ref changes), Is.Zero);
        });
    }

    [Test]
    public void A_commit_and_a_branch_switch_are_what_the_next_read_sees_at_once()
    {
        RequireGit();
        var repository = CommittedRepository("replicas: 1\n");
        var file = Path.Combine(repository, "web.yaml");
        using var reader = new GitHeadReader(onlyModifiedOnDisk: false);
        var changed = new List<string>();
        reader.HeadChanged += root => { lock (changed) { changed.Add(root); } };
        Assert.That(reader.Read(file), Is.EqualTo("replicas: 1\n"));

        File.WriteAllText(file, "replicas: 2\n");
        Commit(repository, "second");
        SeenSoon(() => reader.Read(file), "replicas: 2\n");

        Git(repository, "checkout", "-q", "-b", "earlier", "HEAD~1");
        SeenSoon(() => reader.Read(file), "replicas: 1\n");

        lock (changed)
        {
            Assert.That(changed, Is.Not.Empty.And.All.EqualTo(repository));
        }
    }

    [Test]
    public void A_commit_in_a_linked_worktree_is_seen_through_its_own_HEAD_and_the_common_refs()
    {
        RequireGit();
        var repository = CommittedRepository("replicas: 1\n");
        var worktree = Path.Combine(_folder, "linked");
        Git(repository, "worktree", "add", "-q", "-b", "feature", worktree);
        var file = Path.Combine(worktree, "web.yaml");
        using var reader = new GitHeadReader(onlyModifiedOnDisk: false);
        Assert.That(reader.Read(file), Is.EqualTo("replicas: 1\n"));

        File.WriteAllText(file, "replicas: 3\n");
        Commit(worktree, "in the worktree");

        SeenSoon(() => reader.Read(file), "replicas: 3\n");
    }

    /// <summary>Well within the 5 s the reader used to poll at: the watch must have reported the change.</summary>
    private static void SeenSoon(Func<string?> read, string expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(3);
        while (read() != expected && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(20);
        }

        Assert.That(read(), Is.EqualTo(expected));
    }

    private string CommittedRepository(string text)
    {
        var repository = Path.Combine(_folder, "repo");
        Directory.CreateDirectory(repository);
        File.WriteAllText(Path.Combine(repository, "web.yaml"), text);
        Git(repository, "init", "-q");
        Commit(repository, "first");
        return repository;
    }

    private static void Commit(string repository, string message)
    {
        Git(repository, "add", ".");
        Git(repository, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", message);
    }

    private static void RequireGit()
    {
        try
        {
            Git(Path.GetTempPath(), "--version");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Ignore("git is not installed");
        }
    }

    private static void Git(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, $"git {string.Join(' ', arguments)}: {process.StandardError.ReadToEnd()}");
    }
}
