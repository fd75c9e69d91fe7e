using GitOpsAi.Tests.ReadyToRun;

namespace GitOpsAi.Cli.Tests;

/// <summary>
/// The CLI as the repository builds it (Release: README, ./test.sh, .ci/run) runs precompiled (ReadyToRun) code for its
/// own and its hot assemblies instead of JIT-compiling them at every start (server/ReadyToRun/ReadyToRun.targets; issue 13,
/// docs/benchmarks.md "ReadyToRun in the build (r2r5)").
/// </summary>
public sealed class ReadyToRunBuildTests
{
    [Test]
    public void The_release_build_of_the_cli_holds_precompiled_images_of_its_own_and_its_hot_assemblies()
    {
        // The program, the engine and the dependencies a check JIT-compiled most methods of before.
        ReadyToRunImages.AssertPrecompiled("GitOpsAi.Cli", "gitops-ai",
            ["gitops-ai.dll", "GitOpsAi.Core.dll", "YamlDotNet.dll", "Cel.dll", "Antlr4.Runtime.Standard.dll", "Google.Protobuf.dll", "System.CommandLine.dll"]);
    }

    [Test]
    public void The_precompiled_cli_checks_the_example_repository_like_the_in_process_one()
    {
        var folder = ReadyToRunImages.OutputFolder("GitOpsAi.Cli", "gitops-ai");
        var example = Path.Combine(RepositoryScopeTests.RepositoryRoot(), "examples", "flux-repo");

        var built = CliRun.BuiltProgram(Path.Combine(folder, "gitops-ai.dll"), new Dictionary<string, string>(), "check", example, "--format", "json");
        var inProcess = CliRun.InProcess("check", example, "--format", "json");

        Assert.That(built.ExitCode, Is.EqualTo(inProcess.ExitCode), built.Stderr);
        Assert.That(built.Stdout, Is.EqualTo(inProcess.Stdout));
    }

    [Test]
    public void The_precompiled_check_tells_a_framework_image_from_plain_IL()
    {
        // The shared framework ships precompiled; this test assembly is never compiled ahead of time.
        Assert.That(ReadyToRunImages.IsReadyToRun(typeof(object).Assembly.Location), Is.True);
        Assert.That(ReadyToRunImages.IsReadyToRun(typeof(ReadyToRunBuildTests).Assembly.Location), Is.False);
    }
}
