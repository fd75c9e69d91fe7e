namespace GitOpsAi.Core.Tests.Yaml;

/// <summary>
/// A 50,000-resource repository holds about 1.6 million scalars and a million pairs: what one node costs decides how much
/// memory the parse trees take. These tests pin the sizes, and check that the packed fields read back what was written.
/// </summary>
public sealed class CompactTreeTests
{
    private const int Count = 1_000;

    [Test]
    public void A_scalar_without_tag_or_anchor_takes_thirty_two_bytes()
    {
        var scalars = new YamlScalar[Count];
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Count; i++)
        {
            scalars[i] = new YamlScalar(new TextSpan(i, 1), "v", YamlScalarStyle.Plain, null, null);
        }

        var perScalar = (GC.GetAllocatedBytesForCurrentThread() - before) / Count; // whole bytes: a one-off allocation of the runtime is not a node's
        Assert.That(perScalar, Is.LessThanOrEqualTo(32));
    }

    [Test]
    public void A_mapping_allocates_itself_and_one_array_and_no_object_per_pair()
    {
        var key = new YamlScalar(new TextSpan(0, 1), "k", YamlScalarStyle.Plain, null, null);
        var pairs = Enumerable.Range(0, 10).Select(_ => new YamlPair(key, key)).ToArray();
        var mappings = new YamlMapping[Count];
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Count; i++)
        {
            mappings[i] = new YamlMapping(new TextSpan(i, 1), pairs, isFlow: false, null, null);
        }

        // 40 bytes of mapping, a 24-byte array header and 16 bytes a pair (two references: no flag padded beside them).
        var perMapping = (GC.GetAllocatedBytesForCurrentThread() - before) / Count; // whole bytes: a one-off allocation of the runtime is not a node's
        Assert.That(perMapping, Is.LessThanOrEqualTo(40 + 24 + (10 * 16)));
    }

    [Test]
    public void Tags_anchors_styles_and_flow_read_back_as_written_also_after_an_edit_moves_the_document()
    {
        const string Text = "a: &anchor !!str 1\nb: 'quoted'\nc: [x]\nd: {e: *anchor}\nf: plain\n";
        var previous = YamlParser.Parse(Text);
        var moved = YamlParser.Parse(new SourceText("# edit\n" + Text), previous);
        foreach (var root in new[] { previous.Documents[0].RootMapping!, moved.Documents[0].RootMapping! })
        {
            var a = (YamlScalar)root["a"]!;
            Assert.Multiple(() =>
            {
                Assert.That((a.Tag, a.Anchor, a.Type), Is.EqualTo(("tag:yaml.org,2002:str", "anchor", YamlScalarType.String)));
                Assert.That(((YamlScalar)root["b"]!).Style, Is.EqualTo(YamlScalarStyle.SingleQuoted));
                Assert.That((root.GetSequence("c")!.IsFlow, root.IsFlow, root.GetMapping("d")!.IsFlow), Is.EqualTo((true, false, true)));
                Assert.That(root.GetMapping("d")!["e"], Is.SameAs(a), "an alias is the anchored node itself");
                Assert.That(((YamlScalar)root["f"]!) is { Tag: null, Anchor: null, IsPlain: true, Type: YamlScalarType.String });
            });
        }
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase((1 << 25) - 2)]
    [TestCase((1 << 25) - 1)]
    [TestCase(1 << 25)]
    [TestCase(int.MaxValue - 10)]
    [TestCase(-1)]
    public void A_node_gives_back_its_span_also_one_too_long_for_the_bits_the_length_is_packed_in(int length)
    {
        var span = new TextSpan(123_456_789, length);
        var scalar = new YamlScalar(span, "v", YamlScalarStyle.DoubleQuoted, null, null);
        var tagged = new YamlScalar(span, "v", YamlScalarStyle.Folded, "!t", "a");
        var mapping = new YamlMapping(span, [new YamlPair(scalar, tagged)], isFlow: true, null, "m");

        Assert.Multiple(() =>
        {
            Assert.That((scalar.Span, tagged.Span, mapping.Span), Is.EqualTo((span, span, span)));
            Assert.That((scalar.Style, scalar.Tag, scalar.Anchor, scalar.Type), Is.EqualTo((YamlScalarStyle.DoubleQuoted, (string?)null, (string?)null, YamlScalarType.String)));
            Assert.That((tagged.Style, tagged.Tag, tagged.Anchor), Is.EqualTo((YamlScalarStyle.Folded, "!t", "a")));
            Assert.That((mapping.IsFlow, mapping.Tag, mapping.Anchor), Is.EqualTo((true, (string?)null, "m")));
        });
    }

    [Test]
    public void A_plain_scalar_resolves_its_type_once_and_keeps_its_span_and_style()
    {
        var values = new[] { ("true", YamlScalarType.Boolean), ("~", YamlScalarType.Null), ("12", YamlScalarType.Integer), ("1.5", YamlScalarType.Float), ("x", YamlScalarType.String) };
        foreach (var (value, type) in values)
        {
            var span = new TextSpan(7, (1 << 25) - 2);
            var scalar = new YamlScalar(span, value, YamlScalarStyle.Plain, null, null);
            Assert.That((scalar.Type, scalar.Type, scalar.Span, scalar.Style, scalar.IsPlain), Is.EqualTo((type, type, span, YamlScalarStyle.Plain, true)), value);
        }
    }

    [Test]
    public void A_collection_keeps_its_expanded_size_and_an_overflowing_one_saturates()
    {
        var scalar = new YamlScalar(new TextSpan(0, 1), "v", YamlScalarStyle.Plain, null, null);
        var sequence = new YamlSequence(new TextSpan(0, 1), [scalar], isFlow: true, null, null);
        var huge = new YamlSequence(new TextSpan(0, 1), [scalar], isFlow: false, null, null);
        sequence.SetExpandedSize(100_001);
        huge.SetExpandedSize(long.MaxValue);

        Assert.That((scalar.ExpandedSize, sequence.ExpandedSize, huge.ExpandedSize), Is.EqualTo((1L, 100_001L, long.MaxValue)));
    }

    [Test]
    public void Merged_pairs_come_after_the_written_ones_and_say_they_are_merged()
    {
        var mapping = YamlParser.Parse("base: &b {x: 1, y: 2}\nuse:\n  y: 3\n  <<: *b\n").Documents[0].RootMapping!.GetMapping("use")!;

        Assert.That(mapping.Pairs.Select(p => (p.KeyText, p.IsMerged)), Is.EqualTo(new[] { ("y", false), ("x", true) }));
    }

    [Test]
    public void A_merged_pair_gives_back_the_anchored_mapping_s_own_key_and_value_nodes()
    {
        var root = YamlParser.Parse("base: &b {x: 1}\nuse:\n  <<: *b\n").Documents[0].RootMapping!;
        var written = root.GetMapping("base")!.Pairs[0];
        var merged = root.GetMapping("use")!.Pairs[0];

        Assert.Multiple(() =>
        {
            Assert.That((written.IsMerged, merged.IsMerged), Is.EqualTo((false, true)));
            Assert.That(merged.Key, Is.SameAs(written.Key));
            Assert.That(merged.Value, Is.SameAs(written.Value));
            Assert.That(merged.KeyText, Is.EqualTo("x"));
            Assert.That(new YamlPair(written.Key, written.Value, isMerged: true), Is.EqualTo(merged));
            Assert.That(default(YamlPair).IsMerged, Is.False);
        });
    }

    [Test]
    public void A_file_s_later_chunks_keep_their_renumbered_documents_in_exact_arrays()
    {
        var file = YamlParser.Parse("a: 1\n---\nb: 2\n---\nc: 3\n---\n");

        Assert.Multiple(() =>
        {
            Assert.That(file.Documents.Select(d => (d.Index, d.RootMapping?.Pairs[0].KeyText)), Is.EqualTo(new[] { (0, "a"), (1, "b"), (2, "c"), (3, (string?)null) }));
            Assert.That(file.Chunks.Skip(1).Select(c => c.Documents.GetType()), Is.All.EqualTo(typeof(YamlDocument[])));
            Assert.That(file.Chunks.SelectMany(c => c.Documents), Is.EqualTo(file.Documents), "the file's documents are its chunks' documents");
        });
    }

    [Test]
    public void A_pair_is_equal_to_another_with_the_same_nodes()
    {
        var key = new YamlScalar(new TextSpan(0, 1), "k", YamlScalarStyle.Plain, null, null);
        var value = new YamlScalar(new TextSpan(3, 1), "v", YamlScalarStyle.Plain, null, null);
        var equalValue = new YamlScalar(new TextSpan(3, 1), "v", YamlScalarStyle.Plain, null, null);

        var pair = new YamlPair(key, value);
        Assert.Multiple(() =>
        {
            Assert.That(pair, Is.EqualTo(new YamlPair(key, value)));
            Assert.That(new YamlPair(key, value), Is.Not.EqualTo(new YamlPair(key, equalValue)), "nodes compare by identity");
            Assert.That(new YamlPair(key, value), Is.Not.EqualTo(new YamlPair(key, value, isMerged: true)));
        });
    }
}
