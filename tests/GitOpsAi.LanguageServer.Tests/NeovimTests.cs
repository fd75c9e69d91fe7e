using System.Diagnostics;

namespace GitOpsAi.LanguageServer.Tests;

/// <summary>
/// A real third-party LSP client: Debian's Neovim (0.7, built-in LSP client) run headless against the server. CI
/// installs it (.ci/run); on a machine without nvim the test is skipped.
/// </summary>
public sealed class NeovimTests
{
    [Test]
    public void Neovim_receives_the_diagnostics_of_a_file_with_a_known_error()
    {
        var nvim = FindOnPath("nvim");
        if (nvim is null)
        {
            Assert.Ignore("nvim is not installed; .ci/run installs Debian's neovim package.");
        }

        using var repo = Samples.Repository();
        var output = repo.PathOf("nvim-result.json");
        var script = Path.Combine(AppContext.BaseDirectory, "Neovim", "collect-diagnostics.lua");
        var start = new ProcessStartInfo(nvim) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in new[] { "--headless", "--clean", "-n", "-c", $"luafile {script}" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["GITOPSAI_SERVER_DLL"] = LspClient.ServerAssembly;
        start.Environment["GITOPSAI_NVIM_FILE"] = repo.PathOf("deployment.yaml");
        start.Environment["GITOPSAI_NVIM_OUT"] = output;
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(90_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("Neovim did not finish within 90 s: " + stderr.Result);
        }

        Assert.That(File.Exists(output), Is.True, "Neovim wrote no result: " + stderr.Result);
        using var result = JsonDocument.Parse(File.ReadAllText(output));
        var diagnostics = result.RootElement.GetProperty("diagnostics").EnumerateArray().ToList();
        Assert.That(result.RootElement.GetProperty("received").GetBoolean(), Is.True);
        var typo = diagnostics.Single(d => d.GetProperty("message").GetString()!.Contains("did you mean 'replicas'", StringComparison.Ordinal));
        Assert.That(typo.GetProperty("lnum").GetInt32(), Is.EqualTo(5));
        Assert.That(typo.GetProperty("col").GetInt32(), Is.EqualTo(2));
        Assert.That(typo.GetProperty("severity").GetInt32(), Is.EqualTo(1), "1 is vim.diagnostic.severity.ERROR");
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':')
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
}
