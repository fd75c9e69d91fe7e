using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Kustomize;

/// <summary>
/// The fix-up finds a referred object under every name it has had (its index of names is filled in a loop): a name
/// from any stage of the build leads to the final name; one found under a name but prefixed apart from the referrer is not.
/// </summary>
public sealed class NameReferenceIndexTests
{
    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            spec:
              volumes:
                - name: a
                  configMap:
                    name: settings
                - name: b
                  configMap:
                    name: shared
        """;

    private static string? VolumeConfigMap(IReadOnlyList<RenderedObject> objects, int index) =>
        ((RenderMap)((RenderSequence)objects.Single(o => o.Kind == "Deployment").Root.At("spec", "template", "spec", "volumes")!).Items[index]).At("configMap", "name")?.ToString();

    [Test]
    public void A_generated_config_map_prefixed_at_two_levels_is_found_by_its_first_name()
    {
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, new InMemoryFileSystem()
            .Add("base/kustomization.yaml", "namePrefix: a-\nresources:\n  - deployment.yaml\nconfigMapGenerator:\n  - name: settings\n    literals:\n      - K=V\n")
            .Add("base/deployment.yaml", Deployment)
            .Add("overlay/kustomization.yaml", "namePrefix: b-\nresources:\n  - ../base\n"));

        var objects = RootRenders.All(workspace).Single(r => r.Root.Directory!.EndsWith("overlay", StringComparison.Ordinal)).Result.Objects;
        var configMap = objects.Single(o => o.Kind == "ConfigMap");

        Assert.That(configMap.Name, Does.StartWith("b-a-settings-"));
        Assert.That(VolumeConfigMap(objects, 0), Is.EqualTo(configMap.Name));
    }

    [Test]
    public void Config_maps_found_by_a_name_they_had_but_prefixed_where_the_referrer_is_not_are_not_followed()
    {
        // The index lists "shared" for both ConfigMaps and "settings" for one; the Deployment has none of their prefixes
        // (kustomize's prefixSuffixEquals), so its references stay as written.
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, new InMemoryFileSystem()
            .Add("app/kustomization.yaml", "resources:\n  - one\n  - two\n  - deployment.yaml\n")
            .Add("app/deployment.yaml", Deployment)
            .Add("app/one/kustomization.yaml", "namePrefix: one-\nresources:\n  - cm.yaml\n")
            .Add("app/one/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n")
            .Add("app/two/kustomization.yaml", "namePrefix: two-\nresources:\n  - cm.yaml\n")
            .Add("app/two/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared\n"));

        var objects = RootRenders.All(workspace).Single(r => r.Root.Directory!.EndsWith("app", StringComparison.Ordinal)).Result.Objects;

        Assert.Multiple(() =>
        {
            Assert.That(objects.Where(o => o.Kind == "ConfigMap").Select(o => o.Name), Is.EquivalentTo(new[] { "one-shared", "one-settings", "two-shared" }));
            Assert.That(VolumeConfigMap(objects, 0), Is.EqualTo("settings"));
            Assert.That(VolumeConfigMap(objects, 1), Is.EqualTo("shared"));
        });
    }
}
