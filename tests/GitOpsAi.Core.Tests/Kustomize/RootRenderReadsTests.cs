using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Kustomize;

/// <summary>
/// A root's render is reused while what it read holds (issue 13): also when it read a file the repository walk skips (a
/// hidden folder), which is never one of the snapshot's files. Two Flux roots of the corpus that apply the whole
/// repository were rendered again, on one core, each time a question about them was asked in the same snapshot.
/// </summary>
public sealed class RootRenderReadsTests
{
    private static InMemoryFileSystem ReadsAHiddenFolder() => new InMemoryFileSystem()
        .Add("app/kustomization.yaml", "resources:\n  - ../.hidden/config.yaml\n  - service.yaml\n")
        .Add("app/service.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n    - port: 80\n")
        .Add(".hidden/config.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n");

    [Test]
    public void A_root_that_reads_a_file_outside_the_snapshot_is_rendered_once_per_snapshot()
    {
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, ReadsAHiddenFolder());
        var root = RenderRoots.Of(workspace).Single();

        var first = RootRenders.Get(workspace, root);

        Assert.That(workspace.GetFile(InMemoryFileSystem.Root + "/.hidden/config.yaml"), Is.Null, "the walk skips the hidden folder");
        Assert.That(first.DependencyFiles.Keys, Has.Some.EndsWith(".hidden/config.yaml"), "the render read it from disk");
        Assert.That(first.Objects.Select(o => o.Kind), Does.Contain("ConfigMap"));
        Assert.That(RootRenders.Get(workspace, root), Is.SameAs(first));
        Assert.That(RootRenders.FilesReadBy(workspace, root), Is.EquivalentTo(first.DependencyFiles.Keys));
    }

    [Test]
    public void A_root_that_reads_a_file_outside_the_snapshot_is_rendered_again_once_the_disk_changed()
    {
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, ReadsAHiddenFolder());
        var root = RenderRoots.Of(workspace).Single();
        var first = RootRenders.Get(workspace, root);

        var diskChanged = workspace.WithDiskChanged();

        Assert.That(RootRenders.Get(diskChanged, RenderRoots.Of(diskChanged).Single()), Is.Not.SameAs(first));
    }

    [Test]
    public void A_root_that_reads_a_file_outside_the_snapshot_is_rendered_again_in_the_next_snapshot()
    {
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, ReadsAHiddenFolder());
        var root = RenderRoots.Of(workspace).Single();
        var first = RootRenders.Get(workspace, root);
        var service = workspace.GetFile(InMemoryFileSystem.Root + "/app/service.yaml")!;

        // Not a file the render read: the next snapshot cannot tell whether the hidden file changed, so it renders again.
        var edited = workspace.WithFile(service.Path, WorkspaceFile.FromText(service.Path, workspace.Root, service.Source.Text + "\n", service));

        Assert.That(RootRenders.Get(edited, RenderRoots.Of(edited).Single()), Is.Not.SameAs(first));
    }
}
