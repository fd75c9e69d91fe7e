using System.Diagnostics;
using System.Text;
using GitOpsAi.Core.Workspace;
using YamlDotNet.Core;

namespace GitOpsAi.Core.Tests.Yaml;

/// <summary>
/// Our own reader (<see cref="FastEventReader"/>) must give exactly the events the token events give (YamlDotNet's
/// Parser's where those decline) — kind, marks (index, line, column), value, style, tag, anchor, flow — for every chunk
/// it reads, and decline the rest. Checked on hand-written edge cases, every chunk of the corpus and of a generated
/// monorepo, and thousands of random edits; the share of chunks it reads is asserted.
/// </summary>
public sealed class FastEventReaderTests
{
    /// <summary>YAML our reader reads itself (the test fails if one of them is declined).</summary>
    private static readonly string[] Handled =
    [
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: demo\ndata:\n  key: value\n",
        "a: [x, y] # c\nb: {p: 1, q: [1, 2], r: {s: t}}\nc: []\nd: {}\ne: [a, ]\nf: {a: 1, }\n",
        "list:\n  - [1, 2]\n  - {a: b}\n  -\n  - - nested\n    - more\n  - key: value\n    other: 1\n",
        "a:\nb: \nc: # comment\nd:\n  -\n  - x\n  -\ne:",
        "key:",
        "key:\n",
        "- a\n-\n- c\n",
        "- key:\n  - x\n  other:\n",
        "- - a\n  - b\n- - c\n",
        "- - - deep\n",
        "a: 1\n...\n",
        "a: 1\n... # end\n\n",
        "--- \na: 1\n",
        "---\n",
        "---",
        "--- # only a comment\n",
        "---\n# just comments\n\n",
        "literal: |\n  line one\n  line two\nkeep: |+\n  kept\n\nstrip: >-\n  folded\n  text\nindented: |2\n    two extra\nfolded: >\n  a\n  b\n\n  c\n",
        "a: |\n  x\n\n\nb: |-\n  y\n\n\nc: |+\n  z\n\n\nd: >+\n  w\n\n",
        "a: >\n  one\n    more indented\n  back\n\n  para\nb: |\n    four\n  \n    after blank with spaces\n",
        "a: |1\n  leading space\nb: >2-\n   x\nc: |-2\n   y\n",
        "a: |\n  no newline at end",
        "a: |\n",
        "a: |\nb: 1\n",
        "a: > # folded with a comment\n  text\n",
        "- |\n  in a sequence\n- >-\n  folded\n  item\n",
        "k:\n- |\n  indentless\n- x\n",
        "plain: a b c\nsingle: 'it''s'\ndouble: \"tab\\there \\u00e9 \\x41 \\\\ \\\" \\/ \\0\"\nmulti: this is\n  a plain\n  multi-line scalar\nquoted: \"a\n  b\"\n",
        "a: 'multi\n  line'\nb: 'x\n\n  y'\nc: \"p \\\n  q\"\nd: \"r\n\n\n  s\"\n",
        "a: plain\n\n  with blank line\nb: x\n  \n  y\n",
        "# leading\na: 1 # trailing\n# between\nb:\n  # inside\n  c: 2\n  # after\n# end\n",
        "a: 1\r\nb:\r\n  - x\r\n  - y\r\nc: |\r\n  crlf\r\n  two\r\nd: 'q\r\n  r'\r\n",
        "a: b#c\nd: e # f\ng: 'h'#i\nurl: http://x/y?z=1#frag\n",
        "\"quoted key\": 1\n'single': 2\n\"with: colon\": 3\n",
        "a: {x: 1,\n  y: 2}\nb: [1,\n  2]\nc: [\n  a,\n  b\n]\n",
        "empty_flow_values: {a: , b: }\n",
        "json: {\"a\": 1, \"b\": [true, null], \"c\": {\"d\": \"e\"}}\nj2: {\"k\":\"v\"}\n",
        "seq_of_maps:\n- name: a\n  value: 1\n- name: b\n",
        "1: int key\n2.5: float key\ntrue: bool key\n~: null key\n",
        "key: value\n\n\n",
        "",
        "# only a comment\n",
        "# only a comment",
        "k: {a: [b, {c: d}]}\n",
        "a: {b: 1 c}\n",
        "metadata:\n  name: a\n  name: b\n",
        "unicode: héllo wörld ✓ 日本語\nemoji: \"😀\"\n\"ключ\": значение\n",
        "trailing: spaces   \nnext: x  \n",
        "a:    \n  b: 1\n",
        "  indented: root\n  other: 2\n",
        "-1: minus\n-x: y\n?x: q\nv: -1\nw: ---x\n",
        "cron: \"*/5 * * * *\"\nexpr: a*b\nbang: a!b\namp: a&b\nat: a@b\n",
        "a: 'x: y'\n",
        "long: " + new string('x', 5000) + "\n",
        "args: [\"--flag=1\", \"--other\", '--single']\n",
        "[a, b]\n",
        "{a: 1}\n",
        "- [a, b]\n- {c: d}\n",
        "a:\n  - b\n  -\n    c: 1\n",
        "a:\n    deep: 1\nb: 2\n",
        "a:\n  b:\n    c:\n      d: 1\ne: 2",
        "a:\n  b:\n    c: 1\n#x",
        "a:\n      b: 1\n# c",
        "x: \"\"\ny: ''\nz: \" \"\n",
        "image: registry.example.com:5000/app:v1.2.3\nport: \"8080\"\n",
        "base: &b {x: 1, y: 2}\nother:\n  <<: *b\n  y: 3\nsame: *b\nlist: &l\n  - 1\nagain: *l\n",
        "defaults: &d\n  a: 1\nmerge:\n  <<: [*d]\n  b: 2\n",
        "a: &x 1\nb: *x\nc: [*x, *x]\nd: {k: *x}\n",
        "- &a\n- *a\n",
        "- &a\n",
        "- &a",
        "a: &empty\nb: &e2 # comment\n\nc: 1\n",
        "a:\n  b: &e\nc: *e\n",
        "a: &seq\n- x\n- y\nb: *seq\n",
        "a: &m\n  k: v\nb: &s\n  - 1\nc: &q 'quoted'\nd: &l |\n  text\ne: &f [1, 2]\n",
        "- &i\n  k: v\n- &j\n  - n\n- &p plain\n",
        "a: &x\n...\n",
        "a: &hostname ingress.example.com\nb:\n  target: *hostname\n",
        "a: *x:\n",
        "name: &app mediamtx\ncontrollers:\n  *app :\n    containers:\n      app: {image: x}\n  other: 1\n",
        "a: &k key\n*k : first\nb: 2\n",
        "a: &x\n  *x : y\n",
    ];

    /// <summary>Inputs our reader declines on purpose: the parse must still be YamlDotNet's exact one.</summary>
    private static readonly string[] Declined =
    [
        "%YAML 1.2\n---\na: 1\n",
        "a: !!str 1\n",
        "a: &x &y 1\n",
        "- &a k: v\n",
        "a: {x: &a 1, y: 2}\n",
        "[&a x]\n",
        "*a: v\n",
        "a: &x k\nb:\n  *x: v\n",
        "- &a - x\n",
        "a: *x]\n",
        "? explicit\n: value\n",
        "a:\n\tb: 1\n",
        "a: b\t# tab\n",
        "b: c: d\n",
        "a: [1, 2\n",
        "a: {x: 1\n",
        "a: \"unterminated\n",
        "a: 1\nb\n",
        "- a\nb: 1\n",
        "a: 1\n  b: 2\n",
        "a: |\n  x\n b: 1\n",
        "plain scalar document\n",
        "--- value\n",
        "a: 1\n...\nb: 2\n",
        "[a: b]\n",
        "{a, b}\n",
        "a: \"x\"#c\n",
        "a: [x]#c\n",
        "a: - b\n",
        "a: \"\\U0001F600\"\n",
        "a: \"\\q\"\n",
        "a: foo\n  bar: baz\n",
        "\uFEFFa: 1\n",
        "a: |0\n  x\n",
        new string('[', 100) + new string(']', 100),
        string.Concat(Enumerable.Range(0, 70).Select(depth => new string(' ', 2 * depth) + "k:\n")),
        new string('k', 1100) + ": too long for a simple key\n",
        "a: {{ .Values.x }}\n",
        "a: [b\n  c]\n",
        "- [a, b]\n- :{c: d}\n",
        ":y: z\n",
        "a: b *c: d\n",
    ];

    [TestCaseSource(nameof(Handled))]
    public void Yaml_that_kubernetes_files_use_is_read_with_the_exact_events_of_the_other_readers(string text)
    {
        var events = FastEventReader.TryRead(text, 0, text.Length);

        Assert.That(events, Is.Not.Null, "declined");
        Assert.That(Events(events!), Is.EqualTo(Events(ReferenceEvents(text, 0, text.Length))));
        var (fast, parser) = DumpBothWays(text);
        Assert.That(fast, Is.EqualTo(parser));
    }

    [TestCaseSource(nameof(Declined))]
    public void Rare_syntax_tabs_and_errors_are_declined_and_parse_exactly_as_before(string text)
    {
        Assert.That(FastEventReader.TryRead(text, 0, text.Length), Is.Null);
        var (fast, parser) = DumpBothWays(text);
        Assert.That(fast, Is.EqualTo(parser));
    }

    [Test]
    public void The_events_of_a_small_document_carry_yamldotnets_marks()
    {
        const string text = "kind: v1\nmeta: {n: x}\nl:\n- y\n-\n";
        var events = FastEventReader.TryRead(text, 0, text.Length)!;

        // A block collection starts at its first key or '-' (an indentless sequence spans its first '-'); brackets
        // have no width; an empty item sits after its '-'; the ends sit where the next token (here: the end) is.
        Assert.That(events.Select(e => $"{e.Kind} {e.Start.Index}-{e.End.Index} {e.Start.Line}:{e.Start.Column} {e.Value}"), Is.EqualTo(new[]
        {
            "StreamStart 0-0 1:1 ", "DocumentStart 0-0 1:1 ", "MappingStart 0-0 1:1 ",
            "Scalar 0-4 1:1 kind", "Scalar 6-8 1:7 v1",
            "Scalar 9-13 2:1 meta", "MappingStart 15-15 2:7 ", "Scalar 16-17 2:8 n", "Scalar 19-20 2:11 x", "MappingEnd 20-20 2:12 ",
            "Scalar 22-23 3:1 l", "SequenceStart 25-26 4:1 ", "Scalar 27-28 4:3 y", "Scalar 30-30 5:2 ", "SequenceEnd 31-31 6:1 ",
            "MappingEnd 31-31 6:1 ", "DocumentEnd 31-31 6:1 ", "StreamEnd 31-31 6:1 ",
        }));
    }

    [Test]
    public void Keys_and_short_values_come_from_the_string_pool()
    {
        var text = "apiVersion: v1\nkind: Pod\n---\napiVersion: v1\nkind: Pod\n";
        var documents = YamlParser.Parse(text).Documents;

        Assert.That(documents[1].RootMapping!.Pairs[0].KeyText, Is.SameAs(documents[0].RootMapping!.Pairs[0].KeyText));
        Assert.That(((YamlScalar)documents[1].RootMapping!.Pairs[1].Value).Value, Is.SameAs(((YamlScalar)documents[0].RootMapping!.Pairs[1].Value).Value));
    }

    [Test]
    public void Thousands_of_random_edits_read_by_our_reader_give_the_exact_events_and_trees()
    {
        // Random insertions and deletions make every kind of odd and broken YAML; where our reader reads one, its events
        // and the parse must be exactly the other readers'.
        var random = new Random(20261205);
        string[] insertions = ["x", "\n", "---\n", "...\n", ": ", "  ", "   ", "\t", "# c\n", " #", "- ", "-", "\"", "'", "''", "\\", "\\n", "{", "}", "[", "]", ", ", ",", ":", "|\n", ">-\n", "|2\n", "\r\n", "\r", "a: b\n", "  - x\n", "\n\n", "é", "*", "?", " *a: ", "\\u00e9", "\\x4", ">\n", "|+\n", "  # c", "'a'", "\"a\"", "[a]", "{a: b}", "...", "---"];
        var mismatches = new List<string>();
        var read = 0;
        const int Rounds = 5000;
        for (var round = 0; round < Rounds; round++)
        {
            var text = string.Join("\n---\n", Enumerable.Range(0, random.Next(1, 4)).Select(_ => Handled[random.Next(Handled.Length)]));
            for (var edit = random.Next(1, 4); edit > 0; edit--)
            {
                var at = random.Next(text.Length + 1);
                text = random.Next(3) == 0 && text.Length > at
                    ? text.Remove(at, Math.Min(random.Next(1, 4), text.Length - at))
                    : text.Insert(at, insertions[random.Next(insertions.Length)]);
            }

            var bodyStart = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
            foreach (var (start, end) in DocumentSplitter.Split(text, bodyStart))
            {
                if (FastEventReader.TryRead(text, start, end) is not { } events)
                {
                    continue;
                }

                read++;
                if (Events(events) != Events(ReferenceEvents(text, start, end)))
                {
                    mismatches.Add(text.Substring(start, end - start));
                }
            }

            var (fast, parser) = DumpBothWays(text);
            if (fast != parser)
            {
                mismatches.Add("tree: " + text);
            }
        }

        TestContext.Out.WriteLine($"{read} chunks of {Rounds} edited texts read by our reader");
        Assert.That(mismatches.Take(5), Is.Empty);
        Assert.That(read, Is.GreaterThan(Rounds / 2), "the edits must exercise our reader, not only the fallback");
    }

    [Test]
    public void Every_corpus_chunk_our_reader_reads_has_the_exact_events_and_it_reads_nearly_all()
    {
        var corpus = SharedData.RequireCorpus();
        AssertReadExactly(Directory.EnumerateFiles(corpus, "*.*", SearchOption.AllDirectories), minimumShare: 0.95);
    }

    [Test]
    public void Random_edits_of_corpus_files_read_by_our_reader_give_the_exact_events()
    {
        // Real files broken and bent in every way an editor sees while typing: where our reader reads a chunk, its events
        // must be the other readers'. (While developing, the same with random seeds for minutes at a time.)
        var corpus = SharedData.RequireCorpus();
        var files = Directory.EnumerateFiles(corpus, "*.*", SearchOption.AllDirectories).Where(WorkspaceLoader.IsYamlFile)
            .Order(StringComparer.Ordinal).Select(File.ReadAllText).Where(text => text.Length < 20_000).ToList();
        var random = new Random(20261206);
        string[] insertions =
        [
            "x", "\n", ": ", "  ", " ", "# c\n", " #", "- ", "-", "\"", "'", "\\", "{", "}", "[", "]", ", ", ":", "|\n", ">-\n", "|+2\n",
            "\r\n", "\n\n", "é", "*", "?", "...", "---", "\\u00e9", "\"a\"", "a: b", "\n  ", "\n    - ", "&a ", "*a : ", "\t",
        ];
        var mismatches = new List<string>();
        int chunks = 0, read = 0;
        for (var round = 0; round < 20_000; round++)
        {
            var text = files[random.Next(files.Count)];
            for (var edit = random.Next(1, 5); edit > 0; edit--)
            {
                var at = random.Next(text.Length + 1);
                text = random.Next(3) == 0 && text.Length > at
                    ? text.Remove(at, Math.Min(random.Next(1, 4), text.Length - at))
                    : text.Insert(at, insertions[random.Next(insertions.Length)]);
            }

            var bodyStart = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
            foreach (var (start, end) in DocumentSplitter.Split(text, bodyStart))
            {
                chunks++;
                if (FastEventReader.TryRead(text, start, end) is not { } events)
                {
                    continue;
                }

                read++;
                if (Events(events) != Events(ReferenceEvents(text, start, end)))
                {
                    mismatches.Add(text.Substring(start, end - start));
                }
            }
        }

        TestContext.Out.WriteLine($"{read} of {chunks} chunks of 20,000 edited corpus files read by our reader");
        Assert.That(mismatches.Take(3), Is.Empty);
        Assert.That(read, Is.GreaterThan(chunks / 4), "the edits must exercise our reader, not only the fallback");
    }

    [Test]
    public void Every_chunk_of_a_generated_monorepo_is_read_by_our_reader_with_the_exact_events()
    {
        var generator = Path.Combine(SharedData.RepositoryRoot, "tests", "bench", "gen-monorepo.mjs");
        var folder = Path.Combine(Path.GetTempPath(), "gitopsai-fast-reader-" + Guid.NewGuid().ToString("N"));
        try
        {
            if (!TryRun("node", [generator, "--out", folder, "--resources", "2000", "--shared", "4"]))
            {
                Assert.Ignore("node is not available to run the monorepo generator; skipping.");
            }

            AssertReadExactly(Directory.EnumerateFiles(folder, "*.*", SearchOption.AllDirectories), minimumShare: 1.0);
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static void AssertReadExactly(IEnumerable<string> paths, double minimumShare)
    {
        var files = paths.Where(WorkspaceLoader.IsYamlFile).Order(StringComparer.Ordinal).ToList();
        var differences = new List<string>();
        int chunks = 0, read = 0;
        foreach (var path in files)
        {
            var text = File.ReadAllText(path);
            var bodyStart = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
            foreach (var (start, end) in DocumentSplitter.Split(text, bodyStart))
            {
                chunks++;
                if (FastEventReader.TryRead(text, start, end) is not { } events)
                {
                    continue;
                }

                read++;
                if (Events(events) != Events(ReferenceEvents(text, start, end)))
                {
                    differences.Add($"{path} at {start}");
                }
            }
        }

        TestContext.Out.WriteLine($"{files.Count} files, {chunks} chunks, {read} ({100.0 * read / Math.Max(1, chunks):F1}%) read by our reader");
        Assert.That(differences, Is.Empty);
        Assert.That(chunks, Is.GreaterThan(0));
        Assert.That(read, Is.GreaterThanOrEqualTo((int)Math.Ceiling(chunks * minimumShare)), "the share of chunks our reader reads");
    }

    private static bool TryRun(string program, string[] arguments)
    {
        try
        {
            var start = new ProcessStartInfo(program, arguments) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start)!;
            process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static (string Fast, string Parser) DumpBothWays(string text)
    {
        var source = new SourceText(text);
        return (Dump(YamlParser.Parse(source, null, YamlParser.ChunkReader.Fast)), Dump(YamlParser.Parse(source, null, YamlParser.ChunkReader.YamlDotNetParser)));
    }

    /// <summary>The whole parse as text, with what <see cref="YamlDump"/> leaves out: tags, flow style and scalar styles.</summary>
    private static string Dump(YamlFile file)
    {
        var builder = new StringBuilder(YamlDump.Of(file)).Append('\n');
        foreach (var root in file.Documents.Select(d => d.Root).OfType<YamlNode>())
        {
            Append(root, builder);
        }

        return builder.ToString();
    }

    private static void Append(YamlNode node, StringBuilder builder)
    {
        builder.Append(node.Span).Append(' ').Append(node.Tag).Append(' ')
            .Append(node switch { YamlMapping m => m.IsFlow, YamlSequence q => q.IsFlow, _ => (bool?)null }).Append(' ')
            .Append(node is YamlScalar s ? $"{s.Style} {s.Value}" : "").Append('\n');
        foreach (var child in node switch
                 {
                     YamlMapping mapping => mapping.Pairs.SelectMany(p => new[] { p.Key, p.Value }),
                     YamlSequence sequence => sequence.Items,
                     _ => [],
                 })
        {
            Append(child, builder);
        }
    }

    /// <summary>The token events where they read the chunk, else YamlDotNet's Parser's (converted the same way).</summary>
    private static List<YamlEvent> ReferenceEvents(string text, int start, int end)
    {
        if (TokenEventParser.TryParse(text, start, end) is { } tokenEvents)
        {
            var copy = tokenEvents.ToList();
            TokenEventParser.Release(tokenEvents);
            return copy;
        }

        var parser = new Parser(new Scanner(new SubstringReader(text, start, end), skipComments: true));
        var events = new List<YamlEvent>();
        try
        {
            while (parser.MoveNext())
            {
                events.Add(YamlEvent.From(parser.Current!));
            }
        }
        catch (YamlException exception)
        {
            events.Add(new YamlEvent(YamlEventKind.Other, exception.Start, exception.End, "error: " + exception.Message));
        }

        return events;
    }

    /// <summary>Every event with everything it carries, one per line.</summary>
    private static string Events(IEnumerable<YamlEvent> events) => string.Join('\n', events);
}
