using System.Diagnostics;

namespace GitOpsAi.Cli.Tests;

/// <summary>The outcome of one CLI invocation.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr);

/// <summary>Runs <c>gitops-ai</c> in-process (fast) or as the real built program (exit code and stream separation).</summary>
public static class CliRun
{
    public static CliResult InProcess(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exitCode = CliApplication.RunAsync(args, stdout, stderr).GetAwaiter().GetResult();
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }

    public static CliResult AsProcess(params string[] args) => AsProcess(new Dictionary<string, string>(), args);

    /// <param name="environment">Variables set for the program only (e.g. GITOPS_AI_ENDPOINT).</param>
    public static CliResult AsProcess(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        BuiltProgram(Path.Combine(AppContext.BaseDirectory, "gitops-ai.dll"), environment, args);

    /// <summary>Runs the program at <paramref name="assembly"/> (e.g. the CLI project's own build output).</summary>
    public static CliResult BuiltProgram(string assembly, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add(assembly);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
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

/// <summary>A temporary folder of files for one test, deleted afterwards.</summary>
public sealed class TempRepo : IDisposable
{
    public TempRepo()
    {
        Root = Path.Combine(Path.GetTempPath(), "gitops-ai-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public TempRepo Write(string relativePath, string text)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return this;
    }

    public string PathOf(string relativePath) => Path.Combine(Root, relativePath);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
