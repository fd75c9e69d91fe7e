using System.Reflection;
using System.Reflection.PortableExecutable;

namespace GitOpsAi.Cli.Tests;

/// <summary>
/// The CLI as the repository builds it (Release: README, ./test.sh, .ci/run) runs precompiled (ReadyToRun) code for its
/// own and its hot assemblies instead of JIT-compiling them at every start (server/ReadyToRun/ReadyToRun.targets; issue 13,
/// docs/benchmarks.md "ReadyToRun in the build (r2r5)").
/// </summary>
public sealed class ReadyToRunBuildTests
{
    // The program, the engine and the dependencies a check JIT-compiled most methods of before.
    private static readonly string[] HotAssemblies =
        ["gitops-ai.dll", "GitOpsAi.Core.dll", "YamlDotNet.dll", "Cel.dll", "Antlr4.Runtime.Standard.dll", "Google.Protobuf.dll", "System.CommandLine.dll"];

    [Test]
    public void The_release_build_of_the_cli_holds_precompiled_images_of_its_own_and_its_hot_assemblies()
    {
        var folder = CliOutputFolder();
        var marker = ReadMarker(folder);
        if (BuildSetting() != "true")
        {
            Assert.Ignore($"this build has ReadyToRun off (GitOpsAiReadyToRun='{BuildSetting()}', a Debug build or -p:GitOpsAiReadyToRun=false)");
        }

        // The build's documented fallback (no compiler pack on this machine) is reported, not passed off as precompiled.
        if (marker.GetValueOrDefault("readytorun") == "fallback")
        {
            Assert.Ignore($"the build fell back to plain IL: {marker.GetValueOrDefault("reason")}");
        }

        Assert.That(marker.GetValueOrDefault("readytorun"), Is.EqualTo("on"), $"{folder}: the ReadyToRun step did not run");
        Assert.Multiple(() =>
        {
            foreach (var name in HotAssemblies)
            {
                Assert.That(IsReadyToRun(Path.Combine(folder, name)), Is.True, $"{name} next to the CLI is plain IL");
            }
        });
    }

    [Test]
    public void The_precompiled_cli_checks_the_example_repository_like_the_in_process_one()
    {
        var folder = CliOutputFolder();
        var example = Path.Combine(RepositoryScopeTests.RepositoryRoot(), "examples", "flux-repo");

        var built = Run(Path.Combine(folder, "gitops-ai.dll"), "check", example, "--format", "json");
        var inProcess = CliRun.InProcess("check", example, "--format", "json");

        Assert.That(built.ExitCode, Is.EqualTo(inProcess.ExitCode), built.Stderr);
        Assert.That(built.Stdout, Is.EqualTo(inProcess.Stdout));
    }

    [Test]
    public void The_precompiled_check_tells_a_framework_image_from_plain_IL()
    {
        // The shared framework ships precompiled; this test assembly is never compiled ahead of time.
        Assert.That(IsReadyToRun(typeof(object).Assembly.Location), Is.True);
        Assert.That(IsReadyToRun(typeof(ReadyToRunBuildTests).Assembly.Location), Is.False);
    }

    /// <summary>A ReadyToRun image keeps its IL and metadata and adds native code the CLR header points at.</summary>
    internal static bool IsReadyToRun(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new PEReader(stream);
        var header = reader.PEHeaders.CorHeader;
        return header is not null
            && header.ManagedNativeHeaderDirectory.Size > 0
            && (header.Flags & CorFlags.ILLibrary) != 0;
    }

    private static string BuildSetting() =>
        typeof(ReadyToRunBuildTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == "GitOpsAiReadyToRun")?.Value ?? "";

    /// <summary>The CLI's own output folder of the configuration these tests were built in (bench scripts run it from there).</summary>
    private static string CliOutputFolder()
    {
        var configuration = typeof(ReadyToRunBuildTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var folder = Path.Combine(RepositoryScopeTests.RepositoryRoot(), "server", "GitOpsAi.Cli", "bin", configuration, "net10.0");
        Assert.That(File.Exists(Path.Combine(folder, "gitops-ai.dll")), Is.True, $"no CLI build in {folder}");
        return folder;
    }

    /// <summary>gitops-ai.readytorun.txt: "readytorun: on|off|fallback", "reason: …", "compiled: file" lines.</summary>
    private static Dictionary<string, string> ReadMarker(string folder)
    {
        var path = Path.Combine(folder, "gitops-ai.readytorun.txt");
        Assert.That(File.Exists(path), Is.True, $"{path}: the build did not record its ReadyToRun step");
        return File.ReadAllLines(path)
            .Select(line => line.Split(": ", 2))
            .Where(parts => parts.Length == 2 && parts[0] != "compiled")
            .ToDictionary(parts => parts[0], parts => parts[1]);
    }

    private static CliResult Run(string assembly, params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(assembly);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("gitops-ai did not finish within 60 s");
        }

        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}
