using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Tests.Kustomize;

/// <summary>
/// An object whose text is made on demand, with no fingerprint asked for, is written keeping only the text's length
/// (issue 13): its tree and source map must be those of the object written with its text, and the text made on demand
/// the text it stands for.
/// </summary>
public sealed class WrittenLengthOnlyTests
{
    private const string Path = "/repo/x.yaml";

    private const string Object = "kind: X\nmetadata:\n  name: a\nspec:\n  block: |\n    one\n    two\n  list:\n    - a\n    - - nested\n    - {}\n    - k: \"8080\"\n  empty: []\n";

    [Test]
    public void An_object_written_for_its_length_only_gets_the_tree_and_source_map_of_the_object_written_with_its_text()
    {
        var (withText, textMap) = Written(Object, textOnDemand: false);
        var (lengthOnly, lengthMap) = Written(Object, textOnDemand: true);

        Assert.That(lengthMap, Is.EqualTo(textMap));
        Assert.That(Spans(lengthOnly.Documents[0].Root!), Is.EqualTo(Spans(withText.Documents[0].Root!)));
        Assert.That(lengthOnly.Source.Length, Is.EqualTo(withText.Source.Text.Length));
        Assert.That(lengthOnly.Source.Text, Is.EqualTo(withText.Source.Text), "the text made on demand");
    }

    [Test]
    public void An_object_with_a_key_twice_written_for_its_length_only_is_parsed_from_its_text()
    {
        var source = YamlParser.Parse("kind: X\nmetadata:\n  name: a\n");
        var root = RenderMap.FromYaml(source.Documents[0].RootMapping!, Path);
        root.Entries.Add(new RenderEntry("kind", RenderScalar.String("Z", null), null));

        var file = RenderWriter.WriteFile(new RenderedObject(root, new SourceRef(Path, source.Documents[0].Span)), [], textOnDemand: true);

        Assert.That(file.Source.Text, Is.EqualTo("kind: X\nmetadata:\n  name: a\nkind: Z\n"));
        Assert.That(file.Diagnostics.Select(d => d.Code), Has.Some.Contains("duplicate"), "the parser read the text");
    }

    private static (YamlFile File, List<(TextSpan, SourceRef)> SourceMap) Written(string yaml, bool textOnDemand)
    {
        var document = YamlParser.Parse(yaml).Documents[0];
        var rendered = new RenderedObject(RenderMap.FromYaml(document.RootMapping!, Path), new SourceRef(Path, document.Span));
        var sourceMap = new List<(TextSpan, SourceRef)>();
        return (RenderWriter.WriteFile(rendered, sourceMap, textOnDemand), sourceMap);
    }

    private static List<TextSpan> Spans(YamlNode node)
    {
        var spans = new List<TextSpan> { node.Span };
        switch (node)
        {
            case YamlMapping mapping:
                foreach (var pair in mapping.Pairs)
                {
                    spans.AddRange(Spans(pair.Key));
                    spans.AddRange(Spans(pair.Value));
                }

                break;
            case YamlSequence sequence:
                foreach (var item in sequence.Items)
                {
                    spans.AddRange(Spans(item));
                }

                break;
        }

        return spans;
    }
}
