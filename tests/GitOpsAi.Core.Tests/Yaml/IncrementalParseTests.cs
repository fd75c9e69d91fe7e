using System.Text;

namespace GitOpsAi.Core.Tests.Yaml;

/// <summary>Re-parsing with the previous parse must give exactly what a parse from scratch gives.</summary>
public sealed class IncrementalParseTests
{
    private static readonly string Sample = string.Concat(Enumerable.Range(0, 30).Select(i => $"""
        # document {i}
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: cm-{i}
          labels: &labels{i} {"{"}app: demo, tier: "{i}"{"}"}
        data:
          key: value # trailing
          more: |
            line one
            line two
        ---

        """));

    [Test]
    public void Random_edits_reparsed_incrementally_match_a_full_parse()
    {
        var random = new Random(20261127);
        var text = Sample;
        var previous = YamlParser.Parse(text);
        string[] insertions = ["x", "\n", "---\n", ": ", "  ", "# c\n", "-", "\"", "{", "k: v\n"];
        for (var round = 0; round < 300; round++)
        {
            var at = random.Next(text.Length);
            text = random.Next(3) == 0 && text.Length > 10
                ? text.Remove(at, Math.Min(random.Next(1, 6), text.Length - at))
                : text.Insert(at, insertions[random.Next(insertions.Length)]);

            var incremental = YamlParser.Parse(new SourceText(text), previous);
            var full = YamlParser.Parse(text);
            Assert.That(YamlDump.Of(incremental), Is.EqualTo(YamlDump.Of(full)), $"round {round}");
            previous = incremental;
        }
    }

    [Test]
    public void Unchanged_documents_before_an_edit_are_reused_not_reparsed()
    {
        var previous = YamlParser.Parse(Sample);
        var edited = Sample.Replace("name: cm-20", "name: cm-twenty", StringComparison.Ordinal);

        var incremental = YamlParser.Parse(new SourceText(edited), previous);

        Assert.That(incremental.Documents[0].Root, Is.SameAs(previous.Documents[0].Root));
        Assert.That(incremental.Documents[29].Root, Is.Not.SameAs(previous.Documents[29].Root), "moved documents are copies at their new offsets");
    }

    [Test]
    public void A_moved_document_keeps_a_node_shared_through_an_alias_shared_in_its_copy()
    {
        const string aliased = "kind: ConfigMap\nmetadata:\n  labels: &common {app: demo}\n  annotations: *common\n";
        var text = "kind: ConfigMap\nmetadata:\n  name: first\n---\n" + aliased;
        var previous = YamlParser.Parse(text);

        var moved = YamlParser.Parse(new SourceText(text.Replace("name: first", "name: first-one", StringComparison.Ordinal)), previous);

        var metadata = (YamlMapping)((YamlMapping)moved.Documents[1].Root!)["metadata"]!;
        Assert.That(moved.Documents[1].Root, Is.Not.SameAs(previous.Documents[1].Root), "the document after the edit is a moved copy");
        Assert.That(metadata["annotations"], Is.SameAs(metadata["labels"]));
        var before = (YamlMapping)((YamlMapping)previous.Documents[1].Root!)["metadata"]!;
        Assert.That(metadata["labels"]!.Span, Is.EqualTo(before["labels"]!.Span.Shift("-one".Length)));
    }
}
