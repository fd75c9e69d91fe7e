using GitOpsAi.Core.Text;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Tests.Yaml;

/// <summary>Collections the render writer builds over arrays it fills once (issue 13: no list copied into the node).</summary>
public sealed class OwnedArrayCollectionsTests
{
    [Test]
    public void A_mapping_over_an_owned_array_reads_its_pairs_in_order_and_finds_them_by_key()
    {
        var a = new YamlScalar(new TextSpan(0, 1), "a", YamlScalarStyle.Plain, null, null);
        var one = new YamlScalar(new TextSpan(3, 1), "1", YamlScalarStyle.Plain, null, null);
        var b = new YamlScalar(new TextSpan(5, 1), "b", YamlScalarStyle.Plain, null, null);
        var two = new YamlScalar(new TextSpan(8, 1), "2", YamlScalarStyle.Plain, null, null);

        var mapping = YamlMapping.Owning(new TextSpan(0, 9), [new YamlPair(a, one), new YamlPair(b, two)]);

        Assert.That(mapping.Pairs.Select(p => p.KeyText), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(mapping["b"], Is.SameAs(two));
        Assert.That(mapping.IsFlow, Is.False);
    }

    [Test]
    public void A_sequence_over_an_owned_array_reads_its_items_in_order()
    {
        var first = new YamlScalar(new TextSpan(2, 1), "x", YamlScalarStyle.Plain, null, null);
        var second = new YamlScalar(new TextSpan(6, 1), "y", YamlScalarStyle.Plain, null, null);

        var sequence = YamlSequence.Owning(new TextSpan(0, 7), [first, second]);

        Assert.That(sequence.Items, Is.EqualTo(new YamlNode[] { first, second }));
        Assert.That(sequence.IsFlow, Is.False);
    }
}
