using System.Text;
using GitOpsAi.Core.Workspace;
using YamlDotNet.Core;

namespace GitOpsAi.Core.Tests.Yaml;

/// <summary>
/// The token events (<see cref="TokenEventParser"/>) must be exactly YamlDotNet's Parser's events wherever they are
/// used, and a parse through them exactly the parse through the Parser: same trees (kinds, values, styles, tags,
/// anchors, spans), comments and diagnostics. Checked on hand-written tricky inputs and on every file of the corpus.
/// </summary>
public sealed class TokenEventParserTests
{
    /// <summary>YAML the token events read themselves (the test fails if one of them is left to the Parser).</summary>
    private static readonly string[] Handled =
    [
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: demo\ndata:\n  key: value\n",
        "a: [x, y] # c\nb: {p: 1, q: [1, 2], r: {s: t}}\nc: []\nd: {}\ne: [a, ]\nf: {a: 1, }\n",
        "list:\n  - [1, 2]\n  - {a: b}\n  -\n  - - nested\n    - more\n  - key: value\n    other: 1\n",
        "a:\nb: \nc: # comment\nd:\n  -\n  - x\n  -\ne:",
        "key:",
        "- a\n-\n- c\n",
        "- key:\n  - x\n  other:\n",
        "base: &b {x: 1, y: 2}\nother:\n  <<: *b\n  y: 3\nsame: *b\nlist: &l\n  - 1\nagain: *l\n",
        "defaults: &d\n  a: 1\nmerge:\n  <<: [*d]\n  b: 2\n*d : aliased key\n",
        "a: !!str 1\nb: !custom {x: 1}\nc: !<tag:example.com,2000:x> v\nd: ! 5\ne: &anchor !!int 7\nf: !!map &m2 {}\ng: !!null\nh: &empty\ni: !!seq\n- 1\n",
        "a: 1\n...\n",
        "--- \na: 1\n",
        "---\n",
        "--- # only a comment\n",
        "---\n...\n",
        "--- value\n",
        "--- |\n  literal\n",
        "--- [a, b]\n",
        "--- &a {x: 1}\n",
        "a: 1\n...\nb: 2\n",
        "a: 1\n...\n...\n",
        "literal: |\n  line one\n  line two\nkeep: |+\n  kept\n\nstrip: >-\n  folded\n  text\nindented: |2\n    two extra\nfolded: >\n  a\n  b\n\n  c\n",
        "plain: a b c\nsingle: 'it''s'\ndouble: \"tab\\there \\u00e9\"\nmulti: this is\n  a plain\n  multi-line scalar\nquoted: \"a\n  b\"\n",
        "# leading\na: 1 # trailing\n# between\nb:\n  # inside\n  c: 2\n  # after\n# end\n",
        "metadata:\n  name: a\n  name: b\n",
        "a: 1\r\nb:\r\n  - x\r\n  - y\r\nc: |\r\n  crlf\r\n",
        "\uFEFFa: 1\n",
        "a:\tb\nc: 1\t# tab before comment\n",
        "\"quoted key\": 1\n'single': 2\n? explicit\n: value\n? lonely\n",
        "a: {x: 1,\n  y: 2}\nb: [1,\n  2]\n",
        "password: \"{{ .password }}\"\ntemplate: '{{ x }}'\n",
        "empty_flow_values: {a: , b: }\n",
        "seq_of_maps:\n- name: a\n  value: 1\n- name: b\n",
        "a: &x 1\nb: *x\nc: [*x, *x]\nd: {k: *x}\n",
        "1: int key\n2.5: float key\ntrue: bool key\n~: null key\n",
        "- &a\n- *a\n",
        "- !!str\n- !!str\n",
        "key: value\n\n\n",
        "",
        "# only a comment\n",
        "k: {a: [b, {c: d}]}\n",
        "a: 'multi\n  line'\n",
        "a: *undefined\n",
        "a: 1\n--- b\n- c\n",
        "a: {b: 1 c}\n",
        "a: {b: 1 c}\n\n---\n:,  1\n--- b\n- c\n\n",
    ];

    /// <summary>Inputs left to the Parser on purpose: the test proves the fallback gives the Parser's exact result.</summary>
    private static readonly string[] LeftToTheParser =
    [
        "%YAML 1.2\n---\na: 1\n",
        "%TAG !e! tag:example.com,2000:\n---\na: !e!x 1\n",
        "a: !e!undefined 1\n",
        "b: c: d\n",
        "a:\n\tb: 1\n",
        "a: [1, 2\n",
        "a: {x: 1\n",
        "a: \"unterminated\n",
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ include \"x.fullname\" . }}\n{{- if .Values.x }}\n  labels: {}\n{{- end }}\n",
        "a: &x &y 1\n",
        "[a: b, c]\n",
        "{a, b}\n",
        "a: 1\nb\n",
        "- a\nb: 1\n",
        "a: 1\n  b: 2\n",
        "...\n---\na: 1\n",
        "@reserved: 1\n",
        "a: |\n  x\n b: 1\n",
        new string('[', 100) + new string(']', 100),
        "!<tag with space> a\n",
        "a: {x: &a 1, y: 2}\n",
    ];

    [TestCaseSource(nameof(Handled))]
    public void Yaml_that_kubernetes_files_use_is_read_from_the_tokens_with_the_parsers_exact_events(string text)
    {
        var tokenEvents = TokenEventParser.TryParse(text, 0, text.Length);

        Assert.That(tokenEvents, Is.Not.Null, "left to the Parser");
        Assert.That(Events(tokenEvents!), Is.EqualTo(Events(YamlDotNetParserEvents(text, 0, text.Length))));
        Assert.That(DumpBothWays(text).Tokens, Is.EqualTo(DumpBothWays(text).Parser));
    }

    [TestCaseSource(nameof(LeftToTheParser))]
    public void Directives_rare_syntax_and_errors_are_left_to_the_parser_and_parse_exactly_as_before(string text)
    {
        Assert.That(TokenEventParser.TryParse(text, 0, text.Length), Is.Null);
        var (tokens, parser) = DumpBothWays(text);
        Assert.That(tokens, Is.EqualTo(parser));
    }

    [Test]
    public void The_events_of_a_small_document_say_what_and_where_each_node_is()
    {
        const string text = "kind: v1\nmeta: {n: x}\nl:\n- &a y\n- *a\n";
        var events = TokenEventParser.TryParse(text, 0, text.Length)!;

        // As YamlDotNet's scanner gives them: a block collection starts at its first key or '-', brackets have no width.
        Assert.That(events.Select(e => $"{e.Kind} {e.Start.Index}-{e.End.Index} {e.Value} {e.Anchor} {e.IsFlow}"), Is.EqualTo(new[]
        {
            "StreamStart 0-0   False", "DocumentStart 0-0   False", "MappingStart 0-0   False",
            "Scalar 0-4 kind  False", "Scalar 6-8 v1  False",
            "Scalar 9-13 meta  False", "MappingStart 15-15   True", "Scalar 16-17 n  False", "Scalar 19-20 x  False", "MappingEnd 20-20   False",
            "Scalar 22-23 l  False", "SequenceStart 25-26   False", "Scalar 27-31 y a False", "Alias 34-36 a  False", "SequenceEnd 37-37   False",
            "MappingEnd 37-37   False", "DocumentEnd 37-37   False", "StreamEnd 37-37   False",
        }));
    }

    [Test]
    public void A_key_is_still_pooled_as_a_key_when_the_events_do_not_say_which_scalars_are_keys()
    {
        var text = "apiVersion: v1\nkind: Pod\n---\napiVersion: v1\nkind: Pod\n";
        var documents = YamlParser.Parse(text).Documents;

        Assert.That(documents[1].RootMapping!.Pairs[0].KeyText, Is.SameAs(documents[0].RootMapping!.Pairs[0].KeyText));
    }

    [Test]
    public void Thousands_of_random_edits_of_tricky_yaml_parse_from_the_tokens_exactly_as_through_the_parser()
    {
        // Random insertions and deletions make every kind of broken and odd YAML; each must parse both ways alike.
        var random = new Random(20261205);
        string[] insertions = ["x", "\n", "---\n", "...\n", ": ", "  ", "\t", "# c\n", "- ", "\"", "'", "{", "}", "[", "]", ", ", "&a ", "*a", "!!str ", "? ", "|\n", ">-\n", "<<: *a\n", "%YAML 1.2\n", "{{ x }}"];
        var mismatches = new List<string>();
        var handled = 0;
        for (var round = 0; round < 3000; round++)
        {
            // One to three inputs as the documents of one file, so that files of several chunks are edited too.
            var text = string.Join("\n---\n", Enumerable.Range(0, random.Next(1, 4)).Select(_ => Handled[random.Next(Handled.Length)]));
            for (var edit = random.Next(1, 4); edit > 0; edit--)
            {
                var at = random.Next(text.Length + 1);
                text = random.Next(3) == 0 && text.Length > at
                    ? text.Remove(at, Math.Min(random.Next(1, 4), text.Length - at))
                    : text.Insert(at, insertions[random.Next(insertions.Length)]);
            }

            handled += TokenEventParser.TryParse(text, 0, text.Length) is null ? 0 : 1;
            var (tokens, parser) = DumpBothWays(text);
            if (tokens != parser)
            {
                mismatches.Add(text);
            }
        }

        TestContext.Out.WriteLine($"{handled} of 3000 edited texts read whole from the tokens");
        Assert.That(mismatches, Is.Empty);
        Assert.That(handled, Is.GreaterThan(500), "the edits must exercise the token events, not only the fallback");
    }

    [Test]
    public void Every_corpus_file_parses_from_the_tokens_exactly_as_through_the_parser()
    {
        var corpus = SharedData.RequireCorpus();
        var files = Directory.EnumerateFiles(corpus, "*.*", SearchOption.AllDirectories).Where(WorkspaceLoader.IsYamlFile).Order(StringComparer.Ordinal).ToList();
        var differences = new List<string>();
        int chunks = 0, handled = 0;
        foreach (var path in files)
        {
            var text = File.ReadAllText(path);
            var (tokens, parser) = DumpBothWays(text);
            if (tokens != parser)
            {
                differences.Add($"{path}: trees differ");
                continue;
            }

            var bodyStart = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
            foreach (var (start, end) in DocumentSplitter.Split(text, bodyStart))
            {
                chunks++;
                if (TokenEventParser.TryParse(text, start, end) is not { } tokenEvents)
                {
                    continue;
                }

                handled++;
                if (Events(tokenEvents) != Events(YamlDotNetParserEvents(text, start, end)))
                {
                    differences.Add($"{path} at {start}: events differ");
                }
            }
        }

        TestContext.Out.WriteLine($"{files.Count} files, {chunks} chunks, {handled} read from the tokens");
        Assert.That(differences, Is.Empty);
        Assert.That(handled, Is.GreaterThan(chunks * 95 / 100), "nearly every chunk of real repositories is read from the tokens");
    }

    private static (string Tokens, string Parser) DumpBothWays(string text)
    {
        var source = new SourceText(text);
        return (Dump(YamlParser.Parse(source, null, YamlParser.ChunkReader.TokenEvents)), Dump(YamlParser.Parse(source, null, YamlParser.ChunkReader.YamlDotNetParser)));
    }

    /// <summary>The whole parse as text, with what <see cref="YamlDump"/> leaves out: tags and flow style.</summary>
    private static string Dump(YamlFile file)
    {
        var builder = new StringBuilder(YamlDump.Of(file)).Append('\n');
        foreach (var root in file.Documents.Select(d => d.Root).OfType<YamlNode>())
        {
            AppendTags(root, builder);
        }

        return builder.ToString();
    }

    private static void AppendTags(YamlNode node, StringBuilder builder)
    {
        builder.Append(node.Span).Append(' ').Append(node.Tag).Append(' ').Append(node switch { YamlMapping m => m.IsFlow, YamlSequence q => q.IsFlow, _ => (bool?)null }).Append('\n');
        foreach (var child in node switch
                 {
                     YamlMapping mapping => mapping.Pairs.SelectMany(p => new[] { p.Key, p.Value }),
                     YamlSequence sequence => sequence.Items,
                     _ => [],
                 })
        {
            AppendTags(child, builder);
        }
    }

    private static List<YamlEvent> YamlDotNetParserEvents(string text, int start, int end)
    {
        var parser = new Parser(new Scanner(new SubstringReader(text, start, end), skipComments: true));
        var events = new List<YamlEvent>();
        while (parser.MoveNext())
        {
            events.Add(YamlEvent.From(parser.Current!));
        }

        return events;
    }

    /// <summary>Every event with everything it carries, one per line.</summary>
    private static string Events(IEnumerable<YamlEvent> events) => string.Join('\n', events);
}
