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
