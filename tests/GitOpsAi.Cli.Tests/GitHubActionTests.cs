using System.CommandLine;
using System.Text.RegularExpressions;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Cli.Tests;

/// <summary>action.yml at the repository root is a composite action whose commands match the CLI's real options (issue 11).</summary>
public sealed class GitHubActionTests
{
    private static YamlMapping Action()
    {
        var path = Path.Combine(RepositoryScopeTests.RepositoryRoot(), "action.yml");
        var file = YamlParser.Parse(File.ReadAllText(path));
        Assert.That(file.Diagnostics, Is.Empty, "action.yml parses");
        return file.Documents.Single().RootMapping!;
    }

    private static List<YamlMapping> Steps() => Action().GetMapping("runs")!.GetSequence("steps")!.Items.Cast<YamlMapping>().ToList();

    [Test]
    public void The_action_is_composite_with_a_name_description_and_the_gate_inputs()
    {
        var action = Action();

        Assert.That(action.GetString("name"), Is.Not.Empty);
        Assert.That(action.GetString("description"), Is.Not.Empty);
        Assert.That(action.GetMapping("runs")!.GetString("using"), Is.EqualTo("composite"));
        var inputs = action.GetMapping("inputs")!.Pairs.Select(p => ((YamlScalar)p.Key).Value).ToList();
        Assert.That(inputs, Is.SupersetOf(new[] { "path", "baseline", "changed-since", "fail-on", "upload-sarif" }));
        foreach (var input in action.GetMapping("inputs")!.Pairs)
        {
            Assert.That(((YamlMapping)input.Value!).GetString("description"), Is.Not.Empty, $"input {((YamlScalar)input.Key).Value} is described");
        }
    }

    [Test]
    public void Every_run_step_names_its_shell_and_takes_inputs_through_the_environment_only()
    {
        foreach (var step in Steps().Where(s => s["run"] is not null))
        {
            Assert.That(step.GetString("shell"), Is.EqualTo("bash"), $"step {step.GetString("name")} names its shell (composite actions require it)");
            Assert.That(step.GetString("run"), Does.Not.Contain("${{"), $"step {step.GetString("name")} does not splice expressions into its script");
        }
    }

    [Test]
    public void The_check_step_uses_only_real_check_options_and_writes_sarif_and_the_job_summary()
    {
        var script = Steps().Single(s => s.GetString("id") == "check").GetString("run")!;
        var command = CheckCommand.Create(TextWriter.Null, TextWriter.Null);
        var known = command.Options.SelectMany(o => o.Aliases.Append(o.Name)).ToHashSet(StringComparer.Ordinal);

        var used = Regex.Matches(script, @"(?<![\w-])--[a-z][a-z-]*").Select(m => m.Value).Distinct().ToList();

        Assert.That(used, Is.SupersetOf(new[] { "--baseline", "--changed-since", "--format", "--fail-on" }));
        Assert.That(used.Where(option => !known.Contains(option)), Is.Empty, "every option the action passes exists on gitops-ai check");
        Assert.That(script, Does.Contain("--format sarif").And.Contain("--format markdown >> \"$GITHUB_STEP_SUMMARY\""));
        Assert.That(Steps().Any(s => s.GetString("uses")?.StartsWith("github/codeql-action/upload-sarif@", StringComparison.Ordinal) == true), Is.True);
    }

    [Test]
    public void The_install_step_installs_the_gitops_ai_tool_package()
    {
        var script = Steps().Single(s => s.GetString("name") == "Install gitops-ai").GetString("run")!;

        Assert.That(script, Does.Contain("dotnet pack \"$GITHUB_ACTION_PATH/server/GitOpsAi.Cli\""));
        Assert.That(script, Does.Contain("dotnet tool install --global gitops-ai --add-source"));
        Assert.That(File.Exists(Path.Combine(RepositoryScopeTests.RepositoryRoot(), "server", "GitOpsAi.Cli", "GitOpsAi.Cli.csproj")), Is.True);
    }
}
