using GitOpsAi.Core.AdmissionPolicies;
using GitOpsAi.Core.Drift;
using GitOpsAi.Core.Kyverno;
using GitOpsAi.Core.Tests.Kyverno;
using GitOpsAi.Core.Tests.Support;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Workspace;

/// <summary>
/// Per-snapshot indexes follow the snapshot's lineage (issue 13): updated for the changed file, or carried over when
/// the changed file cannot affect them, and always equal to what a build from scratch gives.
/// </summary>
public sealed class CarriedIndexTests
{
    private const string Root = "/repo";

    private static WorkspaceFile File(string name, string text) => WorkspaceFile.FromText($"{Root}/{name}.yaml", Root, text);

    private static WorkspaceSnapshot Load(params WorkspaceFile[] files) => WorkspaceLoader.Create(Root, files, new InMemoryFileSystem(), new WorkspaceOptions());

    private static string Objects(params (string Kind, string Name)[] objects) =>
        string.Join("---\n", objects.Select(o => $"apiVersion: v1\nkind: {o.Kind}\nmetadata:\n  name: {o.Name}\n"));

    private static void AssertSameIndex(ObjectIndex actual, ObjectIndex expected)
    {
        Assert.That(actual.ByKind.Keys, Is.EquivalentTo(expected.ByKind.Keys));
        foreach (var (kind, entries) in expected.ByKind)
        {
            Assert.That(actual.ByKind[kind].Select(e => (e.File.Path, e.Manifest)), Is.EqualTo(entries.Select(e => (e.File.Path, e.Manifest))), kind);
        }

        Assert.That(actual.ByName.Keys, Is.EquivalentTo(expected.ByName.Keys));
        foreach (var (key, entries) in expected.ByName)
        {
            Assert.That(actual.ByName[key].Select(e => (e.File.Path, e.Manifest)), Is.EqualTo(entries.Select(e => (e.File.Path, e.Manifest))), key.ToString());
        }
    }

    [Test]
    public void An_object_index_carried_through_a_chain_of_edits_equals_one_built_from_scratch()
    {
        var snapshot = Load(
            File("b", Objects(("Service", "web"), ("ConfigMap", "settings"))),
            File("a", Objects(("Service", "api"), ("Deployment", "api"))),
            File("c", Objects(("Service", "web"), ("Secret", "token"))));
        _ = snapshot.Objects;
        var edits = new (string Name, string? Text)[]
        {
            ("b", Objects(("Service", "webx"), ("ConfigMap", "settings"))),          // a name changes
            ("d", Objects(("Service", "aaa"), ("Service", "web"))),                  // a file appears, a name is shared
            ("a", null),                                                              // a file goes
            ("c", Objects(("Deployment", "token"), ("Secret", "token"))),            // a kind changes
            ("c", "kind: [broken\n"),                                                 // nothing parses
            ("b", "metadata: {name: no-kind}\n"),                                     // an object without a kind
            ("a", Objects(("Deployment", "api"))),                                    // it comes back
        };

        foreach (var (name, text) in edits)
        {
            snapshot = snapshot.WithFile($"{Root}/{name}.yaml", text is null ? null : File(name, text));
            AssertSameIndex(snapshot.Objects, ObjectIndex.Build(snapshot.Files.Values));
        }

        Assert.That(snapshot.ObjectsNamed("Service", "web").Select(o => o.File.Path), Is.EqualTo(new[] { $"{Root}/d.yaml" }));
        Assert.That(snapshot.ObjectsOfKind("Secret"), Is.Empty);
    }

    [Test]
    public void A_batch_of_changed_files_updates_the_object_index_to_what_a_build_from_scratch_gives()
    {
        var snapshot = Load(
            File("a", Objects(("Service", "api"))),
            File("b", Objects(("ConfigMap", "settings"))),
            File("c", Objects(("Secret", "token"))));
        _ = snapshot.Objects;
        var builds = ObjectIndex.FullBuildsOnThisThread;

        // A checkout: one file changes, one goes, one appears.
        snapshot = snapshot.WithFiles([
            ($"{Root}/a.yaml", File("a", Objects(("Service", "web")))),
            ($"{Root}/b.yaml", null),
            ($"{Root}/d.yaml", File("d", Objects(("ConfigMap", "settings"), ("Service", "api")))),
        ]);

        _ = snapshot.Objects;
        Assert.That(ObjectIndex.FullBuildsOnThisThread, Is.EqualTo(builds), "updated for the three files, not rebuilt");
        AssertSameIndex(snapshot.Objects, ObjectIndex.Build(snapshot.Files.Values));
        Assert.That(snapshot.ObjectsNamed("ConfigMap", "settings").Select(o => o.File.Path), Is.EqualTo(new[] { $"{Root}/d.yaml" }));
    }

    [Test]
    public void A_batch_keeps_the_structure_index_unless_one_of_its_files_shapes_structure()
    {
        var kustomization = WorkspaceFile.FromText($"{Root}/kustomization.yaml", Root, "resources:\n  - a.yaml\n");
        var snapshot = Load(File("a", Objects(("Service", "api"))), File("b", Objects(("ConfigMap", "settings"))), kustomization);
        _ = snapshot.Structure;

        var leaves = snapshot.WithFiles([($"{Root}/a.yaml", File("a", Objects(("Service", "web")))), ($"{Root}/b.yaml", File("b", Objects(("ConfigMap", "other"))))]);
        var withKustomization = leaves.WithFiles([
            ($"{Root}/a.yaml", File("a", Objects(("Service", "api")))),
            ($"{Root}/kustomization.yaml", WorkspaceFile.FromText($"{Root}/kustomization.yaml", Root, "resources:\n  - b.yaml\n")),
        ]);

        Assert.That(leaves.SharesStructureWith(snapshot), Is.True);
        Assert.That(withKustomization.SharesStructureWith(leaves), Is.False);
    }

    [Test]
    public void A_leaf_edit_updates_the_object_index_instead_of_rebuilding_it()
    {
        var snapshot = Load(File("a", Objects(("Service", "api"))), File("b", Objects(("ConfigMap", "settings"))));
        _ = snapshot.Objects;
        var builds = ObjectIndex.FullBuildsOnThisThread;

        for (var edit = 0; edit < 5; edit++)
        {
            snapshot = snapshot.WithFile($"{Root}/a.yaml", File("a", Objects(("Service", $"api{edit}"))));
            Assert.That(snapshot.ObjectsNamed("Service", $"api{edit}").Count(), Is.EqualTo(1));
        }

        Assert.That(ObjectIndex.FullBuildsOnThisThread, Is.EqualTo(builds));
        Assert.That(snapshot.ObjectsNamed("Service", "api"), Is.Empty);
    }

    [Test]
    public void A_leaf_edit_updates_the_index_of_its_predecessor_even_after_a_full_garbage_collection_and_keeps_no_older_one()
    {
        var snapshot = Load(File("a", Objects(("Service", "api"))), File("b", Objects(("ConfigMap", "settings"))));
        _ = snapshot.Objects;

        // What later snapshots share with the first (made once, not per snapshot) exists before they are derived.
        _ = (snapshot.Structure, snapshot.Schemas, snapshot.PatchDefaults, snapshot.EffectiveRules);
        var first = new WeakReference<WorkspaceSnapshot>(snapshot);
        var builds = ObjectIndex.FullBuildsOnThisThread;

        for (var edit = 0; edit < 3; edit++)
        {
            snapshot = snapshot.WithFile($"{Root}/a.yaml", File("a", Objects(("Service", $"api{edit}"))));
            _ = snapshot.Objects;
        }

        // Only the newest snapshot is referenced: its predecessor must survive a collection, older ones must not.
        snapshot = snapshot.WithFile($"{Root}/a.yaml", File("a", Objects(("Service", "web"))));
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.That(snapshot.ObjectsNamed("Service", "web").Count(), Is.EqualTo(1));
        Assert.That(ObjectIndex.FullBuildsOnThisThread, Is.EqualTo(builds), "updated from the predecessor, not rebuilt");
        Assert.That(first.TryGetTarget(out _), Is.False, "a chain of edits does not keep the first snapshot alive");
    }

    [Test]
    public void A_snapshot_derived_from_one_that_never_built_the_index_builds_it_from_every_file()
    {
        var first = Load(File("a", Objects(("Service", "api"))));
        var builds = ObjectIndex.FullBuildsOnThisThread;

        var second = first.WithFile($"{Root}/a.yaml", File("a", Objects(("Service", "web"))));

        Assert.That(second.ObjectsNamed("Service", "web").Count(), Is.EqualTo(1));
        Assert.That(ObjectIndex.FullBuildsOnThisThread, Is.EqualTo(builds + 1));
    }

    [Test]
    public void A_leaf_edit_keeps_the_Kyverno_policy_set_and_an_edit_to_the_policy_rebuilds_it()
    {
        var policy = File("policy", KyvernoTestSupport.Policy("        pattern:\n          spec: {}\n", name: "first"));
        var first = Load(policy, File("app", Objects(("Pod", "web"))));
        var set = KyvernoPolicySet.For(first);

        var leafEdited = first.WithFile($"{Root}/app.yaml", File("app", Objects(("Pod", "webx"))));
        Assert.That(KyvernoPolicySet.For(leafEdited), Is.SameAs(set));

        var policyEdited = leafEdited.WithFile($"{Root}/policy.yaml", File("policy", KyvernoTestSupport.Policy("        pattern:\n          spec: {}\n", name: "second")));
        Assert.That(KyvernoPolicySet.For(policyEdited), Is.Not.SameAs(set));
        Assert.That(KyvernoPolicySet.For(policyEdited).AllPolicies.Select(p => p.Name), Is.EqualTo(new[] { "second" }));
    }

    [Test]
    public void A_Namespace_edit_rebuilds_the_Kyverno_policy_set_because_policies_read_its_labels()
    {
        var first = Load(File("policy", KyvernoTestSupport.Policy("        pattern:\n          spec: {}\n")), File("ns", Objects(("Namespace", "team"))));
        var set = KyvernoPolicySet.For(first);

        var edited = first.WithFile($"{Root}/ns.yaml", File("ns", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team\n  labels: {tier: gold}\n"));

        Assert.That(KyvernoPolicySet.For(edited), Is.Not.SameAs(set));
        Assert.That(KyvernoPolicySet.For(edited).NamespaceLabels("team")["tier"], Is.EqualTo("gold"));
    }

    [Test]
    public void A_leaf_edit_keeps_the_CEL_policies_and_bindings_but_params_are_read_from_the_new_snapshot()
    {
        var first = Load(File("app", Objects(("Deployment", "web"))), File("params", Objects(("ConfigMap", "limits"))));
        var set = CelPolicySet.For(first);

        var edited = first.WithFile($"{Root}/app.yaml", File("app", Objects(("Deployment", "webx"))));
        var carried = CelPolicySet.For(edited);

        Assert.That(carried, Is.Not.SameAs(set));
        Assert.That(carried.Bound, Is.SameAs(set.Bound));
        Assert.That(carried.Bindings, Is.SameAs(set.Bindings));
    }

    [Test]
    public void A_leaf_edit_keeps_the_Argo_CD_ignore_differences_and_an_Application_edit_rereads_them()
    {
        const string application = "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: web\nspec:\n  ignoreDifferences:\n    - kind: Deployment\n      jsonPointers: [/spec/replicas]\n";
        var first = Load(File("argo", application), File("app", Objects(("Deployment", "web"))));
        var entries = ArgoIgnoreDifferences.For(first);

        var leafEdited = first.WithFile($"{Root}/app.yaml", File("app", Objects(("Deployment", "webx"))));
        Assert.That(ArgoIgnoreDifferences.For(leafEdited), Is.SameAs(entries));

        var argoEdited = leafEdited.WithFile($"{Root}/argo.yaml", File("argo", application.Replace("/spec/replicas", "/spec/template", StringComparison.Ordinal)));
        Assert.That(ArgoIgnoreDifferences.For(argoEdited).Fingerprint, Does.Contain("/spec/template"));
    }
}
