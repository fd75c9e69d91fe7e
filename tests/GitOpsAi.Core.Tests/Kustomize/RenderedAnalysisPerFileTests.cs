using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Kustomize;

/// <summary>
/// A file's rendered-output findings come from the roots that read it (issue 13): the same findings the whole report
/// places in the file, and an edit re-checks only the roots whose render read the edited file.
/// </summary>
public sealed class RenderedAnalysisPerFileTests
{
    private static string Deployment(string name, string image = "nginx:1.25") => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {name}
        spec:
          selector:
            matchLabels:
              app: {name}
          template:
            metadata:
              labels:
                app: {name}
            spec:
              containers:
                - name: {name}
                  image: {image}
        """;

    private static InMemoryFileSystem TwoApps() => new InMemoryFileSystem()
        .Add("a/base/kustomization.yaml", "resources:\n  - deployment.yaml\n")
        .Add("a/base/deployment.yaml", Deployment("a"))
        .Add("a/overlays/prod/kustomization.yaml", "resources:\n  - ../../base\nimages:\n  - name: nginx\n    newTag: latest\n")
        .Add("a/overlays/dev/kustomization.yaml", "namePrefix: dev-\nresources:\n  - ../../base\ncomponents:\n  - ../../../components/latest\n")
        .Add("b/base/kustomization.yaml", "resources:\n  - deployment.yaml\n")
        .Add("b/base/deployment.yaml", Deployment("b"))
        .Add("b/overlays/prod/kustomization.yaml", "resources:\n  - ../../base\ncomponents:\n  - ../../../components/latest\n")
        .Add("components/latest/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nimages:\n  - name: nginx\n    newTag: latest\n")
        .Add("unrelated.yaml", Deployment("c"));

    private static string Describe(Diagnostic d) => $"{d.Span} {d.Code} {d.Message}";

    [Test]
    public void A_run_that_checks_every_root_once_keeps_no_render_and_reports_what_a_file_by_file_analysis_reports()
    {
        var fileByFile = WorkspaceLoader.Load(InMemoryFileSystem.Root, TwoApps());
        var everyRoot = WorkspaceLoader.Load(InMemoryFileSystem.Root, TwoApps());
        var expected = RenderedAnalysis.For(fileByFile, Analyzer.RenderedChecks, CancellationToken.None);
        var analysis = RenderedAnalysis.For(everyRoot, Analyzer.RenderedChecks, CancellationToken.None);

        analysis.CheckAllRoots(CancellationToken.None);

        Assert.That(RootRenders.KeptFor(everyRoot), Is.Zero, "the command line renders each root once: nothing waits for an edit");
        foreach (var path in everyRoot.Files.Keys)
        {
            Assert.That(analysis.FindingsIn(path).Select(Describe), Is.EqualTo(expected.FindingsIn(fileByFile.Files[path].Path).Select(Describe)), path);
        }

        Assert.That(RootRenders.KeptFor(fileByFile), Is.GreaterThan(0), "an editor's analysis keeps the recent roots");
        Assert.That(analysis.Reported.Select(f => (f.Path, Describe(f.Diagnostic), f.Objects.Count)), Is.EqualTo(expected.Reported.Select(f => (f.Path, Describe(f.Diagnostic), f.Objects.Count))));
    }

    [Test]
    public void A_run_that_checks_every_root_once_makes_no_message_for_a_rendered_finding_its_source_reports()
    {
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, TwoApps());
        var analysis = RenderedAnalysis.For(workspace, Analyzer.RenderedChecks, CancellationToken.None);
        analysis.CheckAllRoots(CancellationToken.None);
        var path = InMemoryFileSystem.PathOf("a/base/deployment.yaml");
        var rendered = analysis.FindingsIn(path).ToList();
        Assert.That(rendered, Is.Not.Empty, "the overlays' Deployment has findings in the base (no probes, no limits...)");

        // The source reporting every one of them at its place: none is made again to be dropped.
        RenderedAnalysis.MessagesMadeOnThisThread = 0;
        var again = analysis.FindingsIn(path, CancellationToken.None, sourceFindings: rendered);

        Assert.That(again, Is.Empty);
        Assert.That(RenderedAnalysis.MessagesMadeOnThisThread, Is.Zero);
    }

    [Test]
    public void Each_file_gets_exactly_the_rendered_findings_the_whole_report_places_in_it()
    {
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, TwoApps());
        var reported = RenderedAnalysis.For(WorkspaceLoader.Load(InMemoryFileSystem.Root, TwoApps()), Analyzer.RenderedChecks, CancellationToken.None).Reported;
        Assert.That(reported, Is.Not.Empty, "the fixture has rendered-only findings");

        var analysis = RenderedAnalysis.For(workspace, Analyzer.RenderedChecks, CancellationToken.None);
        foreach (var path in workspace.Files.Keys)
        {
            Assert.That(analysis.FindingsIn(path).Select(Describe), Is.EqualTo(reported.Where(f => f.Path == path).Select(f => Describe(f.Diagnostic))), path);
        }

        Assert.That(analysis.FindingsIn(InMemoryFileSystem.PathOf("components/latest/kustomization.yaml")).Select(d => d.Message),
            Has.Some.EndsWith("(in a/overlays/dev, b/overlays/prod)"));
    }

    [Test]
    public void An_edit_to_one_apps_base_checks_only_the_overlays_that_render_it()
    {
        var first = WorkspaceLoader.Load(InMemoryFileSystem.Root, TwoApps());
        _ = RenderedAnalysis.For(first, Analyzer.RenderedChecks, CancellationToken.None).Reported;
        var checkedBefore = RenderedAnalysis.RootsCheckedOnThisThread;

        var path = InMemoryFileSystem.PathOf("b/base/deployment.yaml");
        var edited = first.WithFile(path, WorkspaceFile.FromText(path, InMemoryFileSystem.Root, Deployment("b", "nginx:1.27")));
        var analysis = RenderedAnalysis.For(edited, Analyzer.RenderedChecks, CancellationToken.None);

        Assert.That(analysis.FindingsIn(path).Select(d => d.Message), Has.All.EndsWith("(in b/overlays/prod)"));
        Assert.That(RenderedAnalysis.RootsCheckedOnThisThread - checkedBefore, Is.EqualTo(1), "b/overlays/prod only");
        Assert.That(analysis.FindingsIn(InMemoryFileSystem.PathOf("a/overlays/prod/kustomization.yaml")), Is.Not.Empty);
        Assert.That(RenderedAnalysis.RootsCheckedOnThisThread - checkedBefore, Is.EqualTo(1), "a's overlays are as they were");
    }

    [TestCase(3)]
    [TestCase(12)]
    public void A_cancelled_analysis_of_a_base_stops_before_checking_its_overlays_however_many_there_are(int overlays)
    {
        var fileSystem = new InMemoryFileSystem()
            .Add("base/kustomization.yaml", "resources:\n  - deployment.yaml\n")
            .Add("base/deployment.yaml", Deployment("app"));
        for (var i = 0; i < overlays; i++)
        {
            fileSystem.Add($"overlays/o-{i}/kustomization.yaml", $"namePrefix: o{i}-\nresources:\n  - ../../base\n");
        }

        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem);
        var analysis = RenderedAnalysis.For(workspace, Analyzer.RenderedChecks, CancellationToken.None);
        _ = analysis.FindingsIn(InMemoryFileSystem.PathOf("overlays/o-0/kustomization.yaml"));
        var checkedBefore = RenderedAnalysis.RootsCheckedOnThisThread;

        // The user typed on: the editor cancels the base's full analysis, which must not check every overlay first.
        Assert.Throws<OperationCanceledException>(() => analysis.FindingsIn(InMemoryFileSystem.PathOf("base/deployment.yaml"), new CancellationToken(canceled: true)));

        Assert.That(RenderedAnalysis.RootsCheckedOnThisThread - checkedBefore, Is.Zero);
    }

    /// <summary>A check that reports every object it sees, and cancels the editor's analysis at the first (the user typed on).</summary>
    private sealed class CancelsAtFirstObject(CancellationTokenSource cancellation) : IFileAnalyzer
    {
        public void Analyze(FileAnalysisContext context)
        {
            cancellation.Cancel();
            context.Diagnostics.Add(Diagnostics.CoreDiagnostics.DeprecatedField.Create(new Text.TextSpan(0, 1), $"seen {context.File.Source.Text.Length}"));
        }
    }

    [TestCase(5)]
    [TestCase(40)]
    public void A_root_whose_check_is_cancelled_checks_no_further_object_and_is_checked_whole_when_asked_again(int objects)
    {
        InMemoryFileSystem Repository() => new InMemoryFileSystem()
            .Add("base/kustomization.yaml", "resources:\n  - deployments.yaml\n")
            .Add("base/deployments.yaml", string.Join("\n---\n", Enumerable.Range(0, objects).Select(i => Deployment($"d{i}"))))
            .Add("overlay/kustomization.yaml", "commonLabels:\n  tier: web\nresources:\n  - ../base\n");
        var path = InMemoryFileSystem.PathOf("base/deployments.yaml");
        using var cancellation = new CancellationTokenSource();
        var analysis = RenderedAnalysis.For(WorkspaceLoader.Load(InMemoryFileSystem.Root, Repository()), [new CancelsAtFirstObject(cancellation)], CancellationToken.None);
        var checkedBefore = RenderedAnalysis.ObjectsCheckedOnThisThread;

        Assert.Throws<OperationCanceledException>(() => analysis.FindingsIn(path, cancellation.Token));
        Assert.That(RenderedAnalysis.ObjectsCheckedOnThisThread - checkedBefore, Is.EqualTo(1), "the object being checked when the user typed, no other");

        var fresh = RenderedAnalysis.For(WorkspaceLoader.Load(InMemoryFileSystem.Root, Repository()), [new CancelsAtFirstObject(new CancellationTokenSource())], CancellationToken.None);
        var found = analysis.FindingsIn(path).Select(Describe).ToList();
        Assert.That(found, Is.EqualTo(fresh.FindingsIn(path).Select(Describe)));
        Assert.That(found.Count(f => f.Contains("seen", StringComparison.Ordinal)), Is.EqualTo(objects), "every object checked");
    }

    [Test]
    public void Flux_Kustomizations_that_share_a_file_keep_their_renders_and_findings_across_edits()
    {
        var fileSystem = TwoApps().Add("clusters/prod/apps.yaml", """
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata:
              name: a
            spec:
              path: ./a/overlays/prod
              sourceRef: {kind: GitRepository, name: flux-system}
            ---
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata:
              name: b
            spec:
              path: ./b/overlays/prod
              sourceRef: {kind: GitRepository, name: flux-system}
            """);
        var first = WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem);
        _ = RenderedAnalysis.For(first, Analyzer.RenderedChecks, CancellationToken.None).Reported;
        var checkedBefore = RenderedAnalysis.RootsCheckedOnThisThread;

        var unrelated = InMemoryFileSystem.PathOf("unrelated.yaml");
        var leafEdited = first.WithFile(unrelated, WorkspaceFile.FromText(unrelated, InMemoryFileSystem.Root, Deployment("c", "nginx:1.27")));
        _ = RenderedAnalysis.For(leafEdited, Analyzer.RenderedChecks, CancellationToken.None).Reported;
        Assert.That(RenderedAnalysis.RootsCheckedOnThisThread - checkedBefore, Is.EqualTo(0), "no root reads the edited file");

        var path = InMemoryFileSystem.PathOf("a/base/deployment.yaml");
        var baseEdited = leafEdited.WithFile(path, WorkspaceFile.FromText(path, InMemoryFileSystem.Root, Deployment("a", "nginx:1.27")));
        Assert.That(RenderedAnalysis.For(baseEdited, Analyzer.RenderedChecks, CancellationToken.None).FindingsIn(path).Select(d => d.Message), Has.Some.Contains("Flux Kustomization a"));
        Assert.That(RenderedAnalysis.RootsCheckedOnThisThread - checkedBefore, Is.EqualTo(2), "Flux Kustomization a and a/overlays/dev render a's base, b's do not");
    }

    [Test]
    public void Typing_in_a_base_re_checks_only_the_rendered_objects_the_edit_changed_and_finds_what_a_fresh_analysis_finds()
    {
        static string Base(string yImage) => string.Join("\n---\n", Deployment("x"), Deployment("y", yImage), Deployment("z"));
        static InMemoryFileSystem Repository(string yImage) => new InMemoryFileSystem()
            .Add("base/kustomization.yaml", "resources:\n  - deployments.yaml\n")
            .Add("base/deployments.yaml", Base(yImage))
            .Add("overlays/prod/kustomization.yaml", "namePrefix: prod-\nresources:\n  - ../../base\n");
        var path = InMemoryFileSystem.PathOf("base/deployments.yaml");
        var snapshot = WorkspaceLoader.Load(InMemoryFileSystem.Root, Repository("nginx:1.25"));
        _ = RenderedAnalysis.For(snapshot, Analyzer.RenderedChecks, CancellationToken.None).FindingsIn(path);

        IReadOnlyList<Diagnostic> findings = [];
        var checkedPerEdit = new List<int>();
        foreach (var image in new[] { "nginx:1.26", "nginx:latest", "nginx:1.27" })
        {
            var before = RenderedAnalysis.ObjectsCheckedOnThisThread;
            snapshot = snapshot.WithFile(path, WorkspaceFile.FromText(path, InMemoryFileSystem.Root, Base(image)));
            findings = RenderedAnalysis.For(snapshot, Analyzer.RenderedChecks, CancellationToken.None).FindingsIn(path);
            checkedPerEdit.Add(RenderedAnalysis.ObjectsCheckedOnThisThread - before);
        }

        // The first edit after loading checks the root's three objects and keeps their checks; then only y changes.
        Assert.That(checkedPerEdit, Is.EqualTo(new[] { 3, 1, 1 }));
        var fresh = RenderedAnalysis.For(WorkspaceLoader.Load(InMemoryFileSystem.Root, Repository("nginx:1.27")), Analyzer.RenderedChecks, CancellationToken.None).FindingsIn(path);
        Assert.That(findings.Select(Describe), Is.EqualTo(fresh.Select(Describe)));
        Assert.That(findings, Is.Not.Empty);
    }

    [Test]
    public void An_edit_to_one_kustomization_re_renders_only_the_roots_that_read_it()
    {
        var first = WorkspaceLoader.Load(InMemoryFileSystem.Root, TwoApps());
        _ = RenderedAnalysis.For(first, Analyzer.RenderedChecks, CancellationToken.None).Reported;
        var checkedBefore = RenderedAnalysis.RootsCheckedOnThisThread;

        var path = InMemoryFileSystem.PathOf("a/overlays/dev/kustomization.yaml");
        var edited = first.WithFile(path, WorkspaceFile.FromText(path, InMemoryFileSystem.Root, "namePrefix: develop-\nresources:\n  - ../../base\ncomponents:\n  - ../../../components/latest\n"));
        var reported = RenderedAnalysis.For(edited, Analyzer.RenderedChecks, CancellationToken.None).Reported;

        Assert.That(edited.SharesStructureWith(first), Is.False, "a kustomization edit rebuilds the structure index");
        Assert.That(RenderedAnalysis.RootsCheckedOnThisThread - checkedBefore, Is.EqualTo(1), "a/overlays/prod and b/overlays/prod are as they were");
        Assert.That(reported.Select(f => f.Diagnostic.Message), Has.Some.Contains("a/overlays/dev"));
    }
}
