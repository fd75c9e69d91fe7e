using System.Diagnostics;

namespace GitOpsAi.Cli.Tests.Hostile;

/// <summary>Special files for hostile CLI tests: symlinks, hard links, FIFOs (skipped where the platform has none).</summary>
internal static class HostileFiles
{
    public static void RequireUnix()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("symlinks, hard links and FIFOs in a repository are a Unix matter");
        }
    }

    public static void Run(string program, params string[] arguments)
    {
        RequireUnix();
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { UseShellExecute = false });
        process!.WaitForExit();
        if (process.ExitCode != 0)
        {
            Assert.Ignore($"{program} failed on this platform");
        }
    }

    public static string Output(string program, params string[] arguments)
    {
        RequireUnix();
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { UseShellExecute = false, RedirectStandardOutput = true });
        var output = process!.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }

    public static void Fifo(string path) => Run("mkfifo", path);

    public static void HardLink(string existing, string link) => Run("ln", existing, link);
}
