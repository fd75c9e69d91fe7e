using GitOpsAi.Core.Drift;
using static GitOpsAi.Core.Tests.Drift.DriftTestKit;

namespace GitOpsAi.Core.Tests.Drift;

public sealed class DriftPresentationTests
{
    private static string HandEditedImage => LiveDeployment(image: "ghcr.io/acme/web:1.4.3-hotfix", extraManagers: ManagerOwningContainerField("kubectl-set", "image", 2));

    [Test]
    public void The_hover_on_a_drifted_value_shows_Git_live_who_and_the_score_with_its_reasons()
    {
        var diagnostics = DriftOf(Deployment, HandEditedImage);
        var offset = Deployment.IndexOf("ghcr.io/acme/web:1.4.2", StringComparison.Ordinal) + 3;

        var hover = DriftPresentation.Hover(diagnostics, offset);

        Assert.That(hover, Does.Contain("- Git: `ghcr.io/acme/web:1.4.2`"));
        Assert.That(hover, Does.Contain("- Live: `ghcr.io/acme/web:1.4.3-hotfix` (kubectl-set, 2 days ago)"));
        Assert.That(hover, Does.Contain("critical field image +45"));
        Assert.That(DriftPresentation.Hover(diagnostics, 0), Is.Null);
    }

    [Test]
    public void An_inlay_hint_with_the_live_value_follows_the_drifted_value()
    {
        var diagnostics = DriftOf(Deployment, HandEditedImage);

        var hint = DriftPresentation.InlayHints(diagnostics, new TextSpan(0, Deployment.Length)).Single();

        Assert.That(hint.Label, Is.EqualTo("live: ghcr.io/acme/web:1.4.3-hotfix"));
        Assert.That(hint.Offset, Is.EqualTo(Deployment.IndexOf("ghcr.io/acme/web:1.4.2", StringComparison.Ordinal) + "ghcr.io/acme/web:1.4.2".Length));
    }

    [Test]
    public void A_code_lens_per_object_says_in_sync_drifted_with_its_score_or_not_in_cluster()
    {
        var report = Report(Deployment + "\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: gone, namespace: shop }\n", HandEditedImage + "\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: other, namespace: shop }\n");

        var lenses = DriftPresentation.CodeLenses(report, InMemoryFileSystem.PathOf("app.yaml"));

        Assert.That(lenses.Select(l => l.Title).ToArray(), Is.EqualTo(new[] { $"test-cluster: 1 field drifted, score {report.Objects[0].Score}", "test-cluster: not in cluster" }));
        Assert.That(DriftPresentation.CodeLenses(Report(Deployment, LiveDeployment()), InMemoryFileSystem.PathOf("app.yaml")).Single().Title, Is.EqualTo("test-cluster: in sync"));
    }

    [Test]
    public void A_stale_or_incomplete_cluster_adds_one_note_per_file_and_leaves_the_other_findings_alone()
    {
        var (objects, _) = LiveSnapshotReader.Read(HandEditedImage);
        var stale = new InMemoryLiveState("prod-eu", objects, isStale: true, problem: "prod-eu did not answer within 20 s.");
        var files = new InMemoryFileSystem().Add("app.yaml", Deployment + "\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings, namespace: shop }\n");

        var diagnostics = DriftOf(files, "app.yaml", stale);

        var notes = diagnostics.Where(d => d.Code == "drift-cluster-status").ToList();
        Assert.That(notes, Has.Count.EqualTo(1));
        Assert.That(notes[0].Severity, Is.EqualTo(DiagnosticSeverity.Information));
        Assert.That(notes[0].Message, Is.EqualTo("Drift against prod-eu is from an older copy: prod-eu did not answer within 20 s."));
        Assert.That(diagnostics.Single(d => d.Code == "drift-field").Message, Does.Contain("[stale"));
    }
}
