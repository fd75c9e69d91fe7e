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

        Assert.That(after.Objects[0].Fields.Single().Score, Is.SameAs(before.Objects[0].Fields.Single().Score), "ConfigMap a did not change: its comparison is reused");
        Assert.That(after.Objects[1].Live, Is.SameAs(changedB));
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

        Assert.That(after.Objects[0].Fields.Single().Score, Is.SameAs(before.Objects[0].Fields.Single().Score), "not compared again");
        Assert.That(after.Objects[0].Object.File, Is.SameAs(edited), "a reused comparison belongs to the edited version of the file");
        Assert.That(after.Objects[0].Fields.Single().Drift.Object.File, Is.SameAs(edited));
        Assert.That(after.Objects[1].Fields.Single().Drift.Path.ToString(), Is.EqualTo("data.mode"));
    }

    [Test]
    public void A_document_moved_by_an_edit_above_it_keeps_its_comparison_with_the_findings_at_its_new_place()
    {
        const string live = "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a, namespace: shop }\ndata: { mode: fast }\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: b, namespace: shop }\ndata: { mode: slow }\n";
        var workspace = Workspace(ConfigMaps);
        var analyzer = new DriftAnalyzer(Live(live));
        var path = InMemoryFileSystem.PathOf("app.yaml");
        var before = analyzer.ReportForFile(workspace, workspace.GetFile(path)!);

        // A longer name in the first document shifts the second one (its tree is copied with new spans).
        var text = ConfigMaps.Replace("name: a,", "name: a-longer-name,", StringComparison.Ordinal);
        var edited = WorkspaceFile.FromText(path, InMemoryFileSystem.Root, text, workspace.GetFile(path));
        var editedWorkspace = workspace.WithFile(path, edited);
        var after = analyzer.ReportForFile(editedWorkspace, edited);
        var fromScratch = new DriftAnalyzer(Live(live)).ReportForFile(editedWorkspace, edited);

        var moved = after.Objects.Single(o => o.Object.Key.Name == "b");
        Assert.That(moved.Fields.Single().Score, Is.SameAs(before.Objects.Single(o => o.Object.Key.Name == "b").Fields.Single().Score), "not compared again");
        Assert.That(moved.Object.Root, Is.SameAs(edited.Manifests.Single(m => m.Name == "b").Root), "the finding belongs to the edited tree");
        var anchor = moved.Fields.Single().Drift.Anchor.Span;
        Assert.That(text.Substring(anchor.Start, anchor.Length), Is.EqualTo("fast"));
        Assert.That(anchor.Start, Is.EqualTo(text.LastIndexOf("fast", StringComparison.Ordinal)));
        Assert.That(Describe(after), Is.EqualTo(Describe(fromScratch)));
    }

    [Test]
    public void A_moved_document_whose_live_object_changed_is_compared_again()
    {
        var workspace = Workspace(ConfigMaps);
        var path = InMemoryFileSystem.PathOf("app.yaml");
        var (objects, _) = LiveSnapshotReader.Read(LiveConfigMaps);
        var first = new DriftAnalyzer(new InMemoryLiveState("c", objects));
        first.ReportForFile(workspace, workspace.GetFile(path)!);
        var changedB = LiveSnapshotReader.Read("apiVersion: v1\nkind: ConfigMap\nmetadata: { name: b, namespace: shop }\ndata: { mode: slow }\n").Objects[0];
        var second = new DriftAnalyzer(new InMemoryLiveState("c", [objects[0], changedB]), previous: first);

        var text = ConfigMaps.Replace("name: a,", "name: aa,", StringComparison.Ordinal);
        var edited = WorkspaceFile.FromText(path, InMemoryFileSystem.Root, text, workspace.GetFile(path));
        var editedWorkspace = workspace.WithFile(path, edited);
        var after = second.ReportForFile(editedWorkspace, edited);
        var fromScratch = new DriftAnalyzer(new InMemoryLiveState("c", [objects[0], changedB])).ReportForFile(editedWorkspace, edited);

        Assert.That(after.Objects.Single(o => o.Object.Key.Name == "b").Fields, Has.Count.EqualTo(1), "ConfigMap b now drifts");
        Assert.That(Describe(after), Is.EqualTo(Describe(fromScratch)));
    }

    [Test]
    public void A_moved_document_the_cluster_does_not_have_is_reported_missing_at_its_new_place()
    {
        const string onlyA = "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a, namespace: shop }\ndata: { mode: fast }\n";
        var workspace = Workspace(ConfigMaps);
        var analyzer = new DriftAnalyzer(Live(onlyA));
        var path = InMemoryFileSystem.PathOf("app.yaml");
        analyzer.ReportForFile(workspace, workspace.GetFile(path)!);

        var text = ConfigMaps.Replace("mode: fast }\n---", "mode: faster }\n---", StringComparison.Ordinal);
        var edited = WorkspaceFile.FromText(path, InMemoryFileSystem.Root, text, workspace.GetFile(path));
        var editedWorkspace = workspace.WithFile(path, edited);
        var after = analyzer.ReportForFile(editedWorkspace, edited);

        var missing = after.Objects.Single(o => o.Object.Key.Name == "b");
        Assert.That(missing.Summary, Is.EqualTo("not in cluster"));
        Assert.That(missing.Object.Anchor.Span.Start, Is.EqualTo(text.IndexOf("name: b", StringComparison.Ordinal) + "name: ".Length));
        Assert.That(Describe(after), Is.EqualTo(Describe(new DriftAnalyzer(Live(onlyA)).ReportForFile(editedWorkspace, edited))));
    }

    [Test]
    public void Typing_does_not_keep_the_versions_of_the_file_it_compared_before()
    {
        var withDrift = VersionsAliveAfterTyping(withDrift: true);
        var without = VersionsAliveAfterTyping(withDrift: false);

        // The workspace itself keeps the version before the latest (its next snapshot reuses from it); drift keeps none.
        Assert.That(withDrift, Is.EqualTo(without), "drift keeps no version of the file alive");
        Assert.That(withDrift.Take(4), Is.All.False, "the versions typed over are collected");
    }

    /// <summary>Six edits of the two documents in turn, each analysed for drift; which versions of the file survive a full GC.</summary>
    private static bool[] VersionsAliveAfterTyping(bool withDrift)
    {
        var versions = new List<WeakReference>();
        var last = Type(withDrift, versions);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var alive = versions.Select(v => v.IsAlive).ToArray();
        GC.KeepAlive(last);
        return alive;
    }

    // Not inlined, so no local of the caller keeps an old version alive.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static object Type(bool withDrift, List<WeakReference> versions)
    {
        var workspace = Workspace(ConfigMaps);
        var analyzer = new DriftAnalyzer(Live(LiveConfigMaps));
        var path = InMemoryFileSystem.PathOf("app.yaml");
        analyzer.ReportFor(workspace); // the full report of the first version, as the editor keeps its latest
        for (var i = 0; i < 6; i++)
        {
            // Each edit gives one document a new tree and leaves the other's as it was.
            var text = i % 2 == 0
                ? ConfigMaps.Replace("name: a,", $"name: a{i},", StringComparison.Ordinal)
                : ConfigMaps.Replace("name: b,", $"name: b{i},", StringComparison.Ordinal);
            var edited = WorkspaceFile.FromText(path, InMemoryFileSystem.Root, text, workspace.GetFile(path));
            versions.Add(new WeakReference(edited));
            workspace = workspace.WithFile(path, edited);
            if (withDrift)
            {
                analyzer.ReportForFile(workspace, edited);
            }
        }

        return (analyzer, workspace);
    }

    /// <summary>Everything a report shows for its fields: object, path, where, desired, live, score, severity.</summary>
    private static List<string> Describe(DriftReport report) =>
        report.Objects.SelectMany(o => o.Fields.Select(f => $"{o.Object.Key.Name} {f.Drift.Path} {f.Drift.Anchor.Span} {f.Drift.DesiredNode?.Span} {f.Drift.Desired} {f.Drift.LiveDisplay} {f.Score.Value} {f.Severity}")
            .Append($"{o.Object.Key.Name} {o.Summary} {o.Object.Anchor.Span}")).ToList();
}
