namespace GitOpsAi.Cli.Tests;

/// <summary>JSON and SARIF reports go to the console's stream as UTF-8 bytes; they must equal the text written to any other writer.</summary>
public sealed class Utf8StdoutTests
{
    [TestCase("json")]
    [TestCase("sarif")]
    public void A_report_written_as_bytes_to_standard_output_equals_the_one_written_as_text(string format)
    {
        using var repo = new TempRepo();
        // Enough findings for many 64 KB pieces, with names and values outside ASCII.
        for (var i = 0; i < 150; i++)
        {
            repo.Write($"apps/app-{i}/déploiement-{i}.yaml",
                $"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web-{i}\n  annotations:\n    note: \"naïve ✓ 日本語 <&>\"\nspec:\n  selector:\n    matchLabels: {{app: web}}\n  template:\n    metadata:\n      labels: {{app: web}}\n    spec:\n      containers:\n        - name: web\n          image: nginx:latest\n");
        }

        var environment = new Dictionary<string, string> { ["LC_ALL"] = "C.UTF-8", ["LANG"] = "C.UTF-8" };
        var asProcess = CliRun.AsProcess(environment, "check", repo.Root, "--format", format);
        var inProcess = CliRun.InProcess("check", repo.Root, "--format", format);

        Assert.Multiple(() =>
        {
            Assert.That(asProcess.Stdout.Length, Is.GreaterThan(5 * 64 * 1024), "written in many pieces");
            Assert.That(asProcess.ExitCode, Is.EqualTo(inProcess.ExitCode));
            Assert.That(asProcess.Stdout, Is.EqualTo(inProcess.Stdout));
            Assert.That(asProcess.Stdout, Does.EndWith("}" + Environment.NewLine));
        });
    }
}
