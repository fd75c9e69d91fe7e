using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Tests.Kustomize;

/// <summary>A field spec's path walked through an object (its list marker is now read by its last two characters).</summary>
public sealed class FieldWalkerTests
{
    private static RenderMap Object(string yaml) => RenderMap.FromYaml(YamlParser.Parse(yaml).Documents[0].RootMapping!, "/repo/a.yaml");

    [Test]
    public void A_segment_marked_as_a_list_reaches_every_item_and_a_missing_list_is_never_created()
    {
        var spec = new FieldSpec("StatefulSet", "apps", null, "spec/volumeClaimTemplates[]/metadata/labels", Create: true);
        var withTemplates = Object("spec:\n  volumeClaimTemplates:\n    - metadata:\n        name: a\n    - metadata:\n        name: b\n");
        var without = Object("spec:\n  replicas: 1\n");
        var reached = new List<string>();

        FieldWalker.Visit(withTemplates, spec.Segments, spec.Create, null, (parent, key) => reached.Add(parent.String("name") + "/" + key));
        FieldWalker.Visit(without, spec.Segments, spec.Create, null, (parent, key) => reached.Add("created " + key));

        Assert.That(spec.Segments, Is.EqualTo(new[] { "spec", "volumeClaimTemplates[]", "metadata", "labels" }));
        Assert.That(reached, Is.EqualTo(new[] { "a/labels", "b/labels" }));
        Assert.That(without.Map("spec")!.Entries.Select(e => e.Key), Is.EqualTo(new[] { "replicas" }));
    }

    [Test]
    public void A_key_ending_in_a_bracket_alone_is_an_ordinary_key_and_missing_maps_on_the_way_are_created()
    {
        var target = Object("metadata:\n  name: x\n");
        var reached = new List<string>();

        FieldWalker.Visit(target, ["spec", "a]", "labels"], create: true, null, (parent, key) => reached.Add(key));

        Assert.That(reached, Is.EqualTo(new[] { "labels" }));
        Assert.That(target.At("spec", "a]"), Is.InstanceOf<RenderMap>());
    }
}
