using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Tests.Support;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Kustomize;

/// <summary>
/// What a render asks the disk and how it records what it read (issue 13): a base folder the workspace holds is never
/// looked up on disk as a file, and the files read are recorded without a lock (a render runs on one thread).
/// </summary>
public sealed class RenderInputsTests
{
    private static InMemoryFileSystem OverlayOfABase() => new InMemoryFileSystem()
        .Add("base/kustomization.yaml", "resources:\n  - service.yaml\n")
        .Add("base/service.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n")
        .Add("overlay/kustomization.yaml", "resources:\n  - ../base\n  - ../.hidden/config.yaml\nnamePrefix: prod-\n")
        .Add(".hidden/config.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n");

    [Test]
    public void A_base_folder_of_the_workspace_is_never_asked_for_as_a_file_but_a_file_outside_the_workspace_still_is()
    {
        var disk = new RecordingFileSystem(OverlayOfABase());
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, disk);
        var renderer = new KustomizeRenderer(InMemoryFileSystem.Root, disk, workspace.Files);
        var before = disk.Asked.Count;

        var result = renderer.Render(InMemoryFileSystem.PathOf("overlay"), LoadRestriction.RepositoryRoot);

        var asked = disk.Asked.Skip(before).ToList();
        Assert.That(result.Objects.Select(o => o.Name), Is.EquivalentTo(new[] { "prod-web", "prod-settings" }));
        Assert.That(asked, Has.None.EqualTo(InMemoryFileSystem.PathOf("base")), "the workspace holds files below base/: it is a folder");
        Assert.That(asked, Has.Some.EqualTo(InMemoryFileSystem.PathOf(".hidden/config.yaml")), "the walk skips hidden folders: only the disk knows this file");
    }

    [Test]
    public void A_render_records_every_file_it_read_once_in_a_plain_dictionary()
    {
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, OverlayOfABase());
        var result = KustomizeRenderer.For(workspace).Render(InMemoryFileSystem.PathOf("overlay"), LoadRestriction.RepositoryRoot);

        Assert.That(result.DependencyFiles.Keys, Is.EquivalentTo(new[]
        {
            InMemoryFileSystem.PathOf("overlay/kustomization.yaml"),
            InMemoryFileSystem.PathOf("base/kustomization.yaml"),
            InMemoryFileSystem.PathOf("base/service.yaml"),
            InMemoryFileSystem.PathOf(".hidden/config.yaml"),
        }));
        Assert.That(result.DependencyFiles[InMemoryFileSystem.PathOf("base/service.yaml")], Is.SameAs(workspace.GetFile(InMemoryFileSystem.PathOf("base/service.yaml"))));
        Assert.That(result.DependencyFiles, Is.TypeOf<Dictionary<string, WorkspaceFile>>(), "no lock per file read");
    }
}
