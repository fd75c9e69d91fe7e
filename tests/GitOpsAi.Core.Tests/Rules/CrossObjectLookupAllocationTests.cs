using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Rules;
using GitOpsAi.Core.Rules.Templates;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Rules;

/// <summary>
/// The lookups the cross-object rules make for every pod of every rendered root answer without allocating once what
/// they read is built (issue 13: their closures, delegates and enumerators were 20 MB of the 50k check).
/// </summary>
public sealed class CrossObjectLookupAllocationTests
{
    private static WorkspaceSnapshot Repository() => WorkspaceLoader.Load(InMemoryFileSystem.Root, new InMemoryFileSystem()
        .Add("app/kustomization.yaml", "resources:\n  - app.yaml\n")
        .Add("app/app.yaml", "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\nautomountServiceAccountToken: false\n---\napiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: token\n"));

    private static long BytesOf(Action ask)
    {
        ask(); // built and compiled
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            ask();
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Test]
    public void Asking_whether_a_repository_defines_a_kind_allocates_nothing()
    {
        var workspace = Repository();
        Assert.That(ObjectLookup.DefinesAny(workspace, "Secret"), Is.True, "a SealedSecret produces one");
        Assert.That(ObjectLookup.DefinesAny(workspace, "ConfigMap"), Is.False);

        Assert.That(BytesOf(() => _ = ObjectLookup.DefinesAny(workspace, "Secret") | ObjectLookup.DefinesAny(workspace, "ConfigMap")), Is.Zero);
    }

    [Test]
    public void Asking_for_a_snapshots_inclusion_graph_once_built_allocates_nothing()
    {
        var workspace = Repository();
        var graph = InclusionGraph.For(workspace);

        Assert.That(InclusionGraph.For(workspace), Is.SameAs(graph));
        Assert.That(BytesOf(() => _ = InclusionGraph.For(workspace)), Is.Zero);
    }

    [Test]
    public void Asking_for_the_rules_of_a_kind_already_asked_allocates_nothing()
    {
        var rules = Repository().EffectiveRules;
        Assert.That(BytesOf(() => _ = ApplicableRules.Of(rules, "Deployment")), Is.Zero);
    }

    [Test]
    public void Looking_up_an_object_by_name_as_the_index_holds_it_allocates_nothing()
    {
        var workspace = Repository();
        Assert.That(workspace.IndexedObjectsNamed("ServiceAccount", "app").Select(o => o.Manifest.Name), Is.EqualTo(new[] { "app" }));

        Assert.That(BytesOf(() =>
        {
            foreach (var (_, manifest) in workspace.IndexedObjectsNamed("ServiceAccount", "app"))
            {
                _ = manifest.Root["automountServiceAccountToken"];
            }
        }), Is.Zero);
    }
}
