using GitOpsAi.Core.Schemas;

namespace GitOpsAi.Core.Tests.Schemas;

/// <summary>
/// A thread remembers the last kinds it asked a registry for (every checked object asks): each registry still answers
/// with its own schemas, whichever registry the thread asked before, and a kind asked with a copy of its name is found.
/// </summary>
public sealed class SchemaRegistryRecentKindsTests
{
    [Test]
    public void Registries_asked_in_turn_on_one_thread_each_answer_with_their_own_schema()
    {
        var crd = new KindSchema("apps/v1", "Deployment", SchemaNode.Any, SchemaOrigin.WorkspaceCrd);
        var overlaid = SchemaRegistry.Default.WithOverlay([crd]);
        var bundled = SchemaRegistry.Default.Find("apps/v1", "Deployment");

        for (var i = 0; i < 3; i++)
        {
            Assert.That(SchemaRegistry.Default.Find("apps/v1", "Deployment"), Is.SameAs(bundled));
            Assert.That(overlaid.Find("apps/v1", "Deployment"), Is.SameAs(crd));
            Assert.That(overlaid.Find(new string("apps/v1".AsSpan()), new string("Deployment".AsSpan())), Is.SameAs(crd), "a copy of the names");
            Assert.That(overlaid.Find("apps/v1", "StatefulSet"), Is.Not.Null.And.Not.SameAs(crd));
            Assert.That(overlaid.Find("apps/v2", "Deployment"), Is.Null);
            Assert.That(overlaid.Find("apps/v1", "Deploymen"), Is.Null);
        }

        Assert.That(bundled, Is.Not.Null.And.Not.SameAs(crd));
    }
}
