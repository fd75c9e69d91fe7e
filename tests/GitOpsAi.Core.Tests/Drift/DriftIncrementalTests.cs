using GitOpsAi.Core.Drift;
using GitOpsAi.Core.Workspace;
using static GitOpsAi.Core.Tests.Drift.DriftTestKit;

namespace GitOpsAi.Core.Tests.Drift;

public sealed class DriftIncrementalTests
{
    private const string ConfigMaps = "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a, namespace: shop }\ndata: { mode: fast }\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: b, namespace: shop }\ndata: { mode: fast }\n";
    private const string LiveConfigMaps = "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a, namespace: shop }\ndata: { mode: slow }\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: b, namespace: shop }\ndata: { mode: fast }\n";

    private static WorkspaceSnapshot Workspace(string text) => WorkspaceLoader.Load(InMemoryFileSystem.Root, new InMemoryFileSystem().Add("app.yaml", text).Add("other.yaml", Deployment));

    [Test]
    public void The_report_for_one_file_is_the_part_of_the_full_report_that_concerns_it()
    {
        var workspace = Workspace(ConfigMaps);
        var file = workspace.GetFile(InMemoryFileSystem.PathOf("app.yaml"))!;

        var alone = new DriftAnalyzer(Live(LiveConfigMaps)).ReportForFile(workspace, file);
        var full = new DriftAnalyzer(Live(LiveConfigMaps)).ReportFor(workspace);

        Assert.That(alone.Objects.Select(o => o.Summary), Is.EqualTo(full.Objects.Where(o => o.Object.File.Path == file.Path).Select(o => o.Summary)));
        Assert.That(alone.Objects.Select(o => o.Object.Key.Name), Is.EqualTo(new[] { "a", "b" }));
    }

    [Test]
    public void A_new_copy_of_the_cluster_compares_again_only_the_objects_that_changed()
    {
        var workspace = Workspace(ConfigMaps);
        var (objects, _) = LiveSnapshotReader.Read(LiveConfigMaps);
        var first = new DriftAnalyzer(new InMemoryLiveState("c", objects));
        var before = first.ReportFor(workspace);
        var changedB = LiveSnapshotReader.Read("apiVersion: v1\nkind: ConfigMap\nmetadata: { name: b, namespace: shop }\ndata: { mode: slow }\n").Objects[0];

        var after = new DriftAnalyzer(new InMemoryLiveState("c", [objects[0], changedB]), previous: first).ReportFor(workspace);

        Assert.That(after.Objects[0], Is.SameAs(before.Objects[0]), "ConfigMap a did not change: its comparison is reused");
        Assert.That(after.Objects[1], Is.Not.SameAs(before.Objects[1]));
        Assert.That(after.Objects[1].Fields, Has.Count.EqualTo(1), "ConfigMap b now drifts");
    }

    [Test]
    public void An_edited_document_is_compared_again_and_its_neighbours_are_reused()
    {
        var workspace = Workspace(ConfigMaps);
        var analyzer = new DriftAnalyzer(Live(LiveConfigMaps));
        var path = InMemoryFileSystem.PathOf("app.yaml");
        var before = analyzer.ReportForFile(workspace, workspace.GetFile(path)!);

        var edited = WorkspaceFile.FromText(path, InMemoryFileSystem.Root, ConfigMaps.Replace("name: b, namespace: shop }\ndata: { mode: fast }", "name: b, namespace: shop }\ndata: { mode: slow }", StringComparison.Ordinal), workspace.GetFile(path));
        var after = analyzer.ReportForFile(workspace.WithFile(path, edited), edited);

        Assert.That(after.Objects[0], Is.SameAs(before.Objects[0]));
        Assert.That(after.Objects[1].Fields.Single().Drift.Path.ToString(), Is.EqualTo("data.mode"));
    }
}
