using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Kustomize;

/// <summary>
/// A file that more roots read than the recent-roots caches keep (a Component hundreds of overlays use): its full
/// analysis renders each of them once and keeps none for the next edit, which could never have reused them.
/// </summary>
public sealed class RenderedAnalysisManyReadersTests
{
    private static InMemoryFileSystem OverlaysOfOneComponent(int overlays, string tag)
    {
        var fileSystem = new InMemoryFileSystem()
            .Add("base/kustomization.yaml", "resources:\n  - deployment.yaml\n")
            .Add("base/deployment.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: app
                spec:
                  selector:
                    matchLabels:
                      app: app
                  template:
                    metadata:
                      labels:
                        app: app
                    spec:
                      containers:
                        - name: app
                          image: nginx:1.25
                """)
            .Add("components/common/kustomization.yaml", $"apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nimages:\n  - name: nginx\n    newTag: {tag}\n");
        for (var i = 0; i < overlays; i++)
        {
            fileSystem.Add($"overlays/o-{i}/kustomization.yaml", $"namePrefix: o{i}-\nresources:\n  - ../../base\ncomponents:\n  - ../../components/common\n");
        }

        return fileSystem;
    }

    private static string Describe(Diagnostic d) => $"{d.Span} {d.Code} {d.Message}";

    [TestCase(3, 3)]
    [TestCase(RecentRootCaches<object>.RootsKept + 12, 0)]
    public void A_component_more_overlays_use_than_the_recent_roots_keep_renders_each_once_per_analysis_and_keeps_none(int overlays, int kept)
    {
        var path = InMemoryFileSystem.PathOf("components/common/kustomization.yaml");
        var snapshot = WorkspaceLoader.Load(InMemoryFileSystem.Root, OverlaysOfOneComponent(overlays, "\"1.27\""));
        var rendersBefore = RootRenders.RendersOnThisThread;
        _ = RenderedAnalysis.For(snapshot, Analyzer.RenderedChecks, CancellationToken.None).FindingsIn(path);
        Assert.That(RootRenders.RendersOnThisThread - rendersBefore, Is.EqualTo(overlays), "each overlay rendered once: what it reads and its findings from one render");

        // The next pause, after the component was edited: every overlay is rendered and checked again.
        snapshot = snapshot.WithFile(path, WorkspaceFile.FromText(path, InMemoryFileSystem.Root, "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nimages:\n  - name: nginx\n    newTag: latest\n"));
        rendersBefore = RootRenders.RendersOnThisThread;
        var checkedBefore = RenderedAnalysis.RootsCheckedOnThisThread;
        var findings = RenderedAnalysis.For(snapshot, Analyzer.RenderedChecks, CancellationToken.None).FindingsIn(path);

        Assert.That(RootRenders.RendersOnThisThread - rendersBefore, Is.EqualTo(overlays));
        Assert.That(RenderedAnalysis.RootsCheckedOnThisThread - checkedBefore, Is.EqualTo(overlays));
        Assert.That(RootRenders.KeptFor(snapshot), Is.EqualTo(kept), "renders kept for the next edit");
        Assert.That(RenderedAnalysis.ChecksKeptFor(snapshot), Is.EqualTo(kept), "root checks kept for the next edit");
        var fresh = RenderedAnalysis.For(WorkspaceLoader.Load(InMemoryFileSystem.Root, OverlaysOfOneComponent(overlays, "latest")), Analyzer.RenderedChecks, CancellationToken.None);
        Assert.That(findings, Is.Not.Empty);
        Assert.That(findings.Select(Describe), Is.EqualTo(fresh.FindingsIn(path).Select(Describe)));
    }
}
