using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Hostile;

/// <summary>A backtracking pattern in rules.yaml costs its timeout once per run, and is reported where it was written.</summary>
public class RegexBudgetTests
{
    private const string Backtracking = "^(a+)+$";
    private static readonly string Evil = new string('a', 28) + "!";

    [Test]
    public void A_pattern_that_times_out_once_is_not_evaluated_again_even_on_easy_input()
    {
        var budget = new RegexBudget();

        Assert.That(budget.IsMatch(Evil, Backtracking), Is.False);
        Assert.That(budget.Exceeded.Keys, Is.EqualTo(new[] { Backtracking }));
        Assert.That(budget.IsMatch("aaa", Backtracking), Is.False, "an exhausted pattern matches nothing for the rest of the run");
        Assert.That(new RegexBudget().IsMatch("aaa", Backtracking), Is.True, "a new run starts with a fresh budget");
    }

    [Test]
    public void A_cheap_pattern_keeps_matching_however_long_its_matches_add_up_to()
    {
        var budget = new RegexBudget();
        var input = new string('x', 20_000) + ":latest";
        var spent = System.Diagnostics.Stopwatch.StartNew();
        var matches = 0;
        while (spent.Elapsed < RegexBudget.PerPatternBudget * 1.5)
        {
            matches += budget.IsMatch(input, ":latest$") ? 1 : 0; // linear: microseconds per match
        }

        Assert.That(budget.Exceeded, Is.Empty, $"after {matches} matches");
        Assert.That(budget.IsMatch("nginx:latest", ":latest$"), Is.True);
    }

    [Test]
    public void A_pattern_slow_on_every_value_but_under_the_timeout_is_stopped_once_its_matches_add_up()
    {
        var budget = new RegexBudget();
        var slowButUnderTimeout = new string('a', 20) + "!"; // tens of milliseconds of backtracking, no timeout
        var tries = 0;
        while (budget.Exceeded.Count == 0 && tries < 1_000)
        {
            budget.IsMatch(slowButUnderTimeout, Backtracking);
            tries++;
        }

        Assert.That(budget.Exceeded.Keys, Is.EqualTo(new[] { Backtracking }));
        Assert.That(budget.IsMatch("aaa", Backtracking), Is.False);
    }

    [Test]
    public void A_slow_allow_list_pattern_in_rules_yaml_is_reported_at_its_line_once_for_30_containers()
    {
        var config = $"rules:\n  latest-tag:\n    severity: warning\n    parameters:\n      allowList: [\"{Backtracking}\"]\n";
        var containers = string.Concat(Enumerable.Range(0, 30).Select(i => $"        - name: c{i}\n          image: {Evil}\n"));
        var deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n"
            + "  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n" + containers;
        var fileSystem = new InMemoryFileSystem().Add(".gitops-ai/rules.yaml", config).Add("deploy.yaml", deployment);

        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem);
        var analyses = new Analyzer().AnalyzeAll(workspace);

        var configFindings = analyses.Single(a => a.Path.EndsWith("rules.yaml", StringComparison.Ordinal)).Diagnostics;
        var stopped = configFindings.Single(d => d.Message.Contains("was stopped", StringComparison.Ordinal));
        Assert.That(stopped.Severity, Is.EqualTo(DiagnosticSeverity.Error));
        Assert.That(stopped.Message, Does.Contain(Backtracking));
        Assert.That(config.Substring(stopped.Span.Start, stopped.Span.Length), Does.Contain(Backtracking));
        var deploymentFindings = analyses.Single(a => a.Path.EndsWith("deploy.yaml", StringComparison.Ordinal)).Diagnostics;
        Assert.That(deploymentFindings.Count(d => d.Code == "latest-tag"), Is.EqualTo(30), "the exhausted allow-list pattern allows nothing");
    }
}
