namespace GitOpsAi.Cli.Tests.Hostile;

/// <summary>--fix writes into the file the user has: same mode, same inode (hard links), through symlinks.</summary>
public sealed class FixPreservationTests
{
    private const string Typo = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n";
    private const string Deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replica: 2\n  selector:\n    matchLabels: {app: web}\n"
        + "  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n";

    [Test]
    public void A_600_file_keeps_its_mode()
    {
        HostileFiles.RequireUnix();
        using var repo = new TempRepo().Write("web.yaml", Deployment);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(repo.PathOf("web.yaml"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        CliRun.InProcess("check", repo.Root, "--fix");

        Assert.That(File.ReadAllText(repo.PathOf("web.yaml")), Does.Contain("  replicas: 2"));
        if (!OperatingSystem.IsWindows())
        {
            Assert.That(File.GetUnixFileMode(repo.PathOf("web.yaml")), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        }
    }

    [Test]
    public void A_file_owned_by_another_user_keeps_its_owner()
    {
        HostileFiles.RequireUnix();
        if (Environment.UserName != "root")
        {
            Assert.Ignore("only root can give a file to another user");
        }

        using var repo = new TempRepo().Write("web.yaml", Deployment);
        HostileFiles.Run("chown", "65534:65534", repo.PathOf("web.yaml"));

        CliRun.InProcess("check", repo.Root, "--fix");

        Assert.That(File.ReadAllText(repo.PathOf("web.yaml")), Does.Contain("  replicas: 2"));
        Assert.That(HostileFiles.Output("stat", "-c", "%u:%g", repo.PathOf("web.yaml")).Trim(), Is.EqualTo("65534:65534"));
    }

    [Test]
    public void A_symlink_stays_a_link_and_the_fix_lands_in_its_target()
    {
        HostileFiles.RequireUnix();
        using var repo = new TempRepo().Write("base/web.yaml.source", Deployment);
        File.CreateSymbolicLink(repo.PathOf("web.yaml"), "base/web.yaml.source");

        CliRun.InProcess("check", repo.Root, "--fix");

        Assert.That(new FileInfo(repo.PathOf("web.yaml")).LinkTarget, Is.EqualTo("base/web.yaml.source"));
        Assert.That(File.ReadAllText(repo.PathOf("base/web.yaml.source")), Does.Contain("  replicas: 2"));
    }

    [Test]
    public void A_hard_link_keeps_sharing_the_fixed_text()
    {
        using var repo = new TempRepo().Write("web.yaml", Deployment).Write("settings.yaml", Typo);
        HostileFiles.HardLink(repo.PathOf("web.yaml"), repo.PathOf("web.yaml.other-name"));

        CliRun.InProcess("check", repo.Root, "--fix");

        Assert.That(File.ReadAllText(repo.PathOf("web.yaml.other-name")), Does.Contain("  replicas: 2"), "the same inode was written");
        Assert.That(Directory.GetFiles(repo.Root).Where(f => f.EndsWith(FileRewriter.BackupSuffix, StringComparison.Ordinal)), Is.Empty, "no backup is left");
    }
}
