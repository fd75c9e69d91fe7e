using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Kustomize;

/// <summary>
/// A namespace or label a kustomization writes is one scalar in every object it reaches (scalars are never edited in
/// place), and an outer overlay that changes it in one object replaces it there only.
/// </summary>
public sealed class SharedWrittenScalarTests
{
    private const string Service = "apiVersion: v1\nkind: Service\nmetadata:\n  name: NAME\nspec:\n  selector:\n    app: NAME\n";

    [Test]
    public void A_namespace_and_a_label_are_written_into_every_object_as_one_scalar_and_a_patch_of_one_object_leaves_the_others_alone()
    {
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, new InMemoryFileSystem()
            .Add("base/kustomization.yaml", "namespace: shop\nlabels:\n  - pairs:\n      team: web\nresources:\n  - a.yaml\n  - b.yaml\n  - c.yaml\n")
            .Add("base/a.yaml", Service.Replace("NAME", "a"))
            .Add("base/b.yaml", Service.Replace("NAME", "b"))
            .Add("base/c.yaml", Service.Replace("NAME", "c"))
            .Add("overlay/kustomization.yaml",
                "resources:\n  - ../base\npatches:\n  - target:\n      name: a\n    patch: |-\n      - op: replace\n        path: /metadata/namespace\n        value: other\n      - op: replace\n        path: /metadata/labels/team\n        value: api\n"));

        var objects = RootRenders.All(workspace).Single().Result.Objects;
        var (a, b, c) = (objects.Single(o => o.Name == "a"), objects.Single(o => o.Name == "b"), objects.Single(o => o.Name == "c"));

        Assert.That((a.Namespace, a.Root.At("metadata", "labels", "team")?.ToString()), Is.EqualTo(("other", "api")));
        Assert.That((b.Namespace, b.Root.At("metadata", "labels", "team")?.ToString()), Is.EqualTo(("shop", "web")));
        Assert.That(b.Root.At("metadata", "namespace"), Is.SameAs(c.Root.At("metadata", "namespace")));
        Assert.That(b.Root.At("metadata", "labels", "team"), Is.SameAs(c.Root.At("metadata", "labels", "team")));
    }
}
