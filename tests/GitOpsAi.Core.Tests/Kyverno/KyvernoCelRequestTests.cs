using GitOpsAi.Core.Kyverno;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Kyverno;

/// <summary>What a Kyverno CEL rule reads besides the object is made once per object and shared by its rules.</summary>
public sealed class KyvernoCelRequestTests
{
    private static ResourceInfo Resource(string metadata)
    {
        var fileSystem = new InMemoryFileSystem()
            .Add("apps/pod.yaml", $"apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n{metadata}spec:\n  containers: []\n")
            .Add("apps/ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    team: payments\n");
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem);
        var set = KyvernoPolicySet.For(workspace);
        return ResourceInfo.From(workspace.GetFile(InMemoryFileSystem.PathOf("apps/pod.yaml"))!.Objects[0], set.NamespaceLabels);
    }

    [Test]
    public void The_identity_and_namespace_are_made_once_and_carry_the_labels_the_namespace_is_known_by()
    {
        var resource = Resource("  namespace: shop\n");

        var (identity, ns) = resource.CelRequest;

        Assert.That(identity, Is.EqualTo(new GitOpsAi.Core.AdmissionPolicies.ObjectIdentity("", "v1", "pods", "Pod", "web", "shop")));
        var metadata = (Dictionary<string, object?>)ns!["metadata"]!;
        Assert.That(ns["kind"], Is.EqualTo("Namespace"));
        Assert.That(metadata["name"], Is.EqualTo("shop"));
        Assert.That(metadata["labels"], Is.EquivalentTo(resource.NamespaceLabels.ToDictionary(l => l.Key, l => (object?)l.Value)));
        Assert.That(resource.CelRequest.Namespace, Is.SameAs(ns));
    }

    [Test]
    public void An_object_without_a_namespace_has_none_to_read()
    {
        Assert.That(Resource(string.Empty).CelRequest.Namespace, Is.Null);
    }
}
