using System.Diagnostics;
using System.Text;

namespace GitOpsAi.Core.Tests.Analysis;

/// <summary>Hostile and broken input: a clear finding at the right place, bounded time and memory, never a crash.</summary>
public sealed class BadInputTests
{
    [Test]
    public void A_yaml_bomb_is_refused_in_bounded_time_and_memory()
    {
        var bomb = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (var level = 'b'; level <= 'j'; level++)
        {
            bomb.Append($"  {level}: &{level} [{string.Join(",", Enumerable.Repeat("*" + (char)(level - 1), 9))}]\n");
        }

        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var stopwatch = Stopwatch.StartNew();
        var diagnostics = TestAnalysis.Analyze(bomb.ToString());
        stopwatch.Stop();

        Assert.That(diagnostics.Select(d => d.Code), Is.EqualTo(new[] { "yaml-alias-limit" }));
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - allocatedBefore, Is.LessThan(50_000_000));
        Assert.That(stopwatch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
    }

    [Test]
    public void A_twenty_megabyte_file_is_analysed_completely()
    {
        var document = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-{0}\ndata:\n  payload: \"" + new string('x', 900) + "\"\n---\n";
        var text = new StringBuilder();
        var count = 0;
        while (text.Length < 20 * 1024 * 1024)
        {
            text.AppendFormat(document, count++);
        }

        text.Append("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: last\n  lables: {}\n");

        var diagnostics = TestAnalysis.Analyze(text.ToString());

        Assert.That(diagnostics.Single().Code, Is.EqualTo("schema-unknown-field"));
    }

    [Test]
    public void Invalid_utf8_is_reported_where_the_bad_byte_is_and_the_rest_is_analysed()
    {
        var prefix = Encoding.UTF8.GetBytes("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  greeting: caf");
        var bytes = prefix.Concat(new byte[] { 0xE9 }).Concat(Encoding.UTF8.GetBytes("\n  other: [1, 2]\n")).ToArray();
        var fileSystem = new InMemoryFileSystem().Add("latin1.yaml", bytes);

        var diagnostics = TestAnalysis.AnalyzeFile(fileSystem, "latin1.yaml");

        var encoding = diagnostics.Single(d => d.Code == "file-invalid-utf8");
        Assert.That(encoding.Span.Start, Is.EqualTo(prefix.Length));
        Assert.That(diagnostics.Select(d => d.Code), Does.Contain("schema-type-mismatch"), "the document is still validated");
    }

    [Test]
    public void Binary_garbage_is_skipped_with_one_note()
    {
        var random = new Random(42);
        var bytes = new byte[64 * 1024];
        random.NextBytes(bytes);
        bytes[10] = 0;
        var fileSystem = new InMemoryFileSystem().Add("image.yaml", bytes);

        var diagnostics = TestAnalysis.AnalyzeFile(fileSystem, "image.yaml");

        Assert.That(diagnostics.Select(d => d.Code), Is.EqualTo(new[] { "file-binary" }));
    }

    [Test]
    public void Random_bytes_without_nul_never_crash_the_analysis()
    {
        var random = new Random(7);
        for (var round = 0; round < 200; round++)
        {
            var bytes = new byte[random.Next(1, 2000)];
            random.NextBytes(bytes);
            for (var i = 0; i < bytes.Length; i++)
            {
                bytes[i] = bytes[i] == 0 ? (byte)'\n' : bytes[i];
            }

            var fileSystem = new InMemoryFileSystem().Add("noise.yaml", bytes);
            Assert.DoesNotThrow(() => TestAnalysis.AnalyzeFile(fileSystem, "noise.yaml"), $"round {round}");
        }
    }

    [Test]
    public void Mutated_manifests_never_crash_the_parser()
    {
        // Found by fuzzing: YamlDotNet can throw InvalidOperationException (not a YamlException) on broken flow mappings.
        var known = "a: {b: c\n  d: e, f\n---\nx: 1\n";
        Assert.DoesNotThrow(() => YamlParser.Parse(known));

        var random = new Random(99);
        var seed = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels: {app: demo, tier: \"web\"}\ndata:\n  k: v # c\n  b: |\n    text\n  list: [1, 2, {a: b}]\n---\n";
        string[] pieces = ["{", "}", "[", "]", ":", "\"", "'", "\n", "  ", "- ", "#", "&a", "*a", "!!str", "?", "|", ">", ",", "%", "@", "`"];
        for (var round = 0; round < 3000; round++)
        {
            var text = seed;
            for (var edit = 0; edit < 4; edit++)
            {
                text = text.Insert(random.Next(text.Length), pieces[random.Next(pieces.Length)]);
            }

            Assert.DoesNotThrow(() => TestAnalysis.Analyze(text), text);
        }
    }

    [Test]
    public void Ten_thousand_levels_of_nesting_give_one_error_and_no_stack_overflow()
    {
        var text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: " + new string('[', 10_000) + new string(']', 10_000) + "\n";

        var diagnostics = TestAnalysis.Analyze(text);

        Assert.That(diagnostics.Select(d => d.Code), Is.EqualTo(new[] { "yaml-too-deep" }));
    }

    [Test]
    public void An_empty_file_has_no_findings()
    {
        Assert.That(TestAnalysis.Analyze(string.Empty), Is.Empty);
        Assert.That(TestAnalysis.Analyze("\n\n# nothing here\n"), Is.Empty);
    }

    [Test]
    public void An_unreadable_file_is_one_clear_error()
    {
        var fileSystem = new InMemoryFileSystem().AddUnreadable("secret.yaml");

        var diagnostic = TestAnalysis.AnalyzeFile(fileSystem, "secret.yaml").Single();

        Assert.That(diagnostic.Code, Is.EqualTo("file-unreadable"));
        Assert.That(diagnostic.Message, Does.Contain("permission denied"));
    }

    [Test]
    public void A_directory_named_like_a_yaml_file_is_walked_into_not_read()
    {
        var fileSystem = new InMemoryFileSystem().Add("tricky.yaml/inner.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");

        var workspace = GitOpsAi.Core.Workspace.WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem);

        Assert.That(workspace.Files.Keys, Is.EqualTo(new[] { InMemoryFileSystem.PathOf("tricky.yaml/inner.yaml") }));
    }
}
