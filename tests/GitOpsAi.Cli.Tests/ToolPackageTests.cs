using System.Diagnostics;

namespace GitOpsAi.Cli.Tests;

/// <summary>The install path: dotnet pack makes a gitops-ai .NET tool that installs offline from a folder (issue 11).</summary>
public sealed class ToolPackageTests
{
    [Test]
    public void The_packed_tool_installs_offline_from_a_folder_and_prints_its_version_and_checks()
    {
        using var work = new TempRepo()
            .Write("nuget.config", "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration><packageSources><clear /></packageSources></configuration>\n")
            .Write("repo/settings.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndta:\n  mode: fast\n");
        var project = Path.Combine(RepositoryScopeTests.RepositoryRoot(), "server", "GitOpsAi.Cli", "GitOpsAi.Cli.csproj");

        // Packs what the test run already built (Release), so the test measures packing, not compiling.
        Run("dotnet", ["pack", project, "-c", "Release", "--no-build", "--nologo", "-o", work.PathOf("packages")]);
        Run("dotnet", ["tool", "install", "gitops-ai", "--tool-path", work.PathOf("tools"), "--add-source", work.PathOf("packages"), "--configfile", work.PathOf("nuget.config")]);
        var tool = work.PathOf(Path.Combine("tools", OperatingSystem.IsWindows() ? "gitops-ai.exe" : "gitops-ai"));
        var version = Run(tool, ["--version"]);
        var check = Run(tool, ["check", work.PathOf("repo"), "--format", "json"], expectedExit: 1);

        Assert.That(version.Trim(), Does.Match(@"^[0-9]+\.[0-9]+\.[0-9]+$"));
        Assert.That(version.Trim(), Is.EqualTo(typeof(CliApplication).Assembly.GetName().Version!.ToString(3)));
        Assert.That(check, Does.Contain("\"code\": \"schema-unknown-field\""));
    }

    private static string Run(string fileName, string[] args, int expectedExit = 0)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(300_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{fileName} {string.Join(' ', args)} did not finish within 5 minutes");
        }

        Assert.That(process.ExitCode, Is.EqualTo(expectedExit), $"{fileName} {string.Join(' ', args)}\n{stdout.Result}\n{stderr.Result}");
        return stdout.Result;
    }
}
