using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Workspace;

/// <summary>
/// A render root's siblings view answers name and kind lookups from the repository's index and its own rendered
/// objects (issue 13), and every answer equals that of an index built from the view's files.
/// </summary>
public sealed class OverlaidObjectIndexTests
{
    private const string Root = "/repo";

    private static WorkspaceFile File(string name, params (string Kind, string Name)[] objects) =>
        WorkspaceFile.FromText($"{Root}/{name}", Root, string.Join("---\n", objects.Select(o => $"apiVersion: v1\nkind: {o.Kind}\nmetadata:\n  name: {o.Name}\n")));

    /// <summary>Every kind and name of either index (so also those the view no longer has) gives the entries of <paramref name="expected"/>.</summary>
    private static void AssertSameLookups(Func<string, IEnumerable<(WorkspaceFile File, Manifest Manifest)>> ofKind, Func<string, string, IEnumerable<(WorkspaceFile File, Manifest Manifest)>> named, Func<string, bool> hasKind, ObjectIndex expected, ObjectIndex under)
    {
        foreach (var kind in expected.ByKind.Keys.Union(under.ByKind.Keys))
        {
            Assert.That(hasKind(kind), Is.EqualTo(expected.HasKind(kind)), kind);
            Assert.That(ofKind(kind).Select(e => (e.File.Path, e.Manifest)), Is.EqualTo(expected.OfKind(kind).Select(e => (e.File.Path, e.Manifest))), kind);
        }

        foreach (var (kind, name) in expected.ByName.Keys.Union(under.ByName.Keys))
        {
            Assert.That(named(kind, name).Select(e => (e.File.Path, e.Manifest)), Is.EqualTo(expected.Named(kind, name).Select(e => (e.File.Path, e.Manifest))), $"{kind} {name}");
        }
    }

    [Test]
    public void A_view_with_files_taken_out_replaced_and_laid_between_others_looks_objects_up_as_an_index_of_its_files_would()
    {
        var files = new[]
        {
            File("a.yaml", ("Service", "web"), ("ConfigMap", "settings")),
            File("b.yaml", ("Service", "api"), ("Deployment", "api")),
            File("c.yaml", ("Service", "web"), ("Secret", "token")),
            File("d.yaml", ("ServiceAccount", "default")),
        }.ToDictionary(f => f.Path, StringComparer.Ordinal);
        var under = ObjectIndex.Build(files.Values);

        // b.yaml is rendered into two objects (sorting between a.yaml and c.yaml), c.yaml is replaced, d.yaml is deleted.
        var added = new[]
        {
            File("b.yaml#rendered-0", ("Service", "prod-api")),
            File("b.yaml#rendered-1", ("Deployment", "prod-api"), ("Service", "web")),
            File("c.yaml", ("Secret", "token"), ("Secret", "other")),
        }.ToDictionary(f => f.Path, StringComparer.Ordinal);
        var removed = new HashSet<string>(StringComparer.Ordinal) { $"{Root}/b.yaml", $"{Root}/d.yaml" };
        var overlaid = new OverlaidFiles(files, removed, added);

        var index = new OverlaidObjectIndex(under, overlaid);

        AssertSameLookups(k => index.OfKind(k), (k, n) => index.Named(k, n), index.HasKind, ObjectIndex.Build(overlaid.Values), under);
        Assert.That(index.Named("Service", "web").Select(e => e.File.Path), Is.EqualTo(new[] { $"{Root}/a.yaml", $"{Root}/b.yaml#rendered-1" }));
        Assert.That(index.OfKind("ServiceAccount"), Is.Empty);
        Assert.That(index.HasKind("ServiceAccount"), Is.False, "its one file is deleted");
    }

    [Test]
    public void A_render_roots_siblings_view_answers_lookups_without_building_or_updating_an_index_of_the_repository()
    {
        var fileSystem = new InMemoryFileSystem()
            .Add("base/kustomization.yaml", "resources:\n  - app.yaml\n")
            .Add("base/app.yaml", "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n")
            .Add("overlays/prod/kustomization.yaml", "namePrefix: prod-\nresources:\n  - ../../base\n")
            .Add("other/app.yaml", "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n");
        var source = WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem);
        _ = source.Objects;
        var render = KustomizeRenderer.For(source).Render(InMemoryFileSystem.PathOf("overlays/prod"), LoadRestriction.RepositoryRoot);
        var written = render.Objects.Select(o => RenderWriter.WriteFile(o, [], textOnDemand: false)).ToList();
        var builds = ObjectIndex.FullBuildsOnThisThread;

        var view = RenderedSiblings.Build(source, render, written).Snapshot;

        Assert.That(view.ObjectsNamed("ServiceAccount", "prod-app").Select(o => o.File.Path), Is.EqualTo(new[] { $"{InMemoryFileSystem.PathOf("base/app.yaml")}#rendered-0" }));
        Assert.That(view.ObjectsNamed("ServiceAccount", "app").Select(o => o.File.Path), Is.EqualTo(new[] { InMemoryFileSystem.PathOf("other/app.yaml") }));
        Assert.That(view.ObjectsOfKind("ConfigMap").Select(o => o.Manifest.Name), Is.EqualTo(new[] { "prod-settings" }));
        Assert.That(ObjectIndex.FullBuildsOnThisThread, Is.EqualTo(builds));
        AssertSameLookups(view.ObjectsOfKind, view.ObjectsNamed, view.HasObjectsOfKind, ObjectIndex.Build(view.Files.Values), source.Objects);
    }

    [Test]
    public void A_view_asked_only_for_names_never_indexes_its_objects_by_kind_and_indexes_them_on_the_first_kind_question()
    {
        var files = new[] { File("a.yaml", ("ServiceAccount", "default"), ("Deployment", "web")) }.ToDictionary(f => f.Path, StringComparer.Ordinal);
        var added = new[] { File("a.yaml#rendered-0", ("Deployment", "prod-web")) }.ToDictionary(f => f.Path, StringComparer.Ordinal);
        var overlaid = new OverlaidFiles(files, new HashSet<string>(StringComparer.Ordinal) { $"{Root}/a.yaml" }, added);
        var index = new OverlaidObjectIndex(ObjectIndex.Build(files.Values), overlaid);

        Assert.That(index.Named("ServiceAccount", "default"), Is.Empty, "its file is hidden");
        Assert.That(index.Named("Deployment", "prod-web").Select(e => e.File.Path), Is.EqualTo(new[] { $"{Root}/a.yaml#rendered-0" }));
        Assert.That(index.IndexedByKind, Is.False);

        Assert.That(index.HasKind("ServiceAccount"), Is.False);
        Assert.That(index.IndexedByKind, Is.True);
        Assert.That(index.OfKind("Deployment").Select(e => e.Manifest.Name), Is.EqualTo(new[] { "prod-web" }));
    }

    [Test]
    public void Merging_in_path_order_drops_hidden_entries_places_added_ones_between_kept_ones_and_returns_an_untouched_list_itself()
    {
        var a = File("a.yaml", ("ServiceAccount", "app"));
        var b = File("b.yaml", ("ServiceAccount", "app"));
        var c = File("c.yaml", ("ServiceAccount", "app"), ("ServiceAccount", "app"));
        var rendered = File("b.yaml#rendered-0", ("ServiceAccount", "app"));
        var kept = ObjectIndex.Build([a, b, c]).Named("ServiceAccount", "app");
        var none = new HashSet<string>(StringComparer.Ordinal);

        var merged = ObjectIndex.MergeInPathOrder(kept, [(rendered, rendered.Objects[0])], new HashSet<string>(StringComparer.Ordinal) { b.Path });

        Assert.That(merged.Select(e => e.File.Path), Is.EqualTo(new[] { a.Path, rendered.Path, c.Path, c.Path }));
        Assert.That(merged.Select(e => e.Manifest), Is.EqualTo(new[] { a.Objects[0], rendered.Objects[0], c.Objects[0], c.Objects[1] }));
        Assert.That(ObjectIndex.MergeInPathOrder(kept, [], new HashSet<string>(StringComparer.Ordinal) { a.Path, b.Path, c.Path }), Is.Empty);
        Assert.That(ObjectIndex.MergeInPathOrder(kept, [], none) == kept, Is.True, "nothing dropped or added: the same array, not a copy");
    }

    [Test]
    public void A_name_of_many_objects_is_merged_once_per_view_and_answers_as_an_index_of_its_files_would()
    {
        var files = Enumerable.Range(10, 30).Select(i => File($"ns-{i}.yaml", ("ServiceAccount", "default"))).ToDictionary(f => f.Path, StringComparer.Ordinal);
        var under = ObjectIndex.Build(files.Values);
        var added = new[] { File("ns-15.yaml#rendered-0", ("ServiceAccount", "default")), File("ns-20.yaml", ("ServiceAccount", "default"), ("ServiceAccount", "other")) }
            .ToDictionary(f => f.Path, StringComparer.Ordinal);
        var overlaid = new OverlaidFiles(files, new HashSet<string>(StringComparer.Ordinal) { $"{Root}/ns-15.yaml", $"{Root}/ns-16.yaml" }, added);
        var index = new OverlaidObjectIndex(under, overlaid);

        var first = index.Named("ServiceAccount", "default");

        Assert.That(first.Select(e => (e.File.Path, e.Manifest)), Is.EqualTo(ObjectIndex.Build(overlaid.Values).Named("ServiceAccount", "default").Select(e => (e.File.Path, e.Manifest))));
        Assert.That(first, Has.Length.EqualTo(29));
        Assert.That(index.Named("ServiceAccount", "default") == first, Is.True, "the same array: remembered, not merged again");
        AssertSameLookups(k => index.OfKind(k), (k, n) => index.Named(k, n), index.HasKind, ObjectIndex.Build(overlaid.Values), under);
    }

    [Test]
    public void A_view_indexes_each_rendered_object_by_name_in_a_table_entry_without_a_list_of_its_own()
    {
        // Bytes per rendered object, from the difference between two sizes (what a view costs whatever its size aside).
        long BytesToIndex(int objects)
        {
            var files = new[] { File("a.yaml", ("ServiceAccount", "default")) }.ToDictionary(f => f.Path, StringComparer.Ordinal);
            var added = Enumerable.Range(0, objects).Select(i => File($"a.yaml#rendered-{i}", ("Deployment", $"web-{i}"))).ToDictionary(f => f.Path, StringComparer.Ordinal);
            var overlaid = new OverlaidFiles(files, new HashSet<string>(StringComparer.Ordinal) { $"{Root}/a.yaml" }, added);
            var under = ObjectIndex.Build(files.Values);
            var before = GC.GetAllocatedBytesForCurrentThread();
            _ = new OverlaidObjectIndex(under, overlaid);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        _ = BytesToIndex(10); // compiled
        var perObject = (BytesToIndex(1000) - BytesToIndex(200)) / 800.0;

        // An entry of the table (48 bytes), its bucket and the file in the sorted list: 64. A list and its array for each
        // object made it 167.
        Assert.That(perObject, Is.LessThan(100), $"{perObject:F1} bytes per object");
    }

    [Test]
    public void A_rendered_objects_relative_path_is_its_origins_with_its_marker()
    {
        var fileSystem = new InMemoryFileSystem()
            .Add("apps/base/kustomization.yaml", "resources:\n  - app.yaml\n")
            .Add("apps/base/app.yaml", "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n")
            .Add("apps/prod/kustomization.yaml", "namePrefix: prod-\nresources:\n  - ../base\n");
        var source = WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem);
        var render = KustomizeRenderer.For(source).Render(InMemoryFileSystem.PathOf("apps/prod"), LoadRestriction.RepositoryRoot);
        var view = RenderedSiblings.Build(source, render, render.Objects.Select(o => RenderWriter.WriteFile(o, [], textOnDemand: false)).ToList());

        Assert.That(view.Files.Select(f => f.RelativePath), Is.EqualTo(new[] { "apps/base/app.yaml#rendered-0", "apps/base/app.yaml#rendered-1" }));
        Assert.That(view.Files.Select(f => f.Path), Is.EqualTo(new[] { $"{InMemoryFileSystem.PathOf("apps/base/app.yaml")}#rendered-0", $"{InMemoryFileSystem.PathOf("apps/base/app.yaml")}#rendered-1" }));
    }

    [Test]
    public void A_name_asked_through_views_is_remembered_by_the_index_under_them_and_an_updated_index_answers_anew()
    {
        var files = new[] { File("a.yaml", ("ServiceAccount", "app")), File("b.yaml", ("ConfigMap", "app")) }.ToDictionary(f => f.Path, StringComparer.Ordinal);
        var under = ObjectIndex.Build(files.Values);
        var first = new OverlaidObjectIndex(under, new OverlaidFiles(files, new HashSet<string>(StringComparer.Ordinal), new Dictionary<string, WorkspaceFile>()));
        var second = new OverlaidObjectIndex(under, new OverlaidFiles(files, new HashSet<string>(StringComparer.Ordinal) { $"{Root}/b.yaml" }, new Dictionary<string, WorkspaceFile>()));

        // The second view asks what the first asked: the same answer, taken from the index under both, not looked up again.
        Assert.That(first.Named("ServiceAccount", "app"), Is.EqualTo(under.Named("ServiceAccount", "app")));
        Assert.That(second.Named("ServiceAccount", "app").Select(e => e.File.Path), Is.EqualTo(new[] { $"{Root}/a.yaml" }));
        Assert.That(under.NamedThroughViews("ServiceAccount", "app"), Is.EqualTo(under.Named("ServiceAccount", "app")));

        // An edit renames the account: the updated index answers from its own entries, not from what views asked of the old one.
        var renamed = File("a.yaml", ("ServiceAccount", "other"));
        var edited = new Dictionary<string, WorkspaceFile>(files) { [renamed.Path] = renamed };
        var updated = ObjectIndex.Update(under, files, edited, new HashSet<string>(StringComparer.Ordinal) { renamed.Path });
        Assert.That(updated.NamedThroughViews("ServiceAccount", "app"), Is.Empty);
        Assert.That(updated.NamedThroughViews("ServiceAccount", "other").Select(e => e.Manifest), Is.EqualTo(new[] { renamed.Manifests[0] }));
        Assert.That(under.NamedThroughViews("ServiceAccount", "app").Select(e => e.File.Path), Is.EqualTo(new[] { $"{Root}/a.yaml" }), "the old index keeps its own answers");
    }
}
