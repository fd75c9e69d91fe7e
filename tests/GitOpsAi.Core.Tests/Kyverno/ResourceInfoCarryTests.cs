using System.Runtime.CompilerServices;
using GitOpsAi.Core.Kyverno;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Tests.Support;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Kyverno;

/// <summary>
/// An unchanged object's converted values pass from the snapshot before an edit to the next one when the next one needs
/// them, and are never kept alive for it: typing in a policy whose verdicts are kept must not hold every object's
/// values from keystroke to keystroke (issue 13, server memory while typing).
/// </summary>
public sealed class ResourceInfoCarryTests
{
    private static readonly Manifest Deployment = WorkspaceFile.FromText(InMemoryFileSystem.PathOf("apps/web.yaml"), InMemoryFileSystem.Root, """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: shop
        spec:
          replicas: 2

        """).Manifests[0];

    private static IReadOnlyDictionary<string, string> NoLabels(string _) => new Dictionary<string, string>();

    [Test]
    public void A_later_snapshot_takes_the_earlier_conversions_of_an_unchanged_object_instead_of_converting_it_again()
    {
        var earlier = ResourceInfo.From(Deployment, NoLabels);
        var (value, celView) = (earlier.Object, earlier.CelObject);
        var converted = ResourceInfo.ObjectsConvertedOnThisThread;

        var later = ResourceInfo.From(Deployment, NoLabels, earlier: earlier);

        Assert.That(later.Object, Is.SameAs(value));
        Assert.That(later.CelObject, Is.SameAs(celView));
        Assert.That(ResourceInfo.ObjectsConvertedOnThisThread - converted, Is.Zero);
    }

    [Test]
    public void A_later_snapshot_that_does_not_read_an_object_keeps_none_of_its_earlier_conversions_alive()
    {
        var (later, value, celView) = LaterOfAConvertedObject();

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.That(value.IsAlive || celView.IsAlive, Is.False);
        GC.KeepAlive(later);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (ResourceInfo Later, WeakReference Value, WeakReference CelView) LaterOfAConvertedObject()
    {
        var earlier = ResourceInfo.From(Deployment, NoLabels);
        var value = new WeakReference(earlier.Object);
        var celView = new WeakReference(earlier.CelObject);
        return (ResourceInfo.From(Deployment, NoLabels, earlier: earlier), value, celView);
    }
}
