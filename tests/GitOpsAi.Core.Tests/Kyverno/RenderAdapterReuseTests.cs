using GitOpsAi.Core.Expressions.JmesPath;
using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Kyverno.Mutation;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Tests.Kyverno;

/// <summary>
/// Converting a patched object back reuses what the patch left alone (issue 13: every mutate rule application copied
/// the whole object back): the result is the value a full copy gives, with the same places and paths.
/// </summary>
public sealed class RenderAdapterReuseTests
{
    private const string Pod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
          labels:
            app: web
        spec:
          containers:
            - name: a
              image: nginx:1.27
              ports:
                - containerPort: 80
            - name: b
              image: busybox
          replicas: 2
          enabled: true
          note: ~
        """;

    private static JObject Object() => (JObject)JValue.FromYaml(YamlParser.Parse(Pod).Documents[0].RootMapping);

    /// <summary>Every value of the tree with its path, place and key place, depth first.</summary>
    private static IEnumerable<string> Facts(JValue value)
    {
        yield return $"{value.Path} {value.Kind} {value.Node?.Span} {value.KeyNode?.Span} {(value is JObject or JArray ? "" : value.ToJson())}";
        var children = value switch
        {
            JObject o => o.Entries.Select(e => e.Value),
            JArray a => a.Items,
            _ => [],
        };
        foreach (var fact in children.SelectMany(Facts))
        {
            yield return fact;
        }
    }

    [Test]
    public void An_object_no_patch_touched_comes_back_as_itself()
    {
        var original = Object();
        var adapter = new RenderAdapter();

        Assert.That(adapter.ToValue(adapter.FromObject(original)), Is.SameAs(original));
    }

    [Test]
    public void A_changed_label_is_built_again_and_the_untouched_parts_are_reused_in_place()
    {
        var original = Object();
        var adapter = new RenderAdapter();
        var node = (RenderMap)adapter.FromObject(original);
        ((RenderMap)((RenderMap)node["metadata"]!)["labels"]!).Set("team", RenderScalar.String("payments", null));

        var back = (JObject)adapter.ToValue(node);

        Assert.That(back, Is.Not.SameAs(original));
        Assert.That(back.Get("spec"), Is.SameAs(original.Get("spec")));
        Assert.That(((JObject)back.Get("metadata")!).Get("name"), Is.SameAs(((JObject)original.Get("metadata")!).Get("name")));
        Assert.That(Facts(back).Where(f => !f.StartsWith("/metadata/labels/team/", StringComparison.Ordinal)), Is.EqualTo(Facts(original)));
        Assert.That(Facts(back), Does.Contain("/metadata/labels/team/ String   \"payments\""));
    }

    [Test]
    public void Items_after_an_inserted_item_are_built_again_at_their_new_paths()
    {
        var original = Object();
        var adapter = new RenderAdapter();
        var node = (RenderMap)adapter.FromObject(original);
        var containers = (RenderSequence)((RenderMap)node["spec"]!)["containers"]!;
        containers.Items.Insert(0, RenderAdapter.FromPatch(JValue.FromYaml(YamlParser.Parse("name: init\nimage: busybox\n").Documents[0].RootMapping)));

        var back = (JArray)((JObject)((JObject)adapter.ToValue(node)).Get("spec")!).Get("containers")!;
        var before = (JArray)((JObject)original.Get("spec")!).Get("containers")!;

        Assert.That(back.Items.Select(i => i.Path), Is.EqualTo(new[] { "/spec/containers/0/", "/spec/containers/1/", "/spec/containers/2/" }));
        Assert.That(back.Items[1], Is.Not.SameAs(before.Items[0]), "its path moved");
        Assert.That(back.Items[1].Node, Is.SameAs(before.Items[0].Node), "it keeps its place in the text");
        Assert.That(back.Items[1].ToJson(), Is.EqualTo(before.Items[0].ToJson()));
    }

    [Test]
    public void Past_the_tenth_item_an_untouched_item_is_reused_and_one_after_a_removed_item_is_built_again()
    {
        // Paths are compared piece by piece with the origin's, indices of two digits included.
        var items = string.Concat(Enumerable.Range(0, 12).Select(i => $"  - name: c{i}\n    image: nginx\n"));
        var original = (JObject)JValue.FromYaml(YamlParser.Parse("spec:\n containers:\n" + items.Replace("  -", "   -").Replace("    image", "     image")).Documents[0].RootMapping);
        var before = (JArray)((JObject)original.Get("spec")!).Get("containers")!;
        var adapter = new RenderAdapter();
        var node = (RenderMap)adapter.FromObject(original);
        var containers = (RenderSequence)((RenderMap)node["spec"]!)["containers"]!;
        ((RenderMap)containers.Items[11]).Set("image", RenderScalar.String("busybox", null));

        var back = (JArray)((JObject)((JObject)adapter.ToValue(node)).Get("spec")!).Get("containers")!;

        Assert.That(before.Items[10].Path, Is.EqualTo("/spec/containers/10/"));
        Assert.That(back.Items[10], Is.SameAs(before.Items[10]));
        Assert.That(back.Items[11], Is.Not.SameAs(before.Items[11]));
        Assert.That(((JObject)back.Items[11]).Get("name"), Is.SameAs(((JObject)before.Items[11]).Get("name")));

        var removing = new RenderAdapter();
        var again = (RenderMap)removing.FromObject(original);
        ((RenderSequence)((RenderMap)again["spec"]!)["containers"]!).Items.RemoveAt(1);
        var shifted = (JArray)((JObject)((JObject)removing.ToValue(again)).Get("spec")!).Get("containers")!;

        Assert.That(shifted.Items[0], Is.SameAs(before.Items[0]));
        Assert.That(shifted.Items[9].Path, Is.EqualTo("/spec/containers/9/"));
        Assert.That(shifted.Items[9], Is.Not.SameAs(before.Items[10]), "its path moved from /10/ to /9/");
        Assert.That(shifted.Items[9].ToJson(), Is.EqualTo(before.Items[10].ToJson()));
    }

    [Test]
    public void A_clone_of_an_object_node_has_no_origin_and_another_adapter_sees_no_origins_at_all()
    {
        var original = Object();
        var before = (JArray)((JObject)original.Get("spec")!).Get("containers")!;
        var adapter = new RenderAdapter();
        var node = (RenderMap)adapter.FromObject(original);
        var containers = (RenderSequence)((RenderMap)node["spec"]!)["containers"]!;
        containers.Items[1] = containers.Items[0].Clone();

        var back = (JArray)((JObject)((JObject)adapter.ToValue(node)).Get("spec")!).Get("containers")!;

        // The clone carries the node's Source but is not the node: built again, with no place in the text.
        Assert.That(back.Items[1].Node, Is.Null);
        Assert.That(back.Items[1].ToJson(), Is.EqualTo(before.Items[0].ToJson()));
        Assert.That(back.Items[0], Is.SameAs(before.Items[0]));

        var elsewhere = new RenderAdapter().ToValue(adapter.FromObject(original));
        Assert.That(elsewhere, Is.Not.SameAs(original));
        Assert.That(elsewhere.Node, Is.Null);
        Assert.That(elsewhere.ToJson(), Is.EqualTo(original.ToJson()));
    }

    [Test]
    public void A_patch_with_a_directive_is_applied_by_reference_and_a_map_whose_source_is_rewritten_keeps_its_place()
    {
        var patch = JValue.FromYaml(YamlParser.Parse("spec:\n  template:\n    $patch: replace\n    x: 1\n").Documents[0].RootMapping);
        Assert.That(RenderAdapter.HasDirective(patch), Is.True);
        Assert.That(RenderAdapter.HasDirective(JValue.FromYaml(YamlParser.Parse("spec:\n  list:\n    - patch: replace\n").Documents[0].RootMapping)), Is.False);

        var original = Object();
        var adapter = new RenderAdapter(byReference: true);
        var node = (RenderMap)adapter.FromObject(original);
        var metadata = (RenderMap)node["metadata"]!;
        metadata.Source = null; // what "$patch: replace" does to the map it replaces
        metadata.Set("name", RenderScalar.String("api", null));

        var back = (JObject)((JObject)adapter.ToValue(node)).Get("metadata")!;

        Assert.That(back.Node, Is.SameAs(original.Get("metadata")!.Node));
        Assert.That(back.Get("labels"), Is.SameAs(((JObject)original.Get("metadata")!).Get("labels")));
    }
}
