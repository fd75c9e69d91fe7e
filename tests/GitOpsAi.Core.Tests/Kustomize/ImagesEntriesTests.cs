using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Kustomize;

/// <summary>The images entries of a kustomization applied to each object's containers, found once per object, in entry order.</summary>
public sealed class ImagesEntriesTests
{
    private const string Deployment =
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      initContainers:\n        - name: init\n          image: busybox:1\n      containers:\n        - name: app\n          image: nginx:1\n        - name: sidecar\n          image: nginx-exporter:1\n";

    private static RenderedObject Render(string images) =>
        RootRenders.All(WorkspaceLoader.Load(InMemoryFileSystem.Root, new InMemoryFileSystem()
            .Add("app/kustomization.yaml", "resources:\n  - deployment.yaml\nimages:\n" + images)
            .Add("app/deployment.yaml", Deployment))).Single().Result.Objects.Single();

    private static string[] Images(RenderedObject rendered) =>
        new[] { "initContainers", "containers" }
            .SelectMany(list => ((RenderSequence)rendered.Root.At("spec", "template", "spec", list)!).Items)
            .Select(container => ((RenderMap)container).String("image")!)
            .ToArray();

    [Test]
    public void A_later_entry_sees_the_name_an_earlier_entry_wrote()
    {
        var rendered = Render("  - name: nginx\n    newName: envoy\n  - name: envoy\n    newTag: \"2\"\n");

        Assert.That(Images(rendered), Is.EqualTo(new[] { "busybox:1", "envoy:2", "nginx-exporter:1" }));
    }

    [Test]
    public void Every_entry_reaches_init_containers_and_containers_alike()
    {
        var rendered = Render("  - name: busybox\n    newTag: \"1.36\"\n  - name: nginx-exporter\n    digest: sha256:abc\n");

        Assert.That(Images(rendered), Is.EqualTo(new[] { "busybox:1.36", "nginx:1", "nginx-exporter@sha256:abc" }));
    }
}
