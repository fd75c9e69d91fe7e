using GitOpsAi.Core.Tests.Support;

namespace GitOpsAi.Core.Tests.Kustomize;

/// <summary>
/// What kustomize refuses while building reaches the editor and the command line, at the entry that caused it, not only
/// the render command: the analysis of a kustomization reports its render's build errors.
/// </summary>
public sealed class RenderErrorFindingsTests
{
    private const string ConfigMap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: b\n";

    private static List<TextSpan> Spans(string kustomization, string code, out Markup markup)
    {
        markup = Markup.Parse(kustomization);
        var fileSystem = new InMemoryFileSystem().Add("app/kustomization.yaml", markup.Text).Add("app/settings.yaml", ConfigMap);
        return TestAnalysis.AnalyzeAll(fileSystem, "app/kustomization.yaml").Where(d => d.Code == code).Select(d => d.Span).ToList();
    }

    [Test]
    public void A_strategic_merge_patch_with_no_object_to_apply_to_is_an_error_at_the_patch()
    {
        var spans = Spans("resources:\n  - settings.yaml\npatches:\n  - [|patch: |-\n      apiVersion: v1\n      kind: ConfigMap\n      metadata:\n        name: missing\n      data:\n        c: d\n|]",
            "kustomize-build-error", out var markup);

        Assert.That(spans, Is.EqualTo(new[] { markup.Span }));
    }

    [Test]
    public void A_patch_whose_target_selects_nothing_is_a_warning_at_the_target()
    {
        var spans = Spans("resources:\n  - settings.yaml\npatches:\n  - target:\n      [|kind: ConfigMap\n      name: nothing|]\n    patch: |-\n      - op: add\n        path: /data/c\n        value: d\n",
            "kustomize-patch-matches-nothing", out var markup);

        Assert.That(spans, Is.EqualTo(new[] { markup.Span }));
    }

    [Test]
    public void A_kustomization_that_builds_gets_no_build_finding()
    {
        var spans = Spans("resources:\n  - settings.yaml\npatches:\n  - patch: |-\n      apiVersion: v1\n      kind: ConfigMap\n      metadata:\n        name: settings\n      data:\n        c: d\n",
            "kustomize-build-error", out _);

        Assert.That(spans, Is.Empty);
    }

    [Test]
    public void A_missing_file_is_said_once_by_the_structure_check_not_again_by_the_render()
    {
        var markup = Markup.Parse("resources:\n  - settings.yaml\n  - [|missing.yaml|]\n");
        var fileSystem = new InMemoryFileSystem().Add("app/kustomization.yaml", markup.Text).Add("app/settings.yaml", ConfigMap);

        var findings = TestAnalysis.AnalyzeAll(fileSystem, "app/kustomization.yaml").Where(d => d.Span == markup.Span).ToList();

        Assert.That(findings.Select(d => d.Code), Is.EqualTo(new[] { "kustomize-path-not-found" }));
    }
}
