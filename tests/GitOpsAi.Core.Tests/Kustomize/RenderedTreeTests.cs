using GitOpsAi.Core.IO;
using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Workspace;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Tests.Kustomize;

/// <summary>
/// A rendered object's parse tree is built while the object is written (not parsed back from the text): it must be
/// the tree the parser gives for that text, node for node (kind, span, value, style, type, flow, expanded size).
/// </summary>
public sealed class RenderedTreeTests
{
    private static string FixtureRoot => Path.Combine(SharedData.RepositoryRoot, "tests", "GitOpsAi.Core.Tests", "Kustomize", "Fixtures");

    private static readonly string[] Shapes =
    [
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  port: \"8080\"\n  empty: \"\"\n  yes: \"yes\"\n  spaced: \" padded \"\n  hash: \"a #b\"\n  colon: \"a: b\"\n  unicode: \"caf\u00e9\"\n  tab: \"a\\tb\"\n  quote: \"say \\\"hi\\\"\"\n",
        "kind: X\nspec:\n  count: 3\n  ratio: 0.5\n  on: true\n  none: null\n  tilde: ~\n  bare:\n  emptyMap: {}\n  emptyList: []\n  hex: 0x1F\n",
        "kind: X\nlist:\n  - a\n  - - nested\n    - more\n  - []\n  - {}\n  - key: value\n    other:\n      - 1\n      - 2\n  - - - deep\n",
        "kind: X\nblock: |\n  line one\n  line two\nkeep: |+\n  kept\n\n\nstrip: |-\n  no newline\nindented: |2\n   starts with a space\n  then not\ninList:\n  - |\n    in a list\n    second\n  - after\n",
        "kind: X\n\"8080\": numeric key\n\"a: b\": colon key\n\"\": empty key\nmetadata:\n  annotations:\n    \"example.com/x\": \"true\"\n",
        "kind: X\nscript: \"trailing space \\nline\"\nwindows: \"a\\r\\nb\"\nleading: \"\\nfirst empty\"\n",
    ];

    public static IEnumerable<TestCaseData> ShapeCases() => Shapes.Select((s, i) => new TestCaseData(s).SetArgDisplayNames($"shape{i}"));

    [TestCaseSource(nameof(ShapeCases))]
    public void The_tree_built_while_writing_an_object_equals_the_parsed_tree_of_its_text(string yaml)
    {
        var source = YamlParser.Parse(yaml);
        var rendered = new RenderedObject((RenderMap)RenderNode.FromYaml(source.Documents[0].Root!, "/repo/x.yaml"), new SourceRef("/repo/x.yaml", source.Documents[0].Span));

        Assert.That(SameAsParsed(rendered), Is.True, "a tree was built");
    }

    [TestCaseSource(nameof(ShapeCases))]
    public void An_object_written_again_from_its_remembered_strings_gets_the_same_text_and_the_parsed_tree(string yaml)
    {
        var source = YamlParser.Parse(yaml);
        var rendered = new RenderedObject((RenderMap)RenderNode.FromYaml(source.Documents[0].Root!, "/repo/x.yaml"), new SourceRef("/repo/x.yaml", source.Documents[0].Span));
        var (first, _) = RenderWriter.WriteWithTree(rendered, []);
        var hitsBefore = WrittenScalars.Keys.Hits + WrittenScalars.Values.Hits;

        var (second, _) = RenderWriter.WriteWithTree(rendered, []);

        Assert.That(WrittenScalars.Keys.Hits + WrittenScalars.Values.Hits, Is.GreaterThan(hitsBefore), "the second write took remembered strings");
        Assert.That(second, Is.EqualTo(first));
        Assert.That(SameAsParsed(rendered), Is.True, "a tree was built");
    }

    [Test]
    public void Numbers_booleans_and_nulls_written_again_from_remembered_strings_get_the_same_text_and_the_parsed_tree()
    {
        var source = YamlParser.Parse("kind: X\nspec:\n  count: 3\n  ratio: 0.5\n  on: true\n  none: null\n  tilde: ~\n  bare:\n  hex: 0x1F\n  three: \"3\"\n  word: \"true\"\n");
        var rendered = new RenderedObject((RenderMap)RenderNode.FromYaml(source.Documents[0].Root!, "/repo/x.yaml"), new SourceRef("/repo/x.yaml", source.Documents[0].Span));
        var (first, _) = RenderWriter.WriteWithTree(rendered, []);
        var hitsBefore = WrittenScalars.NotStrings.Hits;

        var (second, _) = RenderWriter.WriteWithTree(rendered, []);

        Assert.That(WrittenScalars.NotStrings.Hits, Is.GreaterThanOrEqualTo(hitsBefore + 4), "the numbers and the boolean were remembered");
        Assert.That(second, Is.EqualTo(first));
        Assert.That(second, Does.Contain("  none: null\n  tilde: null\n  bare: null\n  hex: 0x1F\n  three: \"3\"\n  word: \"true\"\n"));
        Assert.That(SameAsParsed(rendered), Is.True, "a tree was built");
    }

    [Test]
    public void Strings_that_take_over_each_others_remembered_slots_are_each_written_as_themselves()
    {
        // Three times as many strings as slots, half of them needing quotes: every slot is taken over by other strings.
        var root = new RenderMap();
        for (var i = 0; i < 3 * WrittenScalars.Slots; i++)
        {
            var value = (i % 4) switch { 0 => $"{i}", 1 => $"v{i}", 2 => i % 8 == 2 ? "yes" : "on", _ => $"a: {i}" };
            root.Entries.Add(new RenderEntry(i % 3 == 0 ? $"{i}" : $"k{i}", RenderScalar.String(value, null), null));
        }

        var rendered = new RenderedObject(root, new SourceRef("/repo/x.yaml", new TextSpan(0, 0)));
        for (var pass = 0; pass < 2; pass++)
        {
            Assert.That(SameAsParsed(rendered), Is.True, $"a tree was built (pass {pass})");
        }
    }

    [Test]
    public void Every_object_of_the_kustomize_fixtures_gets_the_tree_the_parser_gives_its_text()
    {
        var compared = 0;
        foreach (var target in new[] { "names/overlay", "labels/overlay", "images/overlay", "patches/overlay", "generators/overlay", "components/overlay", "crds/app" })
        {
            var result = new KustomizeRenderer(FixtureRoot, PhysicalFileSystem.Instance).Render(Path.Combine(FixtureRoot, target), LoadRestriction.RepositoryRoot);
            foreach (var rendered in result.Objects)
            {
                Assert.That(SameAsParsed(rendered), Is.True, $"a tree was built for {rendered}");
                compared++;
            }
        }

        Assert.That(compared, Is.GreaterThan(20));
    }

    [Test]
    public void Every_rendered_object_of_the_corpus_gets_the_tree_the_parser_gives_its_text()
    {
        var corpus = SharedData.RequireCorpus();
        var compared = 0;
        var parsed = 0;
        foreach (var repository in Directory.EnumerateDirectories(corpus).Order(StringComparer.Ordinal))
        {
            var workspace = WorkspaceLoader.Load(repository, PhysicalFileSystem.Instance);
            foreach (var (_, result) in RootRenders.All(workspace))
            {
                foreach (var rendered in result.Objects)
                {
                    // An object with a string a reader may not read back as written has no tree: its text is parsed.
                    if (SameAsParsed(rendered))
                    {
                        compared++;
                    }
                    else
                    {
                        parsed++;
                    }
                }
            }
        }

        TestContext.Out.WriteLine($"{compared} rendered objects compared, {parsed} parsed instead.");
        Assert.That(compared, Is.GreaterThan(1000));
        Assert.That(parsed, Is.LessThan(compared / 50), "a tree for nearly every object");
    }

    [Test]
    public void Every_rendered_object_of_the_corpus_has_its_source_map_in_the_order_its_pieces_end()
    {
        // A finding is taken back by a binary search over the pieces' ends (RenderedAnalysis.SourceAt).
        var corpus = SharedData.RequireCorpus();
        var maps = 0;
        foreach (var repository in Directory.EnumerateDirectories(corpus).Order(StringComparer.Ordinal))
        {
            var workspace = WorkspaceLoader.Load(repository, PhysicalFileSystem.Instance);
            foreach (var (_, result) in RootRenders.All(workspace))
            {
                foreach (var rendered in result.Objects)
                {
                    var sourceMap = new List<(TextSpan Output, SourceRef Source)>();
                    RenderWriter.WriteFile(rendered, sourceMap, textOnDemand: true);
                    for (var i = 1; i < sourceMap.Count; i++)
                    {
                        Assert.That(sourceMap[i].Output.End, Is.GreaterThanOrEqualTo(sourceMap[i - 1].Output.End), $"{rendered.Origin.Path}: piece {i}");
                    }

                    maps++;
                }
            }
        }

        Assert.That(maps, Is.GreaterThan(1000));
    }

    [TestCase("\u2028", TestName = "A string with a line separator gets no tree so its text is parsed")]
    [TestCase("\u0085", TestName = "A string with a next-line character gets no tree so its text is parsed")]
    [TestCase("\ufeff", TestName = "A string with a byte order mark gets no tree so its text is parsed")]
    [TestCase("\ud83d\ude00", TestName = "A string with a surrogate pair gets no tree so its text is parsed")]
    [TestCase("\u0001", TestName = "A multi-line string with a control character gets no tree so its text is parsed")]
    public void A_string_a_reader_may_not_read_back_as_written_gets_no_tree(string character)
    {
        var source = YamlParser.Parse("kind: X\nmetadata:\n  name: a\n");
        var root = (RenderMap)RenderNode.FromYaml(source.Documents[0].Root!, "/repo/x.yaml");
        root.Entries.Add(new RenderEntry("data", RenderScalar.String($"first line\nthen {character} here\n", null), null));

        var (_, tree) = RenderWriter.WriteWithTree(new RenderedObject(root, new SourceRef("/repo/x.yaml", source.Documents[0].Span)), []);

        Assert.That(tree, Is.Null);
    }

    [TestCase("first line\nthen \u2028 here\n", TestName = "A block a reader may not read back gets no tree when written again from remembered strings")]
    [TestCase("a \u2028 b", TestName = "A quoted string a reader may not read back gets no tree when written again from remembered strings")]
    [TestCase("a \u2028 b: c", TestName = "A quoted key a reader may not read back gets no tree when written again from remembered strings")]
    public void A_string_a_reader_may_not_read_back_gets_no_tree_when_written_again_from_remembered_strings(string value)
    {
        var source = YamlParser.Parse("kind: X\nmetadata:\n  name: a\n");
        var root = (RenderMap)RenderNode.FromYaml(source.Documents[0].Root!, "/repo/x.yaml");
        root.Entries.Add(value.EndsWith(": c", StringComparison.Ordinal) ? new RenderEntry(value, RenderScalar.String("c", null), null) : new RenderEntry("data", RenderScalar.String(value, null), null));
        var rendered = new RenderedObject(root, new SourceRef("/repo/x.yaml", source.Documents[0].Span));
        var (first, firstTree) = RenderWriter.WriteWithTree(rendered, []);
        var hitsBefore = WrittenScalars.Keys.Hits + WrittenScalars.Values.Hits;

        var (second, secondTree) = RenderWriter.WriteWithTree(rendered, []);

        Assert.That(WrittenScalars.Keys.Hits + WrittenScalars.Values.Hits, Is.GreaterThan(hitsBefore), "the second write took remembered strings");
        Assert.That(second, Is.EqualTo(first));
        Assert.That((firstTree, secondTree), Is.EqualTo(((YamlFile?)null, (YamlFile?)null)));
    }

    [Test]
    public void An_object_with_a_key_twice_gets_no_tree_so_its_text_is_parsed()
    {
        var source = YamlParser.Parse("kind: X\nmetadata:\n  name: a\n");
        var root = (RenderMap)RenderNode.FromYaml(source.Documents[0].Root!, "/repo/x.yaml");
        root.Entries.Add(new RenderEntry("kind", RenderScalar.String("Y", null), null));

        var (text, tree) = RenderWriter.WriteWithTree(new RenderedObject(root, new SourceRef("/repo/x.yaml", source.Documents[0].Span)), []);

        Assert.That(tree, Is.Null);
        Assert.That(YamlParser.Parse(text).Diagnostics.Select(d => d.Code), Has.Some.Contains("duplicate"), "the parser reports the second key");
    }

    [TestCase(2, 0, 1, TestName = "A nested map with a key written twice right after its first gets no tree so its text is parsed")]
    [TestCase(12, 0, 11, TestName = "A nested map with a key twice as its first and last of twelve gets no tree so its text is parsed")]
    [TestCase(40, 3, 39, TestName = "A nested map with a key twice far apart among forty gets no tree so its text is parsed")]
    [TestCase(400, 398, 399, TestName = "A nested map with a key twice at the end of four hundred gets no tree so its text is parsed")]
    public void A_nested_map_with_a_key_twice_gets_no_tree_so_its_text_is_parsed(int keys, int first, int second)
    {
        var (text, tree) = RenderWriter.WriteWithTree(WithNestedKeys(keys, first, second), []);

        Assert.That(tree, Is.Null);
        Assert.That(YamlParser.Parse(text).Diagnostics.Select(d => d.Code), Has.Some.Contains("duplicate"), "the parser reports the second key");
    }

    [TestCase(12, TestName = "A nested map of twelve keys alike but for their case or padding gets the parsed tree")]
    [TestCase(400, TestName = "A nested map of four hundred keys alike but for their case or padding gets the parsed tree")]
    public void A_nested_map_of_keys_alike_but_not_equal_gets_the_parsed_tree(int keys)
    {
        Assert.That(SameAsParsed(WithNestedKeys(keys, -1, -1)), Is.True, "a tree was built");
    }

    /// <summary>An object whose <c>data</c> has <paramref name="keys"/> keys, alike in pairs (<c>k1</c>, <c>K1</c>, <c>k01</c>...), the key at <paramref name="second"/> equal to the one at <paramref name="first"/> (a new string, not the same instance).</summary>
    private static RenderedObject WithNestedKeys(int keys, int first, int second)
    {
        var source = YamlParser.Parse("kind: X\nmetadata:\n  name: a\n");
        var root = (RenderMap)RenderNode.FromYaml(source.Documents[0].Root!, "/repo/x.yaml");
        var data = new RenderMap();
        for (var i = 0; i < keys; i++)
        {
            var key = (i % 3) switch { 0 => $"k{i / 3}", 1 => $"K{i / 3}", _ => $"k0{i / 3}" };
            data.Entries.Add(new RenderEntry(i == second ? new string(KeyAt(first).AsSpan()) : key, RenderScalar.String($"v{i}", null), null));
        }

        root.Entries.Add(new RenderEntry("data", data, null));
        return new RenderedObject(root, new SourceRef("/repo/x.yaml", source.Documents[0].Span));

        static string KeyAt(int i) => (i % 3) switch { 0 => $"k{i / 3}", 1 => $"K{i / 3}", _ => $"k0{i / 3}" };
    }

    /// <summary>False when no tree was built (the text is parsed); else asserts that the tree is the parsed one.</summary>
    private static bool SameAsParsed(RenderedObject rendered)
    {
        var (text, tree) = RenderWriter.WriteWithTree(rendered, []);
        if (tree is null)
        {
            return false;
        }

        var parsed = YamlParser.Parse(text);
        Assert.That(parsed.Diagnostics, Is.Empty, text);
        Assert.That(tree.Source.Text, Is.EqualTo(text));
        Assert.That(tree.Comments, Has.Count.EqualTo(parsed.Comments.Count), text);
        Assert.That(tree.Documents, Has.Count.EqualTo(parsed.Documents.Count), text);
        Assert.That(tree.Documents[0].Span, Is.EqualTo(parsed.Documents[0].Span), text);
        Assert.That(tree.Documents[0].IsAnalyzable, Is.EqualTo(parsed.Documents[0].IsAnalyzable), text);
        if (Difference(tree.Documents[0].Root, parsed.Documents[0].Root, "$", text) is { } difference)
        {
            Assert.Fail($"{difference} in:\n{text}");
        }

        return true;
    }

    /// <summary>Where and how the built tree differs from the parsed one, or null (compared by hand: a corpus has millions of nodes).</summary>
    private static string? Difference(YamlNode? built, YamlNode? parsed, string path, string text)
    {
        if (built is null || parsed is null || built.GetType() != parsed.GetType())
        {
            return $"{path}: {built?.GetType().Name} built, {parsed?.GetType().Name} parsed";
        }

        if (built.Span != parsed.Span)
        {
            return $"{path}: span {Show(text, built.Span)} built, {Show(text, parsed.Span)} parsed";
        }

        if ((built.Tag, built.Anchor, built.ExpandedSize) != (parsed.Tag, parsed.Anchor, parsed.ExpandedSize))
        {
            return $"{path}: tag, anchor or size ({built.Tag}, {built.Anchor}, {built.ExpandedSize}) built, ({parsed.Tag}, {parsed.Anchor}, {parsed.ExpandedSize}) parsed";
        }

        switch (built)
        {
            case YamlScalar scalar:
                var other = (YamlScalar)parsed;
                return (scalar.Value, scalar.Style, scalar.Type) == (other.Value, other.Style, other.Type)
                    ? null
                    : $"{path}: ({scalar.Value}, {scalar.Style}, {scalar.Type}) built, ({other.Value}, {other.Style}, {other.Type}) parsed";
            case YamlMapping mapping:
                var otherMapping = (YamlMapping)parsed;
                if (mapping.IsFlow != otherMapping.IsFlow || mapping.Pairs.Count != otherMapping.Pairs.Count)
                {
                    return $"{path}: flow {mapping.IsFlow} with {mapping.Pairs.Count} pairs built, flow {otherMapping.IsFlow} with {otherMapping.Pairs.Count} parsed";
                }

                for (var i = 0; i < mapping.Pairs.Count; i++)
                {
                    var key = mapping.Pairs[i].KeyText;
                    if ((Difference(mapping.Pairs[i].Key, otherMapping.Pairs[i].Key, $"{path}.{key}(key)", text)
                        ?? Difference(mapping.Pairs[i].Value, otherMapping.Pairs[i].Value, $"{path}.{key}", text)) is { } difference)
                    {
                        return difference;
                    }
                }

                return null;
            case YamlSequence sequence:
                var otherSequence = (YamlSequence)parsed;
                if (sequence.IsFlow != otherSequence.IsFlow || sequence.Items.Count != otherSequence.Items.Count)
                {
                    return $"{path}: flow {sequence.IsFlow} with {sequence.Items.Count} items built, flow {otherSequence.IsFlow} with {otherSequence.Items.Count} parsed";
                }

                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    if (Difference(sequence.Items[i], otherSequence.Items[i], $"{path}[{i}]", text) is { } difference)
                    {
                        return difference;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static string Show(string text, TextSpan span) => $"{span} '{text.Substring(span.Start, Math.Min(span.Length, 40)).Replace("\n", "\\n")}'";
}
