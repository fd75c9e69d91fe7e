using GitOpsAi.Core.Drift;
using static GitOpsAi.Core.Tests.Drift.DriftTestKit;

namespace GitOpsAi.Core.Tests.Drift;

public sealed class DriftScoreTests
{
    private static FieldDrift Field(string kind, string group, string? @namespace, string path, string? manager, double daysAgo = 0.1)
    {
        var yaml = YamlParser.Parse($"apiVersion: {(group.Length == 0 ? "v1" : group + "/v1")}\nkind: {kind}\nmetadata: {{ name: x }}\n");
        var root = (YamlMapping)yaml.Documents[0].Root!;
        var file = GitOpsAi.Core.Workspace.WorkspaceFile.FromText("/repo/x.yaml", "/repo", yaml.Source.Text);
        var desired = new DesiredObject(new ObjectKey(group, kind, @namespace, "x"), "v1", root, file, file.Manifests[0]);
        FieldManager? owner = manager is null ? null : new FieldManager(manager, "Update", Now.AddDays(-daysAgo), null);
        return new FieldDrift(desired, FieldPath.Of(path.Split('.')), root, "a", null, DriftChange.Changed, owner);
    }

    private static int ScoreOf(FieldDrift drift, bool production = false, DriftObservation? seen = null) =>
        DriftScoring.Score(drift, new ScoreContext(Now, seen, production, TimeSpan.FromDays(14))).Value;

    [TestCase("spec.template.spec.containers.image", "kubectl-set")]
    [TestCase("spec.replicas", "kubectl-scale")]
    [TestCase("data.LOG_LEVEL", "kubectl-edit")]
    [TestCase("spec.template.spec.containers.env", "kubectl-patch")]
    [TestCase("spec.template.spec.containers.env", "deploy-script")]
    public void Every_hand_made_or_unknown_change_to_spec_or_data_scores_above_the_default_threshold(string path, string manager)
    {
        Assert.That(ScoreOf(Field("Deployment", "apps", "shop", path, manager)), Is.GreaterThan(DriftSettings.DefaultMaxDriftScore));
    }

    [TestCase("metadata.labels.team", "kubectl-label")]
    [TestCase("metadata.annotations.note", "kubectl-annotate")]
    [TestCase("spec.template.spec.containers.image", "flagger")]
    [TestCase("spec.replicas", "kube-controller-manager")]
    [TestCase("spec.template.spec.containers.resources", "vpa-updater")]
    public void Metadata_only_drift_and_changes_by_controllers_score_at_or_below_the_default_threshold(string path, string manager)
    {
        Assert.That(ScoreOf(Field("Deployment", "apps", "shop", path, manager)), Is.LessThanOrEqualTo(DriftSettings.DefaultMaxDriftScore));
    }

    [Test]
    public void A_critical_field_scores_above_configuration_which_scores_above_labels_which_score_above_annotations()
    {
        int Of(string path) => ScoreOf(Field("Deployment", "apps", "shop", path, "kubectl-edit"));

        Assert.That(Of("spec.template.spec.containers.image"), Is.GreaterThan(Of("spec.template.spec.containers.resources")));
        Assert.That(Of("spec.template.spec.containers.resources"), Is.GreaterThan(Of("spec.template.spec.containers.env")));
        Assert.That(Of("spec.template.spec.containers.env"), Is.GreaterThan(Of("metadata.labels.a")));
        Assert.That(Of("metadata.labels.a"), Is.GreaterThan(Of("metadata.annotations.a")));
    }

    [Test]
    public void A_hand_edit_outscores_an_unknown_manager_which_outscores_a_controller()
    {
        int Of(string manager) => ScoreOf(Field("Deployment", "apps", "shop", "spec.replicas", manager));

        Assert.That(Of("kubectl-edit"), Is.GreaterThan(Of("some-script")));
        Assert.That(Of("some-script"), Is.GreaterThan(Of("kube-controller-manager")));
    }

    [Test]
    public void The_longer_a_field_has_drifted_the_higher_it_scores_counting_from_the_earliest_sighting()
    {
        int Of(double daysAgo, DriftObservation? seen = null) => ScoreOf(Field("Deployment", "apps", "shop", "spec.replicas", "kubectl-scale", daysAgo), seen: seen);

        Assert.That(Of(2), Is.EqualTo(Of(0.5) + 5), "a day or more: +5");
        Assert.That(Of(8), Is.EqualTo(Of(0.5) + 10), "a week or more: +10");

        // The manager's entry was rewritten an hour ago, but the history saw the same drift eight days ago.
        var sinceLastWeek = new DriftObservation(Now.AddDays(-8), Now, Days: 1);
        Assert.That(Of(0.04, sinceLastWeek), Is.EqualTo(Of(8)));
    }

    [Test]
    public void Drift_seen_on_three_or_more_days_scores_above_drift_seen_on_fewer()
    {
        var drift = Field("Deployment", "apps", "shop", "spec.replicas", "kubectl-scale", daysAgo: 4);
        var twice = new DriftObservation(Now.AddDays(-4), Now, Days: 2);
        var often = new DriftObservation(Now.AddDays(-4), Now, Days: 3);

        Assert.That(ScoreOf(drift, seen: often), Is.EqualTo(ScoreOf(drift, seen: twice) + 5));
        Assert.That(DriftScoring.Score(drift, new ScoreContext(Now, often, false, TimeSpan.FromDays(14))).Reasons, Does.Contain("seen on 3 days +5"));
    }

    [Test]
    public void Each_part_of_the_blast_radius_raises_the_score_cluster_scoped_RBAC_and_production()
    {
        int Of(string kind, string group, string? @namespace, bool production = false) => ScoreOf(Field(kind, group, @namespace, "metadata.labels.team", "kubectl-label"), production);

        var baseline = Of("ConfigMap", string.Empty, "shop");
        Assert.That(Of("Namespace", string.Empty, null), Is.EqualTo(baseline + 10), "cluster-scoped");
        Assert.That(Of("Role", "rbac.authorization.k8s.io", "shop"), Is.EqualTo(baseline + 10), "RBAC");
        Assert.That(Of("ClusterRoleBinding", "rbac.authorization.k8s.io", null), Is.EqualTo(baseline + 20), "both");
        Assert.That(Of("ConfigMap", string.Empty, "shop", production: true), Is.EqualTo(baseline + 10), "production");
    }

    [Test]
    public void Cluster_scoped_RBAC_in_production_that_has_drifted_for_a_week_scores_highest_with_every_reason_named()
    {
        var drift = Field("ClusterRole", "rbac.authorization.k8s.io", null, "rules", "kubectl-edit", daysAgo: 8);

        var score = DriftScoring.Score(drift, new ScoreContext(Now, null, IsProduction: true, TimeSpan.FromDays(14)));

        Assert.That(score.Value, Is.EqualTo(100));
        Assert.That(score.Reasons, Is.EqualTo(new[] { "RBAC rules +45", "hand edit by kubectl-edit +35", "drifted for 8 days +10", "cluster-scoped +10", "RBAC +10", "production cluster +10" }));
    }

    [Test]
    public void Drift_seen_on_several_days_across_the_whole_baseline_is_learnt_as_normal_and_scored_low()
    {
        var drift = Field("Deployment", "apps", "shop", "spec.replicas", "kubectl-scale");
        var learnt = new DriftObservation(Now.AddDays(-15), Now, Days: 9);
        var recent = new DriftObservation(Now.AddDays(-3), Now, Days: 3);

        Assert.That(ScoreOf(drift, seen: learnt), Is.LessThanOrEqualTo(DriftSettings.DefaultMaxDriftScore / 2));
        Assert.That(ScoreOf(drift, seen: recent), Is.GreaterThan(DriftSettings.DefaultMaxDriftScore));
    }

    [Test]
    public void The_history_counts_distinct_days_and_survives_a_round_trip_through_its_state_file()
    {
        var history = new DriftHistory();
        history.Observe("k", Now.AddDays(-2));
        history.Observe("k", Now.AddDays(-2).AddHours(1));
        history.Observe("k", Now);

        var read = DriftHistory.Deserialize(history.Serialize());

        Assert.That(read.Find("k"), Is.EqualTo(new DriftObservation(Now.AddDays(-2), Now, 2)));
        Assert.That(DriftHistory.Deserialize("{ not json").Count, Is.Zero);
    }

    [Test]
    public void A_history_records_field_identities_and_never_values()
    {
        var history = new DriftHistory();
        var live = LiveDeployment(image: "ghcr.io/acme/web:9.9.9-secret-tag", extraManagers: ManagerOwningContainerField("kubectl-set", "image", 2));

        _ = Report(Deployment, live, options: new DriftOptions { History = history });

        Assert.That(history.Count, Is.EqualTo(1));
        Assert.That(history.Serialize(), Does.Contain("spec.template.spec.containers[name=web].image").And.Not.Contain("9.9.9"));
    }
}
