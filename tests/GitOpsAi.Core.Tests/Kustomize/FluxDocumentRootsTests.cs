using System.Runtime.CompilerServices;
using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Kustomize;

/// <summary>
/// A file that defines many Flux Kustomizations (a cluster's apps.yaml): an edit to one of its documents renders and
/// checks the root that document defines, not every root of the file (issue 13), and the findings are those of an
/// analysis from scratch of the edited text.
/// </summary>
public sealed class FluxDocumentRootsTests
{
    private static readonly string AppsPath = InMemoryFileSystem.PathOf("clusters/prod/apps.yaml");

    private static string FluxKustomization(int app, string image = "nginx:latest") => $"""
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata:
          name: app-{app}
          namespace: flux-system
        spec:
          interval: 10m
          path: ./apps/app-{app}
          prune: true
          sourceRef:
            kind: GitRepository
            name: flux-system
          targetNamespace: app-{app}
          postBuild:
            substituteFrom:
              - kind: ConfigMap
                name: cluster-vars
          patches:
            - target:
                kind: Deployment
              patch: |-
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                spec:
                  template:
                    spec:
                      containers:
                        - name: web
                          image: {image}
        """;

    private static string Apps(int count, Func<int, string>? document = null) =>
        string.Join("\n---\n", Enumerable.Range(0, count).Select(app => document?.Invoke(app) ?? FluxKustomization(app))) + "\n";

    private static string ClusterVars(string cluster) =>
        $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cluster-vars\n  namespace: flux-system\ndata:\n  CLUSTER: {cluster}\n";

    private static InMemoryFileSystem Repository(int apps)
    {
        var fileSystem = new InMemoryFileSystem()
            .Add("infrastructure/cluster-vars.yaml", ClusterVars("prod"))
            .Add("clusters/prod/apps.yaml", Apps(apps));
        for (var app = 0; app < apps; app++)
        {
            fileSystem.Add($"apps/app-{app}/kustomization.yaml", "resources:\n  - deployment.yaml\n")
                .Add($"apps/app-{app}/deployment.yaml", """
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata:
                      name: web
                      labels:
                        cluster: ${CLUSTER}
                    spec:
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
                              image: nginx:1.25
                    """);
        }

        return fileSystem;
    }

    private static string Describe(Diagnostic d) => $"{d.Span} {d.Code} {d.Message}";

    /// <summary>The snapshot with <paramref name="path"/> edited to <paramref name="text"/>, parsed as an editor does (from its previous parse).</summary>
    private static WorkspaceSnapshot Edited(WorkspaceSnapshot workspace, string path, string text) =>
        workspace.WithFile(path, WorkspaceFile.FromText(path, InMemoryFileSystem.Root, text, workspace.Files[path]));

    /// <summary>The rendered findings of every file, in the snapshot and in a load from scratch of the same texts (which must agree).</summary>
    private static void AssertSameAsFromScratch(WorkspaceSnapshot workspace, InMemoryFileSystem fromScratch)
    {
        var expected = WorkspaceLoader.Load(InMemoryFileSystem.Root, fromScratch);
        var analysis = RenderedAnalysis.For(workspace, Analyzer.RenderedChecks, CancellationToken.None);
        var fresh = RenderedAnalysis.For(expected, Analyzer.RenderedChecks, CancellationToken.None);
        foreach (var path in workspace.Files.Keys)
        {
            Assert.That(analysis.FindingsIn(path).Select(Describe), Is.EqualTo(fresh.FindingsIn(path).Select(Describe)), path);
        }
    }

    /// <summary>Roots rendered and roots checked by the full rendered analysis of the edited file in <paramref name="workspace"/>.</summary>
    private static (int Rendered, int Checked) WorkOf(WorkspaceSnapshot workspace, out IReadOnlyList<Diagnostic> findings)
    {
        var (rendered, checkedBefore) = (RootRenders.RendersOnThisThread, RenderedAnalysis.RootsCheckedOnThisThread);
        findings = RenderedAnalysis.For(workspace, Analyzer.RenderedChecks, CancellationToken.None).FindingsIn(AppsPath);
        return (RootRenders.RendersOnThisThread - rendered, RenderedAnalysis.RootsCheckedOnThisThread - checkedBefore);
    }

    [TestCase(4)]
    [TestCase(40)]
    public void An_edit_to_one_Flux_Kustomization_in_a_file_of_many_renders_and_checks_its_root_only(int apps)
    {
        var first = WorkspaceLoader.Load(InMemoryFileSystem.Root, Repository(apps));
        var (renderedFirst, _) = WorkOf(first, out var before);
        Assert.That(renderedFirst, Is.EqualTo(apps), "the first analysis renders every root");
        Assert.That(before.Count(d => d.Code == "latest-tag"), Is.EqualTo(apps), "each root's patch line in the file has its finding");

        // The first document's image becomes longer: every other document moves, and keeps its findings at its new place.
        var text = Apps(apps, app => FluxKustomization(app, app == 0 ? "registry.example.com/nginx:1.27" : "nginx:latest"));
        var edited = Edited(first, AppsPath, text);

        Assert.That(WorkOf(edited, out var after), Is.EqualTo((1, 1)), "app-0's root only");
        Assert.That(after.Count(d => d.Code == "latest-tag"), Is.EqualTo(apps - 1));
        AssertSameAsFromScratch(edited, Repository(apps).Add("clusters/prod/apps.yaml", text));
    }

    [Test]
    public void Finding_the_readers_of_an_app_file_renders_every_root_but_keeps_only_the_most_recent_of_those_renders()
    {
        // Every Flux root is rendered once to learn what it reads; keeping all of them held every rendered object of a
        // 50,000-resource monorepo (150,100 objects, ~400 MB) for as long as the snapshot was current.
        var apps = RootRenders.FluxRendersKeptForReads + 40;
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, Repository(apps));
        var rendered = RootRenders.RendersOnThisThread;

        var findings = RenderedAnalysis.For(workspace, Analyzer.RenderedChecks, CancellationToken.None).FindingsIn(InMemoryFileSystem.PathOf("apps/app-0/deployment.yaml"));

        Assert.That(RootRenders.RendersOnThisThread - rendered, Is.GreaterThanOrEqualTo(apps), "every root, to find the file's readers");
        Assert.That(RootRenders.FluxRendersKeptFor(workspace), Is.EqualTo((1, RootRenders.FluxRendersKeptForReads)), "app-0's, checked, and the most recent made to learn what their roots read");
        Assert.That(findings.Select(Describe), Is.EqualTo(RenderedAnalysis.For(WorkspaceLoader.Load(InMemoryFileSystem.Root, Repository(apps)), Analyzer.RenderedChecks, CancellationToken.None)
            .FindingsIn(InMemoryFileSystem.PathOf("apps/app-0/deployment.yaml")).Select(Describe)));
    }

    [Test]
    public void Edits_to_the_documents_of_a_Flux_Kustomization_file_one_after_another_find_what_an_analysis_from_scratch_finds()
    {
        const int apps = 6;
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, Repository(apps));
        _ = WorkOf(workspace, out _);
        var images = Enumerable.Repeat("nginx:latest", apps).ToArray();
        foreach (var (app, image) in new[] { (3, "nginx:1.27"), (0, "nginx:1.27-alpine"), (5, "nginx"), (3, "nginx:latest"), (1, "x:1") })
        {
            images[app] = image;
            var text = Apps(apps, a => FluxKustomization(a, images[a]));
            workspace = Edited(workspace, AppsPath, text);
            Assert.That(WorkOf(workspace, out _), Is.EqualTo((1, 1)), $"app-{app} only");
            AssertSameAsFromScratch(workspace, Repository(apps).Add("clusters/prod/apps.yaml", text));
        }
    }

    [Test]
    public void An_edit_to_what_every_root_substitutes_from_renders_every_root_again()
    {
        const int apps = 5;
        var first = WorkspaceLoader.Load(InMemoryFileSystem.Root, Repository(apps));
        _ = WorkOf(first, out _);

        var path = InMemoryFileSystem.PathOf("infrastructure/cluster-vars.yaml");
        var edited = Edited(first, path, ClusterVars("staging"));

        Assert.That(WorkOf(edited, out _).Rendered, Is.EqualTo(apps));
        AssertSameAsFromScratch(edited, Repository(apps).Add("infrastructure/cluster-vars.yaml", ClusterVars("staging")));
    }

    [Test]
    public void An_object_a_substitution_could_read_appearing_in_the_file_renders_every_root_again()
    {
        const int apps = 3;
        var first = WorkspaceLoader.Load(InMemoryFileSystem.Root, Repository(apps));
        _ = WorkOf(first, out _);

        var text = Apps(apps) + "---\n" + ClusterVars("edge");
        var edited = Edited(first, AppsPath, text);

        Assert.That(WorkOf(edited, out _).Rendered, Is.EqualTo(apps));
        AssertSameAsFromScratch(edited, Repository(apps).Add("clusters/prod/apps.yaml", text));
    }

    [Test]
    public void Findings_kept_for_documents_checked_in_different_versions_of_their_file_keep_at_most_one_of_those_versions_alive()
    {
        var (earlierGraphs, workspace) = EditsWithOneRootCheckedEach(apps: 6);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        // Each version's inclusion graph holds that version's manifests (the file's text and trees). The findings keep the
        // first graph of a placement (to compare later graphs with), not one graph per version they were checked in.
        Assert.That(earlierGraphs.Count(graph => graph.IsAlive), Is.LessThanOrEqualTo(1));
        GC.KeepAlive(workspace);
    }

    /// <summary>
    /// Every document edited in turn, each version's analysis stopping after the edited document's root (as a full analysis
    /// that the next keystroke cancels does), so the roots' kept findings were checked in different versions of the file.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (List<WeakReference> EarlierGraphs, WorkspaceSnapshot Last) EditsWithOneRootCheckedEach(int apps)
    {
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, Repository(apps));
        _ = WorkOf(workspace, out _);
        var graphs = new List<WeakReference>();
        for (var app = 0; app < apps; app++)
        {
            // A renamed Flux Kustomization: a new structure index, so a new inclusion graph (an image edit keeps both).
            var renamed = app;
            workspace = Edited(workspace, AppsPath, Apps(apps, a => a > renamed ? FluxKustomization(a) : FluxKustomization(a).Replace($"name: app-{a}\n", $"name: app-{a}-renamed\n")));
            var analysis = RenderedAnalysis.For(workspace, Analyzer.RenderedChecks, CancellationToken.None);
            Assert.That(analysis.FindingsIn(InMemoryFileSystem.PathOf($"apps/app-{app}/deployment.yaml")), Is.Not.Empty);
            if (app < apps - 1)
            {
                graphs.Add(new WeakReference(InclusionGraph.For(workspace)));
            }
        }

        return (graphs, workspace);
    }
}
