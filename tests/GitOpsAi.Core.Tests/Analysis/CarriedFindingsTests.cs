using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Analysis;

/// <summary>Findings of an earlier text shown on a newer one: moved around the edit, dropped inside it.</summary>
public sealed class CarriedFindingsTests
{
    private static Diagnostic Finding(TextSpan span, string code = "latest-tag") => new(code, DiagnosticSeverity.Warning, span, "m", "gitops-ai");

    [Test]
    public void A_finding_after_the_edit_moves_by_the_length_the_edit_added()
    {
        var before = Markup.Parse("a: 1\nimage: [|nginx:latest|]\n");
        var after = Markup.Parse("# note\na: 1\nimage: [|nginx:latest|]\n");

        var moved = CarriedFindings.Move([Finding(before.Span)], before.Text, after.Text, []);

        Assert.That(moved.Select(d => d.Span), Is.EqualTo(new[] { after.Span }));
    }

    [Test]
    public void A_finding_before_the_edit_stays_where_it_was()
    {
        var before = Markup.Parse("image: [|nginx:latest|]\nb: 1\n");
        var after = Markup.Parse("image: [|nginx:latest|]\nb: 12345\n");

        var moved = CarriedFindings.Move([Finding(before.Span)], before.Text, after.Text, []);

        Assert.That(moved.Select(d => d.Span), Is.EqualTo(new[] { after.Span }));
    }

    [Test]
    public void A_finding_inside_the_edited_region_is_dropped()
    {
        var before = Markup.Parse("image: [|nginx:latest|]\n");

        var moved = CarriedFindings.Move([Finding(before.Span)], before.Text, "image: nginx:1.27\n", []);

        Assert.That(moved, Is.Empty);
    }

    [Test]
    public void A_finding_the_new_text_already_reports_at_the_same_place_is_not_shown_twice()
    {
        var text = Markup.Parse("image: [|nginx:latest|]\nb: 1\n");
        var edited = text.Text.Replace("b: 1", "b: 2");

        var moved = CarriedFindings.Move([Finding(text.Span)], text.Text, edited, [Finding(text.Span)]);

        Assert.That(moved, Is.Empty);
    }

    [Test]
    public void An_analysis_without_the_rendered_checks_leaves_out_what_only_rendered_output_has_and_a_full_one_names_it()
    {
        var fileSystem = new InMemoryFileSystem()
            .Add("base/kustomization.yaml", "resources:\n  - configmap.yaml\n")
            .Add("base/configmap.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: b\n")
            .Add("overlays/prod/kustomization.yaml", "resources:\n  - ../../base\n  - pod.yaml\nimages:\n  - name: nginx\n    newTag: latest\n")
            .Add("overlays/prod/pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: nginx:1.25\n");
        var snapshot = WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem);
        var overlay = snapshot.GetFile(InMemoryFileSystem.PathOf("overlays/prod/kustomization.yaml"))!;

        var fast = new Analyzer().Analyze(snapshot, overlay, AnalysisScope.WithoutRendered);
        var full = new Analyzer().Analyze(snapshot, overlay, AnalysisScope.Full);

        Assert.That(fast.IsComplete, Is.False);
        Assert.That(fast.Diagnostics.Select(d => d.Code), Does.Not.Contain("latest-tag"));
        Assert.That(full.IsComplete, Is.True);
        Assert.That(full.Rendered.Select(d => d.Code), Is.EqualTo(new[] { "latest-tag" }));
        Assert.That(full.Diagnostics, Is.SupersetOf(full.Rendered));
        Assert.That(RenderedAnalysis.For(snapshot, Analyzer.RenderedChecks, CancellationToken.None).FindingsIn(overlay.Path).Select(d => d.Code), Has.Member("latest-tag"));
    }
}
