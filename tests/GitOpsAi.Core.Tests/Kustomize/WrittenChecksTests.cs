using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Kustomize;

/// <summary>
/// A base that several overlays render alike has its per-object checks run once per snapshot (issue 13), and reports
/// what each overlay checked alone reports; the cross-object rules still run per root, on that root's siblings.
/// </summary>
public sealed class WrittenChecksTests
{
    private const string Web = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: 1
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
                - name: web
                  image: nginx:latest
                  envFrom:
                    - configMapRef:
                        name: app-config
        """;

    /// <summary>Overlays that label the base alike; overlays/b deletes the ConfigMap the Deployment refers to.</summary>
    private static InMemoryFileSystem Repository(params string[] overlays)
    {
        var fileSystem = new InMemoryFileSystem()
            .Add("base/kustomization.yaml", "resources:\n  - web.yaml\n  - config.yaml\n")
            .Add("base/web.yaml", Web)
            .Add("base/config.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-config\ndata:\n  a: b\n");
        foreach (var overlay in overlays)
        {
            var deletes = overlay == "b" ? "patches:\n  - patch: |-\n      $patch: delete\n      apiVersion: v1\n      kind: ConfigMap\n      metadata:\n        name: app-config\n" : "";
            fileSystem.Add($"overlays/{overlay}/kustomization.yaml", $"commonLabels:\n  team: shop\nresources:\n  - ../../base\n{deletes}");
        }

        return fileSystem;
    }

    /// <summary>Each rendered finding as (path, span, code, overlays), whichever roots found it.</summary>
    private static List<(string Path, string Span, string Code, string Message)> Reported(WorkspaceSnapshot snapshot) =>
        RenderedAnalysis.For(snapshot, Analyzer.RenderedChecks, CancellationToken.None).Reported
            .Select(f => (f.Path, f.Diagnostic.Span.ToString(), f.Diagnostic.Code, f.Diagnostic.Message))
            .OrderBy(f => f.ToString(), StringComparer.Ordinal).ToList();

    [Test]
    public void Two_overlays_rendering_a_base_alike_check_it_once_and_report_what_each_reports_alone()
    {
        var both = WorkspaceLoader.Load(InMemoryFileSystem.Root, Repository("a", "b"));
        var reusedBefore = WrittenChecks.ReusedOnThisThread;
        var reported = Reported(both);
        var reused = WrittenChecks.ReusedOnThisThread - reusedBefore;

        var aloneA = Reported(WorkspaceLoader.Load(InMemoryFileSystem.Root, Repository("a")));
        var aloneB = Reported(WorkspaceLoader.Load(InMemoryFileSystem.Root, Repository("b")));

        Assert.That(reused, Is.EqualTo(1), "overlays/b's Deployment is written as overlays/a's");

        // The per-object findings (the latest tag, one replica) are said once, naming both overlays, at the base's lines.
        var perObject = reported.Where(f => f.Message.EndsWith("(in overlays/a, overlays/b)", StringComparison.Ordinal)).Select(f => (f.Path, f.Span, f.Code)).ToList();
        Assert.That(perObject, Is.Not.Empty);
        Assert.That(perObject, Is.EquivalentTo(aloneA.Where(f => f.Code != "non-existent-configmap").Select(f => (f.Path, f.Span, f.Code))));
        Assert.That(aloneB.Select(f => (f.Path, f.Span, f.Code)), Is.SupersetOf(perObject));

        // The siblings differ: only overlays/b deletes the ConfigMap, and only overlays/b says so.
        var dangling = reported.Where(f => f.Code == "non-existent-configmap").ToList();
        Assert.That(dangling, Has.Count.EqualTo(1));
        Assert.That(dangling[0].Message, Does.EndWith("(in overlays/b)"));
        Assert.That(aloneA.Select(f => f.Code), Has.No.Member("non-existent-configmap"));
    }

    [Test]
    public void A_run_that_checks_every_root_once_finds_in_each_file_what_an_editor_analysis_finds()
    {
        var everyRoot = WorkspaceLoader.Load(InMemoryFileSystem.Root, Repository("a", "b", "c"));
        var batch = RenderedAnalysis.For(everyRoot, Analyzer.RenderedChecks, CancellationToken.None);
        batch.CheckAllRoots(CancellationToken.None);
        var editor = RenderedAnalysis.For(WorkspaceLoader.Load(InMemoryFileSystem.Root, Repository("a", "b", "c")), Analyzer.RenderedChecks, CancellationToken.None);

        foreach (var file in new[] { "base/web.yaml", "base/config.yaml", "overlays/b/kustomization.yaml" }.Select(InMemoryFileSystem.PathOf))
        {
            var expected = editor.FindingsIn(file).Select(d => $"{d.Span} {d.Code} {d.Message}").ToList();
            Assert.That(batch.FindingsIn(file).Select(d => $"{d.Span} {d.Code} {d.Message}"), Is.EqualTo(expected), file);
            Assert.That(batch.FindingsIn(file).Select(d => $"{d.Span} {d.Code} {d.Message}"), Is.EqualTo(expected), $"{file}, asked again");
        }

        Assert.That(batch.FindingsIn(InMemoryFileSystem.PathOf("base/web.yaml")).Select(d => d.Message), Has.Some.EndsWith("(in overlays/a, overlays/b, overlays/c)"));
    }
}
