namespace GitOpsAi.Core.Tests.Yaml;

/// <summary>The tree keeps one instance of each repeated key and short value, and never changes what a scalar says.</summary>
public sealed class StringSharingTests
{
    private const string TwoObjects = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: first
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: second
        """;

    [Test]
    public void A_key_repeated_across_documents_is_one_string_instance()
    {
        var documents = YamlParser.Parse(TwoObjects).Documents;
        var first = documents[0].RootMapping!.Pairs.Select(p => p.KeyText).ToList();
        var second = documents[1].RootMapping!.Pairs.Select(p => p.KeyText).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(second, Is.EqualTo(first));
            Assert.That(first.Zip(second).All(p => ReferenceEquals(p.First, p.Second)), Is.True);
            Assert.That(documents[1].RootMapping!.GetString("apiVersion"), Is.SameAs(documents[0].RootMapping!.GetString("apiVersion")));
        });
    }

    [Test]
    public void More_distinct_keys_than_the_pool_holds_still_read_back_exactly()
    {
        var text = string.Concat(Enumerable.Range(0, 40_000).Select(i => $"key-{i}: value-{i}\n"));
        var mapping = YamlParser.Parse(text).Documents.Single().RootMapping!;

        Assert.Multiple(() =>
        {
            Assert.That(mapping.Pairs, Has.Count.EqualTo(40_000));
            Assert.That(mapping.Pairs.Select((p, i) => p.KeyText == $"key-{i}" && ((YamlScalar)p.Value).Value == $"value-{i}").All(ok => ok), Is.True);
        });
    }

    [Test]
    public void A_long_value_is_kept_as_written()
    {
        var value = new string('x', 500);
        var scalar = (YamlScalar)YamlParser.Parse($"a: {value}\n").Documents.Single().RootMapping!["a"]!;

        Assert.That(scalar.Value, Is.EqualTo(value));
    }
}
