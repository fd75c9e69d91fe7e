using GitOpsAi.Core.Schemas;

namespace GitOpsAi.Core.Tests.Schemas;

/// <summary>The schema validator looks a key up once: a key that is no property takes the schema <see cref="SchemaNode.ChildSchema"/> gives it.</summary>
public sealed class SchemaNodeChildSchemaTests
{
    private static readonly SchemaNode Listed = new() { Types = SchemaTypes.String };
    private static readonly SchemaNode Values = new() { Types = SchemaTypes.Integer };

    private static SchemaNode WithListed(bool closed, SchemaNode? additional) => new()
    {
        Properties = new Dictionary<string, SchemaProperty>(StringComparer.Ordinal) { ["listed"] = new SchemaProperty("listed", Listed, null) },
        AdditionalProperties = additional,
        IsClosed = closed,
    };

    [TestCase(false, false)]
    [TestCase(true, false)]
    [TestCase(true, true)]
    [TestCase(false, true)]
    public void A_key_that_is_no_property_gets_the_schema_child_schema_gives_it_and_a_listed_key_its_property(bool closed, bool withAdditional)
    {
        var node = WithListed(closed, withAdditional ? Values : null);

        Assert.That(node.ChildSchemaOfOtherKey(), Is.SameAs(node.ChildSchema("unlisted")));
        Assert.That(node.ChildSchemaOfOtherKey(), Is.SameAs(withAdditional ? Values : closed ? null : SchemaNode.Any));
        Assert.That(node.GetProperty("listed")?.Schema, Is.SameAs(Listed));
        Assert.That(node.GetProperty("unlisted"), Is.Null);
        Assert.That(new SchemaNode().GetProperty("listed"), Is.Null);
    }
}
