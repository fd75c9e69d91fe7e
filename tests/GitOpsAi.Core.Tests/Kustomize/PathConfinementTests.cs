using GitOpsAi.Core.Kustomize;

namespace GitOpsAi.Core.Tests.Kustomize;

public sealed class PathConfinementTests
{
    [Test]
    public void A_resource_that_leaves_the_repository_is_an_error_and_the_host_path_is_never_asked_about()
    {
        var markup = Markup.Parse("resources:\n  - [|../../../../etc/passwd|]\n");
        var fileSystem = new RecordingFileSystem(new InMemoryFileSystem().Add("app/kustomization.yaml", markup.Text).Add("../etc/passwd", "root:x:0:0"));

        var diagnostic = TestAnalysis.AnalyzeFile(fileSystem, "app/kustomization.yaml").Single(d => d.Severity == DiagnosticSeverity.Error);

        Assert.That(diagnostic.Code, Is.EqualTo("path-outside-repository"));
        Assert.That(diagnostic.Span, Is.EqualTo(markup.Span));
        Assert.That(fileSystem.Asked, Has.None.Contains("/etc/passwd"));
    }

    [Test]
    public void A_flux_spec_path_that_leaves_the_repository_is_an_error_at_the_path()
    {
        var markup = Markup.Parse("apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\nspec:\n  path: [|../../etc|]\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n");
        var fileSystem = new RecordingFileSystem(new InMemoryFileSystem().Add("clusters/apps.yaml", markup.Text));

        var diagnostic = TestAnalysis.AnalyzeFile(fileSystem, "clusters/apps.yaml").Single(d => d.Code == "path-outside-repository");

        Assert.That(diagnostic.Span, Is.EqualTo(markup.Span));
        Assert.That(fileSystem.Asked, Has.None.EqualTo("/etc"));
    }

    [TestCase("/repo", "/repo/a/b", true)]
    [TestCase("/repo", "/repo", true)]
    [TestCase("/repo", "/repository/x", false)]
    [TestCase("/repo", "/etc/passwd", false)]
    public void Inside_the_repository_means_the_root_or_below_it(string root, string path, bool expected) =>
        Assert.That(RepositoryPaths.IsInside(root, path), Is.EqualTo(expected));
}
