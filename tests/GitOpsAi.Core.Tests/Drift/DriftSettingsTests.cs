using GitOpsAi.Core.Config;
using GitOpsAi.Core.Drift;
using static GitOpsAi.Core.Tests.Drift.DriftTestKit;

namespace GitOpsAi.Core.Tests.Drift;

public sealed class DriftSettingsTests
{
    private static string HandEditedImage => LiveDeployment(image: "ghcr.io/acme/web:1.4.3-hotfix", extraManagers: ManagerOwningContainerField("kubectl-set", "image", 0.1));

    private static DiagnosticSeverity SeverityWith(string config) => DriftOf(Deployment, HandEditedImage, config: config).Single().Severity;

    [Test]
    public void By_default_a_hand_edited_image_is_a_warning()
    {
        Assert.That(DriftOf(Deployment, HandEditedImage).Single().Severity, Is.EqualTo(DiagnosticSeverity.Warning));
    }

    [Test]
    public void A_global_maxDriftScore_above_the_score_makes_drift_information()
    {
        Assert.That(SeverityWith("drift:\n  maxDriftScore: 95\n"), Is.EqualTo(DiagnosticSeverity.Information));
    }

    [TestCase("kind: Deployment")]
    [TestCase("name: web*")]
    [TestCase("namespace: shop")]
    [TestCase("path: spec.template.spec.containers[].image")]
    [TestCase("path: /spec/template/spec/containers")]
    public void A_maxDriftScore_override_by_kind_name_namespace_or_field_path_applies_to_what_it_selects(string selector)
    {
        Assert.That(SeverityWith($"drift:\n  maxDriftScore:\n    default: 45\n    overrides:\n      - {selector}\n        max: 95\n"), Is.EqualTo(DiagnosticSeverity.Information));
        Assert.That(SeverityWith("drift:\n  maxDriftScore:\n    overrides:\n      - kind: StatefulSet\n        max: 95\n"), Is.EqualTo(DiagnosticSeverity.Warning));
    }

    [Test]
    public void The_most_specific_override_wins()
    {
        var config = "drift:\n  maxDriftScore:\n    overrides:\n      - kind: Deployment\n        max: 95\n      - kind: Deployment\n        path: spec.template.spec.containers[].image\n        max: 10\n";

        Assert.That(SeverityWith(config), Is.EqualTo(DiagnosticSeverity.Warning));
    }

    [Test]
    public void Sensitivity_moves_the_threshold()
    {
        var controllerImage = LiveDeployment(image: "x:canary", extraManagers: ManagerOwningContainerField("flagger", "image", 0.1));

        Assert.That(DriftOf(Deployment, controllerImage, config: "drift:\n  sensitivity: high\n").Single().Severity, Is.EqualTo(DiagnosticSeverity.Warning));
        Assert.That(DriftOf(Deployment, controllerImage, config: "drift:\n  sensitivity: medium\n").Single().Severity, Is.EqualTo(DiagnosticSeverity.Information));
        Assert.That(SeverityWith("drift:\n  sensitivity: low\n  maxDriftScore: 70\n"), Is.EqualTo(DiagnosticSeverity.Information));
    }

    [TestCase("- kind: Deployment\n      path: spec.template.spec.containers[].image")]
    [TestCase("- name: web\n      path: /spec/template/spec/containers")]
    [TestCase("- namespace: shop")]
    public void Ignore_entries_remove_the_drift_they_select(string entry)
    {
        Assert.That(DriftOf(Deployment, HandEditedImage, config: $"drift:\n  ignore:\n    {entry}\n"), Is.Empty);
        Assert.That(DriftOf(Deployment, HandEditedImage, config: "drift:\n  ignore:\n    - kind: Service\n"), Has.Count.EqualTo(1));
    }

    [Test]
    public void During_a_suppress_window_drift_is_information_only()
    {
        // Now is 12:00 UTC: a daily window from 11:00 lasting 2h is open, one lasting 30m is not.
        Assert.That(SeverityWith("drift:\n  suppressWindows:\n    - cron: \"0 11 * * *\"\n      duration: 2h\n"), Is.EqualTo(DiagnosticSeverity.Information));
        Assert.That(SeverityWith("drift:\n  suppressWindows:\n    - cron: \"0 11 * * *\"\n      duration: 30m\n"), Is.EqualTo(DiagnosticSeverity.Warning));
    }

    [Test]
    public void The_baseline_learns_drift_seen_over_its_period_and_a_shorter_baseline_learns_sooner()
    {
        var history = new DriftHistory();
        foreach (var daysAgo in new[] { 6, 5, 4 })
        {
            history.Observe(DriftHistory.KeyOf(new ObjectKey("apps", "Deployment", "shop", "web"), FieldPath.Of("spec", "template", "spec", "containers").Append(PathSegment.OfKey("name", System.Text.Json.Nodes.JsonValue.Create("web"))).Field("image")), Now.AddDays(-daysAgo));
        }

        var options = new DriftOptions { History = history };
        var withDefault = DriftOf(Deployment, HandEditedImage, options, config: "drift:\n  sensitivity: medium\n").Single();
        var withShortBaseline = DriftOf(Deployment, HandEditedImage, options, config: "drift:\n  baseline: 5d\n").Single();

        Assert.That(withDefault.Severity, Is.EqualTo(DiagnosticSeverity.Warning), "6 days is less than the 14-day default");
        Assert.That(withShortBaseline.Severity, Is.EqualTo(DiagnosticSeverity.Information));
        Assert.That(withShortBaseline.Message, Does.Contain("learnt as normal"));
    }

    [Test]
    public void Clusters_map_repository_paths_to_contexts_and_say_which_are_production()
    {
        var config = RulesConfigLoader.Load("/repo/.gitops-ai/rules.yaml", "drift:\n  clusters:\n    - path: clusters/prod/**\n      context: prod-eu\n    - path: clusters/staging/**\n      context: stage\n");

        Assert.That(config.Diagnostics, Is.Empty);
        Assert.That(config.Drift.ClusterFor("clusters/prod/apps/web.yaml")?.Context, Is.EqualTo("prod-eu"));
        Assert.That(config.Drift.ClusterFor("clusters/prod/apps/web.yaml")!.IsProduction, Is.True);
        Assert.That(config.Drift.ClusterFor("clusters/staging/web.yaml")!.IsProduction, Is.False);
        Assert.That(config.Drift.ClusterFor("apps/web.yaml"), Is.Null);
    }

    [Test]
    public void An_object_under_a_path_mapped_to_another_context_is_not_compared_with_this_cluster()
    {
        var files = new InMemoryFileSystem().Add("clusters/prod/app.yaml", Deployment).Add(".gitops-ai/rules.yaml", "drift:\n  clusters:\n    - path: clusters/prod/**\n      context: prod-eu\n");

        Assert.That(DriftOf(files, "clusters/prod/app.yaml", Live(HandEditedImage), new DriftOptions { Context = "staging" }), Is.Empty);
        Assert.That(DriftOf(files, "clusters/prod/app.yaml", Live(HandEditedImage), new DriftOptions { Context = "prod-eu" }), Has.Count.EqualTo(1));
    }

    [Test]
    public void A_context_that_only_takes_its_mapped_paths_leaves_unmapped_files_to_the_default_cluster()
    {
        var files = new InMemoryFileSystem().Add("apps/app.yaml", Deployment).Add("clusters/prod/app.yaml", Deployment)
            .Add(".gitops-ai/rules.yaml", "drift:\n  clusters:\n    - path: clusters/prod/**\n      context: prod-eu\n");
        var prodOnly = new DriftOptions { Context = "prod-eu", MappedPathsOnly = true };

        Assert.That(DriftOf(files, "apps/app.yaml", Live(HandEditedImage), prodOnly), Is.Empty);
        Assert.That(DriftOf(files, "clusters/prod/app.yaml", Live(HandEditedImage), prodOnly), Has.Count.EqualTo(1));
        Assert.That(DriftOf(files, "apps/app.yaml", Live(HandEditedImage), new DriftOptions { Context = "dev" }), Has.Count.EqualTo(1));
    }

    [Test]
    public void StackGen_snake_case_names_are_read_too()
    {
        var config = RulesConfigLoader.Load("/repo/.stackgen/ai-rules.yaml", "drift_detection:\n  max_drift_score: 60\n  suppress_windows:\n    - schedule: \"0 2 * * 6\"\n      duration: 90\n  baseline_days: 7\n");

        Assert.That(config.Diagnostics, Is.Empty);
        Assert.That(config.Drift.MaxDriftScore, Is.EqualTo(60));
        Assert.That(config.Drift.SuppressWindows.Single().Duration, Is.EqualTo(TimeSpan.FromMinutes(90)));
        Assert.That(config.Drift.Baseline, Is.EqualTo(TimeSpan.FromDays(7)));
    }

    [TestCase("drift:\n  sensitivity: [|extreme|]\n", "low, medium or high")]
    [TestCase("drift:\n  maxDriftScore: [|150|]\n", "0 to 100")]
    [TestCase("drift:\n  [|maxDriftScor|]: 20\n", "Did you mean 'maxDriftScore'?")]
    [TestCase("drift:\n  [|window|]: 20\n", "Use clusters, sensitivity, maxDriftScore, ignore, suppressWindows, baseline.")]
    [TestCase("drift:\n  suppressWindows:\n    - cron: [|\"61 * * * *\"|]\n      duration: 1h\n", "not a cron expression")]
    [TestCase("drift:\n  suppressWindows:\n    - cron: \"0 2 * * *\"\n      duration: [|soon|]\n", "positive duration")]
    [TestCase("drift:\n  baseline: [|forever|]\n", "number of days")]
    [TestCase("drift:\n  ignore:\n    - kind: Deployment\n      [|pth|]: spec.replicas\n", "Did you mean 'path'?")]
    [TestCase("drift:\n  clusters:\n    - [|path: clusters/**|]\n", "needs 'path'")]
    public void A_mistake_in_the_drift_section_is_reported_at_its_place(string markup, string expected)
    {
        var parsed = Markup.Parse(markup);

        var problem = RulesConfigLoader.Load("/repo/.gitops-ai/rules.yaml", parsed.Text).Diagnostics.Single();

        Assert.That(problem.Code, Is.EqualTo("config-invalid"));
        Assert.That(problem.Span.Start, Is.EqualTo(parsed.Span.Start));
        Assert.That(problem.Message, Does.Contain(expected));
    }
}
