using System.Text.Json;

namespace GitOpsAi.Cli.Tests.Hostile;

/// <summary>Keys, values and file names from the repository cannot forge CI workflow commands or recolour the log.</summary>
public sealed class LogInjectionTests
{
    // A double-quoted YAML key holding a newline, a forged GitHub Actions command, and an ANSI colour sequence.
    private const string Forging = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n  \"x\\n::error file=app.yaml,line=1::forged\\e[31mred\": 1\ndata:\n  a: b\n";

    [Test]
    public void A_key_with_a_newline_and_a_workflow_command_stays_on_its_own_escaped_line()
    {
        using var repo = new TempRepo().Write("app.yaml", Forging);

        var result = CliRun.InProcess("check", repo.Root);

        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines.Where(l => l.StartsWith("::", StringComparison.Ordinal)), Is.Empty, result.Stdout);
        Assert.That(result.Stdout, Does.Not.Contain("\u001b"));
        Assert.That(result.Stdout, Does.Contain("x\\n::error file=app.yaml,line=1::forged\\u001B[31mred"));
        Assert.That(lines.SkipLast(1), Has.All.StartWith("app.yaml:"), "one finding, one line");
    }

    [Test]
    public void A_file_named_like_a_workflow_command_cannot_start_a_report_line()
    {
        HostileFiles.RequireUnix();
        using var repo = new TempRepo().Write("::error file=a::b.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n  bad: 1\n");

        var result = CliRun.InProcess("check", repo.Root);

        Assert.That(result.Stdout.Split('\n').Where(l => l.StartsWith("::", StringComparison.Ordinal)), Is.Empty, result.Stdout);
        Assert.That(result.Stdout, Does.Contain("./::error file=a::b.yaml:5:3:"));
    }

    [TestCase("json")]
    [TestCase("sarif")]
    public void Json_and_sarif_keep_the_text_exactly_and_stay_valid_json(string format)
    {
        using var repo = new TempRepo().Write("app.yaml", Forging);

        var result = CliRun.InProcess("check", repo.Root, "--format", format);

        using var document = JsonDocument.Parse(result.Stdout);
        Assert.That(result.Stdout, Does.Not.Contain("\u001b"));
        Assert.That(result.Stdout.Split('\n').Where(l => l.TrimStart().StartsWith("::", StringComparison.Ordinal)), Is.Empty);
        Assert.That(document.RootElement.GetRawText(), Does.Contain("\\n::error file=app.yaml"), "the newline is a JSON escape");
    }
}
