using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Tests.Manifests;

public sealed class PodTemplateTests
{
    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            spec:
              initContainers:
                - name: init
              containers:
                - name: app
                - just-a-string
                - name: sidecar
              ephemeralContainers:
                - name: debug
        """;

    private static Manifest Read(string text) => ManifestReader.Read(YamlParser.Parse(text), "/repo/web.yaml").Single();

    [Test]
    public void All_containers_are_the_containers_then_the_init_then_the_ephemeral_ones_each_with_its_index_in_its_list()
    {
        var pod = Read(Deployment).PodTemplate!;

        var all = pod.AllContainers.Select(c => (c.Name, c.Kind, c.Index)).ToList();

        Assert.That(all, Is.EqualTo(new[]
        {
            ("app", ContainerKind.Container, 0),
            ("sidecar", ContainerKind.Container, 2),
            ("init", ContainerKind.InitContainer, 0),
            ("debug", ContainerKind.EphemeralContainer, 0),
        }));
        Assert.That(pod.Containers.Select(c => c.Name), Is.EqualTo(new[] { "app", "sidecar" }));
        Assert.That(pod.InitContainers.Select(c => c.Name), Is.EqualTo(new[] { "init" }));
    }

    [Test]
    public void A_manifest_makes_its_pod_template_and_its_containers_once_however_often_rules_ask()
    {
        var manifest = Read(Deployment);

        var first = manifest.PodTemplate!;
        var containers = first.AllContainers;
        var second = manifest.PodTemplate;

        Assert.That(second, Is.SameAs(first));
        Assert.That(second!.AllContainers, Is.SameAs(containers));
        Assert.That(second.Containers.First(), Is.SameAs(containers.First()));
    }

    [Test]
    public void A_pod_spec_with_neither_init_nor_ephemeral_containers_lists_all_its_containers_in_the_containers_own_array()
    {
        var pod = Read("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n    - name: sidecar\n").PodTemplate!;

        Assert.That(pod.AllContainers, Is.SameAs(pod.Containers));
        Assert.That(pod.AllContainers.Select(c => c.Name), Is.EqualTo(new[] { "app", "sidecar" }));
    }

    [Test]
    public void A_manifest_answers_whether_it_is_sops_encrypted_the_same_each_time_it_is_asked()
    {
        var encrypted = Read("apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  pw: ENC[AES256_GCM,data:x]\nsops:\n  version: 3.8.1\n");
        var plain = Read("apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nsops:\n  note: not a sops block\n");

        Assert.That(new[] { encrypted.IsSopsEncrypted, encrypted.IsSopsEncrypted }, Is.EqualTo(new[] { true, true }));
        Assert.That(new[] { plain.IsSopsEncrypted, plain.IsSopsEncrypted }, Is.EqualTo(new[] { false, false }));
    }

    [Test]
    public void An_object_without_a_pod_spec_has_no_pod_template_when_asked_twice()
    {
        var manifest = Read("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n");

        Assert.That(manifest.PodTemplate, Is.Null);
        Assert.That(manifest.PodTemplate, Is.Null);
    }
}
