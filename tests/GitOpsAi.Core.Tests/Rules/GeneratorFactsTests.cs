using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Rules.Templates;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Rules;

/// <summary>A file's generator facts are remembered per file and graph, except when the caller says no snapshot will ask again.</summary>
public sealed class GeneratorFactsTests
{
    private const string Release = "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: podinfo\n  namespace: apps\nspec:\n  targetNamespace: web\n";

    [Test]
    public void Facts_read_without_remembering_are_the_same_and_are_read_again_next_time()
    {
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, new InMemoryFileSystem().Add("release.yaml", Release));
        var file = workspace.Files.Values.Single();
        var graph = InclusionGraph.For(workspace);

        var once = GeneratorFacts.Of(file, graph, remember: false);
        var remembered = GeneratorFacts.Of(file, graph);

        Assert.That(once.Namespaces, Is.EqualTo(new[] { "web" }));
        Assert.That(remembered.Namespaces, Is.EqualTo(once.Namespaces));
        Assert.That(remembered, Is.Not.SameAs(once), "the first read was not kept");
        Assert.That(GeneratorFacts.Of(file, graph), Is.SameAs(remembered));
    }
}
