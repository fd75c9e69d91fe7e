using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Kustomize;

/// <summary>
/// A run that checks every root once and will not ask which rendered objects a finding came from (the command line
/// without --changed-since) makes no provenance for them (issue 13: 4% of a 50k check's CPU); the files get the same
/// findings, and asking for the reported findings anyway checks the roots again with provenance.
/// </summary>
public sealed class RenderedProvenanceWhenAskedTests
{
    private const string Web = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
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
                  image: nginx:1.27
        """;

    private static WorkspaceSnapshot Repository() => WorkspaceLoader.Load(InMemoryFileSystem.Root, new InMemoryFileSystem()
        .Add("base/kustomization.yaml", "resources:\n  - web.yaml\n")
        .Add("base/web.yaml", Web)
        .Add("overlays/dev/kustomization.yaml", "namespace: dev\nresources:\n  - ../../base\n")
        .Add("overlays/prod/kustomization.yaml", "namespace: prod\nresources:\n  - ../../base\nreplicas:\n  - name: web\n    count: 1\n"));

    private static readonly string BaseWeb = InMemoryFileSystem.PathOf("base/web.yaml");

    private static RenderedAnalysis CheckedOnThisThread(WorkspaceSnapshot snapshot, bool withProvenance)
    {
        var analysis = RenderedAnalysis.For(snapshot, Analyzer.RenderedChecks, CancellationToken.None);
        foreach (var check in analysis.RootChecks(withProvenance))
        {
            check();
        }

        return analysis;
    }

    private static List<string> Described(IEnumerable<Core.Diagnostics.Diagnostic> findings) =>
        findings.Select(d => $"{d.Span} {d.Code} {d.Message}").ToList();

    [Test]
    public void Roots_checked_without_provenance_make_none_and_give_the_files_the_same_findings()
    {
        var before = RenderedProvenance.MadeOnThisThread;
        var without = CheckedOnThisThread(Repository(), withProvenance: false);
        Assert.That(RenderedProvenance.MadeOnThisThread - before, Is.Zero);

        var with = CheckedOnThisThread(Repository(), withProvenance: true);
        Assert.That(RenderedProvenance.MadeOnThisThread - before, Is.Positive);

        var found = Described(without.FindingsIn(BaseWeb));
        Assert.That(found, Is.Not.Empty);
        Assert.That(found, Is.EqualTo(Described(with.FindingsIn(BaseWeb))));
    }

    [Test]
    public void Asking_for_the_reported_findings_after_a_check_without_provenance_names_their_objects()
    {
        var without = CheckedOnThisThread(Repository(), withProvenance: false);
        var with = CheckedOnThisThread(Repository(), withProvenance: true);

        var reported = without.Reported;
        Assert.That(reported, Is.Not.Empty);
        Assert.That(reported.Select(f => f.Objects.Count), Has.All.Positive);
        Assert.That(
            reported.Select(f => $"{f.Path} {f.Diagnostic.Span} {f.Diagnostic.Code} {string.Join(",", f.Objects.Select(o => $"{o.Origin} {string.Join("/", o.Overlays)}"))}"),
            Is.EqualTo(with.Reported.Select(f => $"{f.Path} {f.Diagnostic.Span} {f.Diagnostic.Code} {string.Join(",", f.Objects.Select(o => $"{o.Origin} {string.Join("/", o.Overlays)}"))}")));
    }
}
