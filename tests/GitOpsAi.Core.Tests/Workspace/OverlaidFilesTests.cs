using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Workspace;

/// <summary>A file map laid over another answers exactly as the copied and edited map would.</summary>
public sealed class OverlaidFilesTests
{
    private static WorkspaceFile File(string name) => WorkspaceFile.FromText($"/repo/{name}.yaml", "/repo", $"name: {name}\n");

    [Test]
    public void Removed_replaced_and_added_paths_read_as_in_a_copied_map()
    {
        var under = new[] { "a", "b", "c", "d" }.ToDictionary(n => $"/repo/{n}.yaml", File);
        var replacement = File("c");
        var added = new Dictionary<string, WorkspaceFile> { ["/repo/c.yaml"] = replacement, ["/repo/e.yaml"] = File("e"), ["/repo/b.yaml"] = File("b") };
        var removed = new HashSet<string> { "/repo/b.yaml", "/repo/d.yaml", "/repo/missing.yaml" };

        var overlaid = new OverlaidFiles(under, removed, added);

        var copied = new Dictionary<string, WorkspaceFile>(under);
        foreach (var path in removed)
        {
            copied.Remove(path);
        }

        foreach (var (path, file) in added)
        {
            copied[path] = file;
        }

        Assert.That(overlaid.Count, Is.EqualTo(copied.Count));
        Assert.That(overlaid.OrderBy(p => p.Key, StringComparer.Ordinal), Is.EqualTo(copied.OrderBy(p => p.Key, StringComparer.Ordinal)));
        Assert.That(overlaid["/repo/c.yaml"], Is.SameAs(replacement));
        Assert.That(overlaid.ContainsKey("/repo/d.yaml"), Is.False);
        Assert.That(overlaid.TryGetValue("/repo/b.yaml", out var b) && b == added["/repo/b.yaml"], Is.True, "added after removal: the added file");
        Assert.That(() => overlaid["/repo/d.yaml"], Throws.InstanceOf<KeyNotFoundException>());
        Assert.That(overlaid.Hidden, Is.EquivalentTo(new[] { "/repo/b.yaml", "/repo/c.yaml", "/repo/d.yaml" }), "removed or laid over, and there");
        Assert.That(overlaid.AddsOnlyNewPaths, Is.False);
    }

    [Test]
    public void A_map_that_removes_only_paths_it_has_and_adds_only_new_ones_hides_its_removed_set_itself_not_a_copy()
    {
        var under = new[] { "a", "b", "c" }.ToDictionary(n => $"/repo/{n}.yaml", File);
        var removed = new HashSet<string>(StringComparer.Ordinal) { "/repo/b.yaml", "/repo/c.yaml" };
        var added = new Dictionary<string, WorkspaceFile> { ["/repo/b.yaml#rendered-0"] = File("b0") };

        var overlaid = new OverlaidFiles(under, removed, added);

        Assert.That(overlaid.Hidden, Is.SameAs(removed));
        Assert.That(overlaid.AddsOnlyNewPaths, Is.True);
        Assert.That(overlaid.Count, Is.EqualTo(2));
    }
}
