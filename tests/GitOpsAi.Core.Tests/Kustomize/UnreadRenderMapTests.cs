using System.Text;
using GitOpsAi.Core.IO;
using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Tests.Kustomize;

/// <summary>
/// A render map or sequence converted from YAML makes its contents only when something reads them, and the writer writes
/// one nobody read straight from its parse tree (issue 13): the text, source map and tree must be those of the full conversion.
/// </summary>
public sealed class UnreadRenderMapTests
{
    private const string Path = "/repo/x.yaml";

    private static readonly string[] Shapes =
    [
        "kind: X\nmetadata:\n  name: a\nspec:\n  count: 3\n  octal: 0755\n  ratio: 0.5\n  on: true\n  none: null\n  bare:\n  emptyMap: {}\n  emptyList: []\n  quoted: 'single'\n  yes: yes\n",
        "kind: X\nspec:\n  list:\n    - a\n    - - nested\n      - more\n    - []\n    - {}\n    - key: value\n      other: [1, 2]\n    - {flow: map, with: [items]}\n",
        "kind: X\nspec:\n  folded: >\n    one\n      indented\n    two\n  block: |\n    kept\n  strip: |-\n    no newline\n  tagged: !!str 42\n",
        "kind: X\nbase: &base\n  a: 1\n  b: 2\nspec:\n  merged:\n    <<: *base\n    b: 3\n  alias: *base\n  twice:\n    k: 1\n    k: 2\n  items:\n    - <<: *base\n      c: 4\n    - k: 1\n      k: 2\n",
        "kind: X\nspec:\n  \"8080\": numeric key\n  \"a: b\": colon key\n  ? complex\n  : value\n  nested:\n    deeper:\n      deepest: [{a: 1}, {b: [2, {c: 3}]}]\n",
    ];

    public static IEnumerable<TestCaseData> ShapeCases() => Shapes.Select((s, i) => new TestCaseData(s).SetArgDisplayNames($"shape{i}"));

    [TestCaseSource(nameof(ShapeCases))]
    public void An_object_written_from_its_unread_parse_tree_gets_the_text_source_map_and_tree_of_its_full_conversion(string yaml)
    {
        var unread = Converted(yaml);
        var read = Converted(yaml);
        ReadEverything(read.Root);
        Assert.That(((RenderMap)unread.Root.Entries.Last().Value).Unread, Is.Not.Null, "the last field was left unread");

        var (unreadText, unreadTree, unreadMap) = Written(unread);
        var (readText, readTree, readMap) = Written(read);

        Assert.That(unreadText, Is.EqualTo(readText));
        Assert.That(unreadMap, Is.EqualTo(readMap));
        Assert.That(Dump(unreadTree), Is.EqualTo(Dump(readTree)));
    }

    [Test]
    public void An_overlay_with_images_and_replicas_leaves_unread_the_maps_no_transformer_looks_into()
    {
        var root = System.IO.Path.Combine(SharedData.RepositoryRoot, "tests", "GitOpsAi.Core.Tests", "Kustomize", "Fixtures");
        var result = new KustomizeRenderer(root, PhysicalFileSystem.Instance).Render(System.IO.Path.Combine(root, "images/overlay"), LoadRestriction.RepositoryRoot);
        var web = result.Objects.Single(o => o.Kind == "Deployment" && o.Name == "web").Root;

        // The image and replica transformers read down to the containers and the replica count...
        var container = (RenderMap)((RenderSequence)web.At("spec", "template", "spec", "containers")!).Items[0];
        Assert.That(container.Unread, Is.Null);
        Assert.That(container.String("image"), Is.EqualTo("nginx:latest"));
        Assert.That(web.Map("spec")!.Unread, Is.Null);

        // ...but not into the selector, the template's labels or a container's ports.
        Assert.That(web.At("spec", "selector") is RenderMap { Unread: not null });
        Assert.That(web.At("spec", "template", "metadata") is RenderMap { Unread: not null });
        Assert.That(container["ports"] is RenderSequence { Unread: not null });
        Assert.That(((RenderSequence)container["ports"]!).Items[0] is RenderMap { Unread: not null });
    }

    [Test]
    public void Looking_up_a_key_an_unread_map_does_not_hold_leaves_it_unread()
    {
        var map = (RenderMap)Converted("kind: X\nspec:\n  a: 1\n").Root["spec"]!;

        Assert.That(map["missing"], Is.Null);
        Assert.That(map.Unread, Is.Not.Null);
        Assert.That(map.String("a"), Is.EqualTo("1"));
        Assert.That(map.Unread, Is.Null);
    }

    [Test]
    public void A_source_set_on_an_unread_map_leaves_its_entries_the_sources_of_the_file_they_were_read_from()
    {
        var map = (RenderMap)Converted("kind: X\nspec:\n  a: 1\n").Root["spec"]!;

        map.Source = new SourceRef("/repo/patch.yaml", new TextSpan(0, 3));

        Assert.That(map.Find("a")!.KeySource!.Value.Path, Is.EqualTo(Path));
        Assert.That(map.Source!.Value.Path, Is.EqualTo("/repo/patch.yaml"));
    }

    [Test]
    public void A_clone_of_an_unread_map_stays_unread_and_converts_to_the_same_entries()
    {
        var map = (RenderMap)Converted("kind: X\nspec:\n  a: 1\n  b: [x]\n").Root["spec"]!;

        var copy = (RenderMap)map.Clone();

        Assert.That(copy.Unread, Is.SameAs(map.Unread));
        Assert.That(copy.Entries.Select(e => (e.Key, e.KeySource)), Is.EqualTo(map.Entries.Select(e => (e.Key, e.KeySource))));
    }

    [Test]
    public void A_clone_of_an_unread_sequence_stays_unread_and_converts_to_the_same_items()
    {
        var sequence = (RenderSequence)Converted("kind: X\nitems:\n  - a\n  - b: 1\n").Root["items"]!;

        var copy = (RenderSequence)sequence.Clone();

        Assert.That(copy.Unread, Is.SameAs(sequence.Unread));
        Assert.That(copy.Items.Select(i => i.Source), Is.EqualTo(sequence.Items.Select(i => i.Source)));
        Assert.That(sequence.Unread, Is.Null);
    }

    [Test]
    public void Remembered_verdicts_leave_a_block_mapping_block_and_a_flow_mapping_flow()
    {
        var file = YamlParser.Parse("kind: X\nblock:\n  a: 1\nflow: {a: [1]}\n");
        var root = file.Documents[0].RootMapping!;
        var block = root.GetMapping("block")!;
        var flow = root.GetMapping("flow")!;
        foreach (var mapping in new[] { block, flow })
        {
            mapping.Remember(CollectionMemo.ConvertsPairForPair, true);
            mapping.Remember(CollectionMemo.HoldsContainers, false);
        }

        Assert.That((block.IsFlow, flow.IsFlow), Is.EqualTo((false, true)));
        Assert.That((block.Recalled(CollectionMemo.ConvertsPairForPair), block.Recalled(CollectionMemo.HoldsContainers)), Is.EqualTo(((bool?)true, (bool?)false)));
        Assert.That(root.Recalled(CollectionMemo.HoldsContainers), Is.Null);
    }

    [Test]
    public void Containers_are_found_alike_when_the_walk_remembers_what_it_learned_from_an_earlier_render()
    {
        const string Yaml = "kind: X\nspec:\n  template:\n    spec:\n      containers:\n        - name: a\n  other:\n    deep: {x: 1}\n  jobs:\n    - initContainers:\n        - name: b\n";
        var file = YamlParser.Parse(Yaml);
        var names = new List<string?[]>();
        for (var render = 0; render < 2; render++)
        {
            var containers = new List<RenderMap>();
            Images.CollectContainers(RenderMap.FromYaml(file.Documents[0].RootMapping!, Path), containers);
            names.Add(containers.Select(c => c.String("name")).ToArray());
        }

        Assert.That(names, Is.EqualTo(new[] { new[] { "a", "b" }, new[] { "a", "b" } }));
        Assert.That(file.Documents[0].RootMapping!.GetMapping("spec")!.GetMapping("other")!.Recalled(CollectionMemo.HoldsContainers), Is.False);
    }

    private static RenderedObject Converted(string yaml)
    {
        var document = YamlParser.Parse(yaml).Documents.Last();
        var root = RenderMap.FromYaml(document.RootMapping!, Path);
        _ = root.Entries; // the renderer always reads an object's first level (its kind and name)
        return new RenderedObject(root, new SourceRef(Path, document.Span));
    }

    private static void ReadEverything(RenderNode node)
    {
        switch (node)
        {
            case RenderMap map:
                foreach (var entry in map.Entries)
                {
                    ReadEverything(entry.Value);
                }

                break;
            case RenderSequence sequence:
                foreach (var item in sequence.Items)
                {
                    ReadEverything(item);
                }

                break;
        }
    }

    private static (string Text, YamlFile? Tree, List<(TextSpan, SourceRef)> SourceMap) Written(RenderedObject rendered)
    {
        var sourceMap = new List<(TextSpan, SourceRef)>();
        var (text, tree) = RenderWriter.WriteWithTree(rendered, sourceMap);
        return (text, tree, sourceMap);
    }

    private static string Dump(YamlFile? file)
    {
        var output = new StringBuilder();
        if (file is not null)
        {
            Dump(file.Documents[0].Root!, output);
        }

        return output.ToString();
    }

    private static void Dump(YamlNode node, StringBuilder output)
    {
        output.Append(node.KindName).Append(' ').Append(node.Span).Append(' ').Append(node.ExpandedSize);
        switch (node)
        {
            case YamlScalar scalar:
                output.Append(' ').Append(scalar.Style).Append(' ').Append(scalar.Type).Append(" '").Append(scalar.Value).Append("'\n");
                break;
            case YamlMapping mapping:
                output.Append(mapping.IsFlow ? " flow\n" : "\n");
                foreach (var pair in mapping.Pairs)
                {
                    Dump(pair.Key, output);
                    Dump(pair.Value, output);
                }

                break;
            case YamlSequence sequence:
                output.Append(sequence.IsFlow ? " flow\n" : "\n");
                foreach (var item in sequence.Items)
                {
                    Dump(item, output);
                }

                break;
        }
    }
}
