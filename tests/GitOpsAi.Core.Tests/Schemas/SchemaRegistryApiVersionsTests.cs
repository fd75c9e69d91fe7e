using GitOpsAi.Core.Schemas;

namespace GitOpsAi.Core.Tests.Schemas;

/// <summary>
/// A kind's known apiVersions come from an index built once per registry (issue 13: every custom resource without a
/// schema walked every known kind). The index answers what the walk answered, in the same order, overlay first.
/// </summary>
public sealed class SchemaRegistryApiVersionsTests
{
    private static IEnumerable<string> Walked(SchemaRegistry registry, string kind) =>
        registry.KnownKinds().Where(k => k.Kind == kind).Select(k => k.ApiVersion).Distinct(StringComparer.Ordinal);

    [Test]
    public void Every_kind_has_the_apiVersions_a_walk_of_every_known_kind_finds_in_the_same_order()
    {
        var registry = SchemaRegistry.Default.WithOverlay([
            new KindSchema("example.com/v2", "Widget", SchemaNode.Any, SchemaOrigin.WorkspaceCrd),
            new KindSchema("example.com/v1", "Widget", SchemaNode.Any, SchemaOrigin.WorkspaceCrd),
            new KindSchema("apps/v2", "Deployment", SchemaNode.Any, SchemaOrigin.WorkspaceCrd),
            new KindSchema("apps/v1", "Deployment", SchemaNode.Any, SchemaOrigin.WorkspaceCrd),
        ]);
        var kinds = registry.KnownKinds().Select(k => k.Kind).Distinct().ToList();
        Assert.That(kinds, Has.Count.GreaterThan(100), "the bundled schemas are there");

        foreach (var kind in kinds.Append("NoSuchKind").Append("deployment"))
        {
            Assert.That(registry.ApiVersionsOf(kind), Is.EqualTo(Walked(registry, kind)), kind);
        }

        Assert.That(registry.ApiVersionsOf("Widget"), Is.EqualTo(new[] { "example.com/v2", "example.com/v1" }));
        Assert.That(registry.ApiVersionsOf("Deployment").Take(2), Is.EqualTo(new[] { "apps/v2", "apps/v1" }), "the overlay first, each once");
        Assert.That(SchemaRegistry.Default.ApiVersionsOf("Widget"), Is.Empty, "the default registry has its own index");
    }
}
