using System.Diagnostics;

namespace GitOpsAi.LanguageServer.Tests;

/// <summary>
/// Emacs with eglot (Debian's emacs-nox + elpa-eglot) run in batch mode against the server, with the configuration the
/// README gives. Skipped where Emacs or eglot is not installed.
/// </summary>
public sealed class EmacsTests
{
    [Test]
    public void Emacs_eglot_receives_the_diagnostics_of_a_file_with_a_known_error()
    {
        var emacs = Path.Exists("/usr/bin/emacs") ? "/usr/bin/emacs" : null;
        if (emacs is null || !Directory.EnumerateDirectories("/usr/share/emacs/site-lisp/elpa", "eglot*").Any())
        {
            Assert.Ignore("emacs and elpa-eglot are not installed.");
        }

        using var repo = Samples.Repository();
        var output = repo.PathOf("emacs-result.tsv");
        var start = new ProcessStartInfo(emacs) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--batch", "-Q", "-l", Path.Combine(AppContext.BaseDirectory, "Emacs", "collect-diagnostics.el") })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["GITOPSAI_SERVER_DLL"] = LspClient.ServerAssembly;
        start.Environment["GITOPSAI_FILE"] = repo.PathOf("deployment.yaml");
        start.Environment["GITOPSAI_OUT"] = output;
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("Emacs did not finish within 120 s");
        }

        Assert.That(File.Exists(output), Is.True, "Emacs wrote no result: " + stderr.Result);
        var lines = File.ReadAllLines(output);
        var typo = lines.Single(l => l.Contains("did you mean 'replicas'", StringComparison.Ordinal)).Split('\t');
        Assert.That(typo[0], Is.EqualTo("6"), "line numbers are 1-based in Emacs");
        Assert.That(typo[1], Is.EqualTo("eglot-error"));
    }
}
