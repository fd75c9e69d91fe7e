using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Kustomize;

/// <summary>
/// A component's inline patch is parsed once per version of its file and shared by every overlay that includes it; each
/// overlay still gets render nodes of its own and the spans of the component's lines.
/// </summary>
public sealed class SharedComponentRenderTests
{
    private const string Component =
        "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n  - target:\n      kind: Deployment\n    patch: |-\n      - op: add\n        path: /spec/template/metadata/annotations\n        value:\n          scrape: \"true\"\n";

    private static string Deployment(string name) =>
        $"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  template:\n    metadata:\n      labels:\n        app: {name}\n    spec:\n      containers:\n        - name: app\n          image: nginx:1.0\n";

    [Test]
    public void Two_overlays_that_include_one_component_each_get_its_patch_on_objects_of_their_own()
    {
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, new InMemoryFileSystem()
            .Add("components/common/kustomization.yaml", Component)
            .Add("a/kustomization.yaml", "resources:\n  - app.yaml\ncomponents:\n  - ../components/common\ncommonAnnotations:\n  owner: a\n")
            .Add("a/app.yaml", Deployment("a"))
            .Add("b/kustomization.yaml", "resources:\n  - app.yaml\ncomponents:\n  - ../components/common\n")
            .Add("b/app.yaml", Deployment("b")));

        var renders = RootRenders.All(workspace).ToDictionary(r => Path.GetFileName(r.Root.Directory!), r => r.Result);
        var a = renders["a"].Objects.Single();
        var b = renders["b"].Objects.Single();
        var aAnnotations = (RenderMap)a.Root.At("spec", "template", "metadata", "annotations")!;
        var bAnnotations = (RenderMap)b.Root.At("spec", "template", "metadata", "annotations")!;

        Assert.That(aAnnotations, Is.Not.SameAs(bAnnotations));
        Assert.That(aAnnotations.Entries.Select(e => e.Key), Is.EquivalentTo(new[] { "scrape", "owner" }));
        Assert.That(bAnnotations.Entries.Select(e => e.Key), Is.EqualTo(new[] { "scrape" }));
        var component = workspace.Files.Single(f => f.Key.EndsWith("components/common/kustomization.yaml", StringComparison.Ordinal)).Value.Source.Text;
        foreach (var scrape in new[] { aAnnotations["scrape"]!, bAnnotations["scrape"]! })
        {
            Assert.That(scrape.Source!.Value.Path, Does.EndWith("components/common/kustomization.yaml"));
            Assert.That(component.Substring(scrape.Source.Value.Span.Start, scrape.Source.Value.Span.Length), Is.EqualTo("\"true\""));
        }
    }

    [Test]
    public void An_invalid_inline_patch_in_a_shared_component_is_reported_for_every_overlay_that_includes_it()
    {
        var broken = Component.Replace("        value:\n", "        value: [\n");
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, new InMemoryFileSystem()
            .Add("components/common/kustomization.yaml", broken)
            .Add("a/kustomization.yaml", "resources:\n  - app.yaml\ncomponents:\n  - ../components/common\n")
            .Add("a/app.yaml", Deployment("a"))
            .Add("b/kustomization.yaml", "resources:\n  - app.yaml\ncomponents:\n  - ../components/common\n")
            .Add("b/app.yaml", Deployment("b")));

        var renders = RootRenders.All(workspace).Select(r => r.Result).ToList();

        Assert.That(renders, Has.Count.EqualTo(2));
        Assert.That(renders, Has.All.Matches<RenderResult>(r => r.Diagnostics.Any(d => d.Diagnostic.Message.Contains("inline patch is not valid YAML", StringComparison.Ordinal))));
    }
}
