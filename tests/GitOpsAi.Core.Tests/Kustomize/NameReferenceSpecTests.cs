using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Kustomize;

/// <summary>
/// The reference fix-up picks the field specs that apply to each kind of referrer once: a spec for a kind, group or
/// version reaches exactly those objects, a spec without a kind reaches every object, and a path through a list reaches
/// every item of it.
/// </summary>
public sealed class NameReferenceSpecTests
{
    private const string Configurations = """
        nameReference:
          - kind: ConfigMap
            fieldSpecs:
              - kind: Widget
                version: v2
                path: spec/config
              - group: example.com
                path: spec/settings
              - kind: Gadget
                path: spec/parts/config
        """;

    private static IReadOnlyList<RenderedObject> Render(string resources) =>
        RootRenders.All(WorkspaceLoader.Load(InMemoryFileSystem.Root, new InMemoryFileSystem()
            .Add("app/kustomization.yaml", "namePrefix: p-\nconfigurations:\n  - config.yaml\nresources:\n  - objects.yaml\n")
            .Add("app/config.yaml", Configurations)
            .Add("app/objects.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n---\n" + resources))).Single().Result.Objects;

    private static string? At(IReadOnlyList<RenderedObject> objects, string name, params string[] path) =>
        objects.Single(o => o.Name == name).Root.At(path)?.ToString();

    [Test]
    public void A_spec_for_a_kind_and_version_renames_only_in_objects_of_that_kind_and_version()
    {
        var objects = Render("""
            apiVersion: example.com/v2
            kind: Widget
            metadata:
              name: new
            spec:
              config: cm
            ---
            apiVersion: example.com/v1
            kind: Widget
            metadata:
              name: old
            spec:
              config: cm
            ---
            apiVersion: other.io/v2
            kind: Thing
            metadata:
              name: thing
            spec:
              config: cm
            """);

        Assert.That(At(objects, "p-new", "spec", "config"), Is.EqualTo("p-cm"));
        Assert.That(At(objects, "p-old", "spec", "config"), Is.EqualTo("cm"));
        Assert.That(At(objects, "p-thing", "spec", "config"), Is.EqualTo("cm"));
    }

    [Test]
    public void A_spec_without_a_kind_renames_in_every_kind_of_its_group()
    {
        var objects = Render("""
            apiVersion: example.com/v1
            kind: Widget
            metadata:
              name: widget
            spec:
              settings: cm
            ---
            apiVersion: example.com/v1
            kind: Thing
            metadata:
              name: thing
            spec:
              settings: cm
            ---
            apiVersion: other.io/v1
            kind: Thing
            metadata:
              name: elsewhere
            spec:
              settings: cm
            """);

        Assert.That(At(objects, "p-widget", "spec", "settings"), Is.EqualTo("p-cm"));
        Assert.That(At(objects, "p-thing", "spec", "settings"), Is.EqualTo("p-cm"));
        Assert.That(At(objects, "p-elsewhere", "spec", "settings"), Is.EqualTo("cm"));
    }

    [Test]
    public void A_path_through_a_list_renames_in_every_item_of_it()
    {
        var objects = Render("""
            apiVersion: example.com/v1
            kind: Gadget
            metadata:
              name: gadget
            spec:
              parts:
                - config: cm
                - config: missing
                - config: cm
            """);

        var parts = (RenderSequence)objects.Single(o => o.Name == "p-gadget").Root.At("spec", "parts")!;
        Assert.That(parts.Items.Select(p => ((RenderMap)p).String("config")), Is.EqualTo(new[] { "p-cm", "missing", "p-cm" }));
    }
}
