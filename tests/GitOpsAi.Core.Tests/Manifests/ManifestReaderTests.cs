using GitOpsAi.Core.Manifests;

namespace GitOpsAi.Core.Tests.Manifests;

/// <summary>The objects of a parsed file, in document order, held as compactly as they are many (a file per rendered object, issue 13).</summary>
public sealed class ManifestReaderTests
{
    [Test]
    public void A_files_objects_are_read_in_document_order_into_an_array_of_their_number_skipping_other_documents()
    {
        var file = YamlParser.Parse("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\n- not an object\n---\nplain: mapping\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: b\n");

        var manifests = ManifestReader.Read(file, "/repo/objects.yaml");

        Assert.That(manifests.Select(m => m.Name), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(manifests, Is.InstanceOf<Manifest[]>(), "not a list grown for them (and its array)");
    }

    [Test]
    public void A_file_of_one_object_or_none_is_read_into_an_array_of_its_size()
    {
        Assert.That(ManifestReader.Read(YamlParser.Parse("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n"), "/repo/a.yaml"), Is.InstanceOf<Manifest[]>().And.Count.EqualTo(1));
        Assert.That(ManifestReader.Read(YamlParser.Parse("plain: mapping\n"), "/repo/b.yaml"), Is.Empty);
        Assert.That(ManifestReader.Read(YamlParser.Parse("resources: [a.yaml]\n"), "/repo/kustomization.yaml").Single().Kind, Is.EqualTo("Kustomization"));
    }
}
