using System.Text.Json;

namespace GitOpsAi.Cli.Tests.Hostile;

/// <summary>The real gitops-ai program on repositories built to crash, hang or blind it.</summary>
public sealed class HostileRepositoryTests
{
    private const string ConfigMap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\ndata:\n  a: b\n";

    [Test]
    public void A_symlink_to_dev_zero_and_a_fifo_get_one_finding_each_and_the_run_ends_with_a_report()
    {
        HostileFiles.RequireUnix();
        using var repo = new TempRepo().Write("ok.yaml", ConfigMap);
        File.CreateSymbolicLink(repo.PathOf("z.yaml"), "/dev/zero");
        HostileFiles.Fifo(repo.PathOf("x.yaml"));

        var result = CliRun.AsProcess("check", repo.Root);

        Assert.That(result.ExitCode, Is.EqualTo(1), result.Stderr);
        Assert.That(result.Stdout, Does.Contain("x.yaml:1:1: error file-not-regular: This path is a FIFO"));
        Assert.That(result.Stdout, Does.Contain("z.yaml:1:1: error file-not-regular: This path is a character device"));
        Assert.That(result.Stdout, Does.Contain("3 files checked"));
    }

    [Test]
    public void A_policy_nesting_15000_parentheses_is_a_note_not_a_crash()
    {
        var expression = new string('(', 15_000) + "request.object.metadata.name" + new string(')', 15_000);
        var policy = "apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata:\n  name: deep\nspec:\n  validationFailureAction: Enforce\n  rules:\n"
            + "    - name: r\n      match:\n        any:\n          - resources:\n              kinds: [ConfigMap]\n      validate:\n        message: x\n"
            + "        deny:\n          conditions:\n            any:\n              - key: \"{{ " + expression + " }}\"\n                operator: Equals\n                value: x\n";
        using var repo = new TempRepo().Write("policy.yaml", policy).Write("ok.yaml", ConfigMap);

        var result = CliRun.AsProcess("check", repo.Root);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Stderr);
        Assert.That(result.Stdout, Does.Contain("policy.yaml:8:13: information kyverno:deep/r:").And.Contain("nests deeper than 100 levels"));
    }

    [Test]
    public void A_fifo_given_as_schema_dir_and_a_fifo_inside_one_are_reported_without_hanging()
    {
        using var repo = new TempRepo().Write("ok.yaml", ConfigMap);
        using var schemas = new TempRepo().Write("ok.json", "{}");
        HostileFiles.Fifo(schemas.PathOf("pipe.json"));
        HostileFiles.Fifo(schemas.PathOf("dir-pipe"));

        var inside = CliRun.AsProcess("check", repo.Root, "--schema-dir", schemas.Root);
        var given = CliRun.AsProcess("check", repo.Root, "--schema-dir", schemas.PathOf("dir-pipe"));

        Assert.That(inside.ExitCode, Is.EqualTo(2));
        Assert.That(inside.Stderr, Does.Contain("pipe.json").And.Contain("FIFO"));
        Assert.That(given.ExitCode, Is.EqualTo(2));
        Assert.That(given.Stderr, Does.Contain("dir-pipe"));
    }
}
