using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.IO;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Hostile;

/// <summary>Only regular files inside the repository, of a sane size, are ever opened; everything else is one finding.</summary>
public class SpecialFileTests
{
    private const string ConfigMap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\ndata:\n  a: b\n";

    private static Dictionary<string, IReadOnlyList<Diagnostic>> Check(TempRepository repository)
    {
        var analyses = TempRepository.WithinSeconds(60, () =>
        {
            var workspace = WorkspaceLoader.Load(repository.Root, PhysicalFileSystem.Instance);
            return new Analyzer().AnalyzeAll(workspace);
        });
        return analyses.ToDictionary(a => WorkspaceFile.RelativeTo(repository.Root, a.Path), a => a.Diagnostics);
    }

    [Test]
    public void A_symlink_to_dev_zero_gets_one_finding_and_is_never_opened()
    {
        using var repository = new TempRepository().Write("ok.yaml", ConfigMap).Link("z.yaml", "/dev/zero");

        var findings = Check(repository);

        Assert.That(findings["z.yaml"].Select(d => d.Code), Is.EqualTo(new[] { "file-not-regular" }));
        Assert.That(findings["z.yaml"][0].Message, Does.Contain("character device"));
        Assert.That(findings["ok.yaml"].Where(d => d.Severity == DiagnosticSeverity.Error), Is.Empty, "the other files are still checked");
    }

    [Test]
    public void A_fifo_named_like_yaml_gets_one_finding_and_never_blocks_the_walk()
    {
        using var repository = new TempRepository().Write("ok.yaml", ConfigMap).Fifo("x.yaml");

        var findings = Check(repository);

        Assert.That(findings["x.yaml"].Single().Code, Is.EqualTo("file-not-regular"));
        Assert.That(findings["x.yaml"][0].Message, Does.Contain("FIFO"));
    }

    [Test]
    public void A_socket_named_like_yaml_gets_one_finding()
    {
        using var repository = new TempRepository().Write("ok.yaml", ConfigMap);
        using var socket = repository.Socket("s.yaml");

        var findings = Check(repository);

        Assert.That(findings["s.yaml"].Single().Message, Does.Contain("socket"));
    }

    [Test]
    public void A_symlink_to_a_file_outside_the_repository_is_not_read()
    {
        using var outside = new TempRepository().Write("host-secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: host\nstringData:\n  password: hunter2hunter2\n");
        using var repository = new TempRepository().Link("leak.yaml", outside.PathOf("host-secret.yaml"));

        var findings = Check(repository);

        Assert.That(findings["leak.yaml"].Single().Code, Is.EqualTo("file-outside-repository"));
    }

    [Test]
    public void A_symlink_through_a_linked_folder_inside_the_repository_is_read()
    {
        using var repository = new TempRepository().Write("base/real.yaml", ConfigMap);
        repository.Link("alias", repository.PathOf("base")).Link("linked.yaml", "alias/real.yaml");

        var findings = Check(repository);

        Assert.That(findings["linked.yaml"].Where(d => d.Source == DiagnosticSources.Io), Is.Empty);
    }

    [Test]
    public void A_file_named_under_a_folder_linked_outside_the_repository_is_not_read()
    {
        using var outside = new TempRepository().Write("app.yaml", ConfigMap);
        using var repository = new TempRepository().Link("linked", outside.Root);

        var file = WorkspaceFile.Load(PhysicalFileSystem.Instance, repository.PathOf("linked/app.yaml"), repository.Root);

        Assert.That(file.LoadDiagnostics.Single().Code, Is.EqualTo("file-outside-repository"));
    }

    [Test]
    public void A_file_named_under_a_folder_linked_inside_the_repository_is_read()
    {
        using var repository = new TempRepository().Write("base/app.yaml", ConfigMap);
        repository.Link("linked", repository.PathOf("base"));

        var file = WorkspaceFile.Load(PhysicalFileSystem.Instance, repository.PathOf("linked/app.yaml"), repository.Root);

        Assert.That(file.LoadDiagnostics, Is.Empty);
        Assert.That(file.Manifests.Single().Name, Is.EqualTo("ok"));
    }

    [Test]
    public void A_file_over_the_size_limit_gets_one_finding_and_is_not_read()
    {
        using var repository = new TempRepository().Write("ok.yaml", ConfigMap);
        using (var huge = File.Create(repository.PathOf("huge.yaml")))
        {
            huge.SetLength(FileLimits.MaxFileBytes + 1); // sparse: costs no disk
        }

        var findings = Check(repository);

        Assert.That(findings["huge.yaml"].Single().Code, Is.EqualTo("file-over-size-limit"));
    }

    [Test]
    public void A_folder_that_cannot_be_listed_gets_a_finding_instead_of_silence()
    {
        var fileSystem = new UnlistableFolderFileSystem(new InMemoryFileSystem().Add("ok.yaml", ConfigMap).Add("locked/app.yaml", ConfigMap), "locked");

        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem);

        var locked = workspace.GetFile(InMemoryFileSystem.PathOf("locked"));
        Assert.That(locked, Is.Not.Null);
        Assert.That(locked!.LoadDiagnostics.Single().Message, Does.Contain("Cannot list this folder (permission denied)"));
    }

    [Test]
    public void A_chmod_000_folder_on_disk_gets_a_finding()
    {
        if (OperatingSystem.IsWindows() || TempRepository.IsRoot)
        {
            Assert.Ignore("root reads a chmod 000 folder anyway, and Windows has no chmod");
        }

        using var repository = new TempRepository().Write("ok.yaml", ConfigMap).Write("locked/app.yaml", ConfigMap);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(repository.PathOf("locked"), UnixFileMode.None);
        }

        var findings = Check(repository);

        Assert.That(findings["locked"].Single().Code, Is.EqualTo("file-unreadable"));
    }

    /// <summary>An in-memory repository where one folder refuses to be listed, as chmod 000 does for a non-root user.</summary>
    private sealed class UnlistableFolderFileSystem(InMemoryFileSystem inner, string lockedFolder) : IFileSystem
    {
        private readonly string _locked = InMemoryFileSystem.PathOf(lockedFolder);

        public bool FileExists(string path) => inner.FileExists(path);

        public bool DirectoryExists(string path) => inner.DirectoryExists(path);

        public byte[] ReadAllBytes(string path) => inner.ReadAllBytes(path);

        public IEnumerable<string> EnumerateFiles(string directory) => inner.EnumerateFiles(directory);

        public IEnumerable<string> EnumerateDirectories(string directory) => inner.EnumerateDirectories(directory);

        public DirectoryListing List(string directory) =>
            directory == _locked ? new DirectoryListing([], [], "permission denied") : ((IFileSystem)inner).List(directory);
    }
}
