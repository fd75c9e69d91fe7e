using GitOpsAi.Core.Tests.Support;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Workspace;

/// <summary>A derived snapshot says which snapshot it came from and which files changed, so indexes can update.</summary>
public sealed class SnapshotLineageTests
{
    private const string Root = "/repo";

    private static WorkspaceFile File(string name, string text) => WorkspaceFile.FromText($"{Root}/{name}.yaml", Root, text);

    private static WorkspaceSnapshot Load(params WorkspaceFile[] files) => WorkspaceLoader.Create(Root, files, new InMemoryFileSystem(), new WorkspaceOptions());

    [Test]
    public void A_loaded_snapshot_has_no_lineage()
    {
        Assert.That(Load(File("a", "kind: ConfigMap\n")).Lineage, Is.Null);
    }

    [Test]
    public void Replacing_a_file_names_the_previous_snapshot_and_only_that_file()
    {
        var first = Load(File("a", "kind: ConfigMap\n"), File("b", "kind: Secret\n"));

        var second = first.WithFile($"{Root}/a.yaml", File("a", "kind: ConfigMap\nmetadata: {name: x}\n"));

        Assert.That(second.Lineage, Is.Not.Null);
        Assert.That(second.Lineage!.ChangedPaths, Is.EquivalentTo(new[] { $"{Root}/a.yaml" }));
        Assert.That(second.Lineage.TryGetPrevious(out var previous), Is.True);
        Assert.That(previous, Is.SameAs(first));
    }

    [Test]
    public void Removing_a_file_or_changing_options_is_recorded_as_such()
    {
        var first = Load(File("a", "kind: ConfigMap\n"), File("b", "kind: Secret\n"));

        Assert.That(first.WithFile($"{Root}/b.yaml", null).Lineage!.ChangedPaths, Is.EquivalentTo(new[] { $"{Root}/b.yaml" }));
        Assert.That(first.WithOptions(new WorkspaceOptions()).Lineage, Is.Null);
        Assert.That(first.WithDiskChanged().Lineage, Is.Null);
    }
}
