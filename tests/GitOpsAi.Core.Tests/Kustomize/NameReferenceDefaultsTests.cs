using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Kustomize;

/// <summary>
/// Builds without configurations share one list of kustomize's default name references per referrer kind. A build
/// whose configurations add a reference must see it, and must not add it to the lists the other builds share.
/// </summary>
public sealed class NameReferenceDefaultsTests
{
    private const string Objects = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: cm
        ---
        apiVersion: example.com/v1
        kind: Widget
        metadata:
          name: widget
        spec:
          config: cm
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            spec:
              volumes:
                - name: config
                  configMap:
                    name: cm
        """;

    private const string WidgetReference = "nameReference:\n  - kind: ConfigMap\n    fieldSpecs:\n      - kind: Widget\n        path: spec/config\n";

    private static IReadOnlyList<RenderedObject> Render(InMemoryFileSystem files, string folder) =>
        RootRenders.All(WorkspaceLoader.Load(InMemoryFileSystem.Root, files)).Single(r => r.Root.Directory!.EndsWith(folder, StringComparison.Ordinal)).Result.Objects;

    private static string? At(IReadOnlyList<RenderedObject> objects, string kind, params string[] path) =>
        objects.Single(o => o.Kind == kind).Root.At(path)?.ToString();

    private static string? VolumeConfigMap(IReadOnlyList<RenderedObject> objects) =>
        ((RenderMap)((RenderSequence)objects.Single(o => o.Kind == "Deployment").Root.At("spec", "template", "spec", "volumes")!).Items[0]).At("configMap", "name")?.ToString();

    [Test]
    public void A_reference_one_build_configures_is_not_followed_by_a_build_with_only_the_defaults()
    {
        var files = new InMemoryFileSystem()
            .Add("custom/kustomization.yaml", "namePrefix: p-\nconfigurations:\n  - config.yaml\nresources:\n  - objects.yaml\n")
            .Add("custom/config.yaml", WidgetReference)
            .Add("custom/objects.yaml", Objects)
            .Add("plain/kustomization.yaml", "namePrefix: q-\nresources:\n  - objects.yaml\n")
            .Add("plain/objects.yaml", Objects);

        // The customized build first, then the default one, then the customized one again.
        var custom = Render(files, "custom");
        var plain = Render(files, "plain");
        var customAgain = Render(files, "custom");

        Assert.Multiple(() =>
        {
            Assert.That(At(custom, "Widget", "spec", "config"), Is.EqualTo("p-cm"));
            Assert.That(At(customAgain, "Widget", "spec", "config"), Is.EqualTo("p-cm"));
            Assert.That(At(plain, "Widget", "spec", "config"), Is.EqualTo("cm"));
            Assert.That(VolumeConfigMap(plain), Is.EqualTo("q-cm"));
            Assert.That(VolumeConfigMap(custom), Is.EqualTo("p-cm"));
        });
    }

    [Test]
    public void A_default_reference_to_a_kind_the_build_has_no_object_of_changes_nothing()
    {
        var files = new InMemoryFileSystem()
            .Add("app/kustomization.yaml", "namePrefix: p-\nresources:\n  - deployment.yaml\n")
            .Add("app/deployment.yaml", Objects[Objects.IndexOf("apiVersion: apps/v1", StringComparison.Ordinal)..]);

        var objects = Render(files, "app");

        Assert.That(VolumeConfigMap(objects), Is.EqualTo("cm"));
    }
}
