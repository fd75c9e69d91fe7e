using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Rules.Templates;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Rules;

/// <summary>
/// The objects and the inclusion graph of a snapshot derived by edits are carried from the previous snapshot; carried
/// through any chain of edits, they must equal what a build from scratch of the same files gives.
/// </summary>
public sealed class WorkspaceObjectsCarryTests
{
    private const string Root = "/repo";
    private static readonly string[] Kinds = ["Deployment", "StatefulSet", "Service", "ConfigMap", "HorizontalPodAutoscaler", "ScaledObject", "HelmRelease", "Canary"];
    private static readonly string[] Namespaces = ["a", "b", "c", "prod", "dev", "tools", "other"];

    private static WorkspaceFile File(string relative, string text) => WorkspaceFile.FromText($"{Root}/{relative}", Root, text);

    private static WorkspaceSnapshot Load(IEnumerable<WorkspaceFile> files) => WorkspaceLoader.Create(Root, files, new InMemoryFileSystem(), new WorkspaceOptions());

    /// <summary>Three apps, each a base with a few leaf files, included by two overlays with namespaces and a Flux Kustomization.</summary>
    private static List<WorkspaceFile> GeneratedRepository(Random random)
    {
        var files = new List<WorkspaceFile>();
        for (var app = 0; app < 3; app++)
        {
            var leaves = Enumerable.Range(0, 4).Select(i => $"leaf{i}.yaml").ToList();
            files.Add(File($"apps/app{app}/base/kustomization.yaml", $"resources: [{string.Join(", ", leaves)}]\nreplicas: [{{name: app{app}-0, count: {app + 2}}}]\n"));
            files.AddRange(leaves.Select(leaf => File($"apps/app{app}/base/{leaf}", Leaf(random))));
            files.Add(File($"apps/app{app}/prod/kustomization.yaml", "resources: [../base]\nnamespace: prod\n"));
            files.Add(File($"apps/app{app}/dev/kustomization.yaml", app == 1 ? "resources: [../base, https://github.com/o/r//x?ref=v1]\nnamespace: dev\n" : "resources: [../base]\nnamespace: dev\n"));
        }

        files.Add(File("clusters/prod.yaml", "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: prod, namespace: flux-system}\nspec:\n  path: ./apps/app0/prod\n  targetNamespace: tools\n  sourceRef: {kind: GitRepository, name: flux-system}\n"));
        files.Add(File("loose/one.yaml", Leaf(random)));
        return files;
    }

    /// <summary>One to three random objects, with names and labels from small pools so that lookups collide.</summary>
    private static string Leaf(Random random)
    {
        var documents = new List<string>();
        for (var i = random.Next(1, 4); i > 0; i--)
        {
            var kind = Kinds[random.Next(Kinds.Length)];
            var name = $"app{random.Next(3)}-{random.Next(3)}";
            var label = $"tier-{random.Next(3)}";
            var ns = random.Next(3) == 0 ? $"\n  namespace: {Namespaces[random.Next(Namespaces.Length)]}" : string.Empty;
            documents.Add(kind switch
            {
                "Deployment" or "StatefulSet" => $"apiVersion: apps/v1\nkind: {kind}\nmetadata:\n  name: {name}{ns}\n  labels: {{tier: {label}}}\nspec:\n  selector: {{matchLabels: {{app: {name}}}}}\n  template:\n    metadata: {{labels: {{app: {name}, tier: {label}}}}}\n    spec: {{containers: [{{name: c, image: nginx:1.{random.Next(3)}}}]}}",
                "Service" => $"apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}{ns}\n  labels: {{tier: {label}}}\nspec: {{selector: {{app: {name}}}}}",
                "HorizontalPodAutoscaler" => $"apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: {name}{ns}\nspec: {{scaleTargetRef: {{kind: Deployment, name: {name}}}, minReplicas: 1, maxReplicas: 3}}",
                "ScaledObject" => $"apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata:\n  name: {name}{ns}\nspec: {{scaleTargetRef: {{name: {name}}}}}",
                "HelmRelease" => $"apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: {name}{ns}\nspec: {{targetNamespace: {Namespaces[random.Next(Namespaces.Length)]}}}",
                "Canary" => $"apiVersion: flagger.app/v1beta1\nkind: Canary\nmetadata:\n  name: {name}{ns}",
                _ => $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}{ns}\n  labels: {{tier: {label}}}",
            });
        }

        return string.Join("\n---\n", documents) + "\n";
    }

    /// <summary>Everything rules ask of the objects, in the order they get it.</summary>
    private static List<string> Describe(WorkspaceSnapshot workspace)
    {
        var objects = WorkspaceObjects.For(workspace);
        string Name(PlacedObject o) => $"{o.File.RelativePath}#{o.File.Manifests.ToList().IndexOf(o.Manifest)} {o.Manifest.DisplayName} ns={o.Namespace ?? "*"}";
        var lines = new List<string>();
        foreach (var kind in Kinds)
        {
            lines.AddRange(objects.OfKind(kind).Select(o => $"{kind}: {Name(o)}"));
            for (var tier = 0; tier < 3; tier++)
            {
                var labels = new Dictionary<string, string> { ["tier"] = $"tier-{tier}" };
                lines.AddRange(objects.OfKindWithLabels(kind, labels).Select(o => $"{kind} tier-{tier}: {Name(o)}"));
            }
        }

        lines.AddRange(objects.Workloads().Select(o => $"workload: {Name(o)}"));
        for (var app = 0; app < 3; app++)
        {
            for (var i = 0; i < 3; i++)
            {
                var name = $"app{app}-{i}";
                lines.AddRange(objects.WorkloadsWithPodLabels(new Dictionary<string, string> { ["app"] = name }).Select(o => $"pods {name}: {Name(o)}"));
                lines.AddRange(objects.AutoscalersTargeting("Deployment", name).Select(a => $"autoscaler {name}: {a.Kind} {Name(a.Autoscaler)}"));
                lines.Add($"replicas {name}: {objects.KustomizeReplicas(name)}");
            }
        }

        lines.AddRange(Namespaces.Append(null).Select(ns => $"generated {ns ?? "*"}: {objects.MayHoldGeneratedObjects(ns)} canary: {objects.HasCanaryIn(ns)}"));
        lines.Add($"anywhere: {objects.HasGeneratedAnywhere}");
        lines.AddRange(workspace.Files.Values.OrderBy(f => f.Path, StringComparer.Ordinal).Select(f => $"opaque {f.RelativePath}: {objects.MayHoldGeneratedObjects("none", f)}"));
        return lines;
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(4)]
    [TestCase(5)]
    public void Objects_carried_through_a_chain_of_random_edits_equal_objects_built_from_scratch(int seed)
    {
        var random = new Random(seed);
        var snapshot = Load(GeneratedRepository(random));
        var chain = new List<WorkspaceSnapshot> { snapshot }; // held, so the lineage can reach each previous snapshot
        Describe(snapshot);
        var buildsBefore = WorkspaceObjects.Builds;
        var scratchBuilds = 0;
        for (var step = 0; step < 40; step++)
        {
            var leaves = snapshot.Files.Values.Where(f => !f.Path.EndsWith("kustomization.yaml", StringComparison.Ordinal) && !f.Path.Contains("/clusters/", StringComparison.Ordinal)).ToList();
            var target = leaves[random.Next(leaves.Count)];
            snapshot = random.Next(12) switch
            {
                0 => snapshot.WithFile(target.Path, null),
                1 => snapshot.WithUnlistedFile($"{Root}/loose/new{step}.yaml", File($"loose/new{step}.yaml", Leaf(random))),
                2 or 3 => EditKustomization(snapshot, random),
                _ => snapshot.WithFile(target.Path, File(target.RelativePath, Leaf(random))),
            };
            scratchBuilds++;
            chain.Add(snapshot);

            var carried = Describe(snapshot);
            var fresh = Load(snapshot.Files.Values);
            Assert.That(carried, Is.EqualTo(Describe(fresh)), $"step {step}");
            Assert.That(DescribeStructure(snapshot), Is.EqualTo(DescribeStructure(fresh)), $"step {step}");
        }

        // Builds counts the scratch builds above and never a snapshot derived by an edit, even one to a kustomization.
        Assert.That(WorkspaceObjects.Builds - buildsBefore, Is.EqualTo(scratchBuilds));
    }

    /// <summary>An overlay's namespace, a base's resource list (dropping or adding a leaf), a remote base or a replicas entry.</summary>
    private static WorkspaceSnapshot EditKustomization(WorkspaceSnapshot snapshot, Random random)
    {
        var app = random.Next(3);
        var overlay = random.Next(2) == 0 ? "prod" : "dev";
        var leaves = Enumerable.Range(0, 4).Where(_ => random.Next(3) > 0).Select(i => $"leaf{i}.yaml").Append("missing.yaml").ToList();
        var (relative, text) = random.Next(4) switch
        {
            0 => ($"apps/app{app}/{overlay}/kustomization.yaml", $"resources: [../base]\nnamespace: {Namespaces[random.Next(Namespaces.Length)]}\n"),
            1 => ($"apps/app{app}/{overlay}/kustomization.yaml", "resources: [../base, https://github.com/o/r//y?ref=v2]\n"),
            2 => ($"apps/app{app}/base/kustomization.yaml", $"resources: [{string.Join(", ", leaves)}]\npatches: [{{path: leaf{random.Next(4)}.yaml}}]\n"),
            _ => ($"apps/app{app}/base/kustomization.yaml", $"resources: [leaf0.yaml, leaf1.yaml, leaf2.yaml, leaf3.yaml]\nreplicas: [{{name: app{app}-{random.Next(3)}, count: {random.Next(5)}}}]\n"),
        };
        return snapshot.WithFile($"{Root}/{relative}", File(relative, text));
    }

    /// <summary>What the structure analysis says: references, findings and the role of every file.</summary>
    private static List<string> DescribeStructure(WorkspaceSnapshot workspace)
    {
        var structure = workspace.Structure;
        var lines = structure.References.Select(r => $"ref {r.FromPath}@{r.Span} -> {r.TargetPath} dir={r.TargetIsDirectory} {r.Field}").ToList();
        foreach (var file in workspace.Files.Values.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            lines.Add($"role {file.RelativePath}: {structure.RoleOf(file.Path)}");
            lines.AddRange(structure.DiagnosticsFor(file.Path).Select(d => $"finding {file.RelativePath}: {d.Span} {d.Message}"));
        }

        return lines;
    }

    [Test]
    public void An_edit_to_a_kustomization_checks_only_that_file_again_and_places_only_its_subtree_again()
    {
        var snapshot = Load(GeneratedRepository(new Random(9)));
        Describe(snapshot);
        _ = snapshot.Structure;
        var checkedBefore = StructureAnalyzer.FilesChecked;
        var objects = WorkspaceObjects.Builds;

        var path = $"{Root}/apps/app2/prod/kustomization.yaml";
        var edited = snapshot.WithFile(path, File("apps/app2/prod/kustomization.yaml", "resources: [../base]\nnamespace: production\n"));
        Describe(edited);

        GC.KeepAlive(snapshot);
        Assert.That(StructureAnalyzer.FilesChecked - checkedBefore, Is.EqualTo(1));
        Assert.That(WorkspaceObjects.Builds, Is.EqualTo(objects));
        Assert.That(InclusionGraph.For(edited).FilesWhoseFactsDiffer(InclusionGraph.For(snapshot)), Is.EquivalentTo(
            new[] { "prod/kustomization.yaml", "base/kustomization.yaml", "base/leaf0.yaml", "base/leaf1.yaml", "base/leaf2.yaml", "base/leaf3.yaml" }.Select(p => $"{Root}/apps/app2/{p}")));
    }

    [Test]
    public void An_edit_to_a_leaf_file_builds_neither_the_graph_nor_the_objects_again()
    {
        var snapshot = Load(GeneratedRepository(new Random(7)));
        Describe(snapshot);
        var graphs = InclusionGraph.Builds;
        var objects = WorkspaceObjects.Builds;

        var leaf = snapshot.Files[$"{Root}/apps/app0/base/leaf1.yaml"];
        var edited = snapshot.WithFile(leaf.Path, File(leaf.RelativePath, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: edited}\n"));
        Describe(edited);

        Assert.That(InclusionGraph.Builds, Is.EqualTo(graphs));
        Assert.That(WorkspaceObjects.Builds, Is.EqualTo(objects));
        Assert.That(WorkspaceObjects.For(edited).NamespaceOf(edited.Files[leaf.Path], edited.Files[leaf.Path].Manifests[0]), Is.Null, "a base in prod, dev and (through Flux) tools");
        GC.KeepAlive(snapshot); // the lineage holds it weakly: collected early, the objects would be rebuilt
    }

    [TestCase(40)]
    [TestCase(160)]
    public void An_edit_in_a_file_of_many_workloads_patches_the_pod_label_index_reading_each_workload_once_per_file_version(int workloads)
    {
        string Deployment(int i, string image) => $"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: w{i}\nspec:\n  selector: {{matchLabels: {{app: w{i}}}}}\n  template:\n    metadata: {{labels: {{app: w{i}, tier: web}}}}\n    spec: {{containers: [{{name: c, image: {image}}}]}}\n";
        string Text(string lastImage) => string.Join("---\n", Enumerable.Range(0, workloads).Select(i => Deployment(i, i == workloads - 1 ? lastImage : "nginx")));
        var snapshot = Load([File("apps/all.yaml", Text("nginx"))]);
        var path = $"{Root}/apps/all.yaml";
        Assert.That(WorkspaceObjects.For(snapshot).WorkloadsWithPodLabels(new Dictionary<string, string> { ["tier"] = "web" }).Count(), Is.EqualTo(workloads));
        var indexes = WorkspaceObjects.WorkloadLabelIndexes;
        var read = WorkspaceObjects.WorkloadsReadForLabelPatchesOnThisThread;

        var edited = snapshot.WithFile(path, File("apps/all.yaml", Text("nginx:2")));
        var objects = WorkspaceObjects.For(edited);
        var last = objects.WorkloadsWithPodLabels(new Dictionary<string, string> { ["app"] = $"w{workloads - 1}" }).Single();

        Assert.That(WorkspaceObjects.WorkloadLabelIndexes, Is.EqualTo(indexes), "patched, not indexed again");
        Assert.That(WorkspaceObjects.WorkloadsReadForLabelPatchesOnThisThread - read, Is.EqualTo(2 * workloads), "the old file's and the new file's, once each");
        Assert.That(last.Manifest, Is.SameAs(edited.Files[path].Manifests[^1]));
        Assert.That(objects.WorkloadsWithPodLabels(new Dictionary<string, string> { ["tier"] = "web" }).Select(o => o.Manifest), Is.EqualTo(edited.Files[path].Manifests));
        GC.KeepAlive(snapshot); // the lineage holds it weakly: collected early, the objects would be built from scratch
    }

    [Test]
    public void An_edit_to_a_file_holding_a_list_of_objects_carries_the_lists_items_as_a_build_from_scratch_reads_them()
    {
        static string ListOf(params string[] names) => "apiVersion: v1\nkind: List\nitems:\n" + string.Concat(names.Select(name =>
            $"  - apiVersion: apps/v1\n    kind: Deployment\n    metadata: {{name: {name}, labels: {{tier: tier-0}}}}\n    spec:\n      template:\n        metadata: {{labels: {{app: {name}}}}}\n        spec: {{containers: [{{name: c, image: nginx}}]}}\n"));
        var snapshot = Load([File("a/list.yaml", ListOf("app0-0", "app0-1")), File("b/deploy.yaml", Leaf(new Random(3)))]);
        Describe(snapshot);

        var edited = snapshot.WithFile($"{Root}/a/list.yaml", File("a/list.yaml", ListOf("app0-0", "app1-2")));

        Assert.That(Describe(edited), Is.EqualTo(Describe(Load(edited.Files.Values))));
        Assert.That(WorkspaceObjects.For(edited).OfKind("Deployment").Select(o => o.Manifest.Name), Does.Contain("app1-2").And.Not.Contain("app0-1"));
        GC.KeepAlive(snapshot);
    }

    [Test]
    public void An_edit_to_a_kustomization_builds_the_graph_again_with_its_new_namespace()
    {
        var snapshot = Load(GeneratedRepository(new Random(8)));
        Describe(snapshot);
        var graphs = InclusionGraph.Builds;

        var path = $"{Root}/apps/app2/dev/kustomization.yaml";
        var edited = snapshot.WithFile(path, File("apps/app2/dev/kustomization.yaml", "resources: [../base]\nnamespace: staging\n"));

        Assert.That(Describe(edited), Is.EqualTo(Describe(Load(edited.Files.Values))));
        Assert.That(InclusionGraph.Builds, Is.EqualTo(graphs + 2), "the edited snapshot's and the scratch one's");
        Assert.That(InclusionGraph.For(edited).NamespacesOf($"{Root}/apps/app2/base/leaf0.yaml"), Is.EquivalentTo(new[] { "prod", "staging" }));
    }

    [Test]
    public void An_edit_keeps_the_lists_of_kinds_no_changed_file_has_and_patches_the_others()
    {
        var snapshot = Load([
            File("a/deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec: {containers: [{name: c, image: nginx}]}\n"),
            File("a/config.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n"),
            File("b/config.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: other}\n"),
        ]);
        var before = WorkspaceObjects.For(snapshot);
        var deployments = before.OfKind("Deployment");
        var workloads = before.Workloads();
        _ = before.OfKind("ConfigMap");

        var edited = snapshot.WithFile($"{Root}/a/config.yaml", File("a/config.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: renamed}\n"));
        var after = WorkspaceObjects.For(edited);

        Assert.That(after.OfKind("Deployment"), Is.SameAs(deployments), "no changed file has a Deployment");
        Assert.That(after.Workloads(), Is.SameAs(workloads));
        Assert.That(after.OfKind("ConfigMap").Select(o => o.Manifest.Name), Is.EqualTo(new[] { "renamed", "other" }));
        Assert.That(Describe(edited), Is.EqualTo(Describe(Load(edited.Files.Values))));
        GC.KeepAlive(snapshot);
    }

    [Test]
    public void Objects_of_several_kinds_are_listed_kind_after_kind_once_per_list_of_kinds()
    {
        var objects = WorkspaceObjects.For(Load([
            File("a.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: s1}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c1}\n"),
            File("b.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: s2}\n"),
        ]));
        IReadOnlyList<string> kinds = ["ConfigMap", "Secret", "Service"];

        var listed = objects.OfKinds(kinds);

        Assert.That(listed.Select(o => o.Manifest.Name), Is.EqualTo(new[] { "c1", "s1", "s2" }));
        Assert.That(objects.OfKinds(kinds), Is.SameAs(listed));
        Assert.That(objects.OfKinds(["Service"]).Select(o => o.Manifest.Name), Is.EqualTo(new[] { "s1", "s2" }), "another list of kinds");
    }

    [Test]
    public void The_changes_of_a_render_roots_siblings_view_are_read_off_its_overlay_of_the_source_files()
    {
        var fileSystem = new InMemoryFileSystem()
            .Add("base/kustomization.yaml", "resources:\n  - app.yaml\n")
            .Add("base/app.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n")
            .Add("overlays/prod/kustomization.yaml", "namePrefix: prod-\nresources:\n  - ../../base\n")
            .Add("other/settings.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared\n");
        var source = WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem);
        var render = KustomizeRenderer.For(source).Render(InMemoryFileSystem.PathOf("overlays/prod"), LoadRestriction.RepositoryRoot);
        var written = render.Objects.Select(o => RenderWriter.WriteFile(o, [], textOnDemand: false)).ToList();
        var view = RenderedSiblings.Build(source, render, written).Snapshot;

        // No changed path named: the overlay alone says what differs (the view's lineage names the same paths): the files
        // the render read (kustomizations count as resources) taken out, its objects laid over.
        var changes = FileChanges.Between(source, view, new HashSet<string>(), new HashSet<string>());

        Assert.That(changes.Files.Select(c => $"{c.Old?.RelativePath ?? "-"} -> {c.New?.RelativePath ?? "-"}").Take(2), Is.EqualTo(new[]
        {
            "- -> base/app.yaml#rendered-0", "- -> base/app.yaml#rendered-1",
        }), "the rendered files first (a kind they have cannot be patched, which they tell at once)");
        Assert.That(changes.Files.Skip(2).Select(c => $"{c.Old?.RelativePath ?? "-"} -> {c.New?.RelativePath ?? "-"}"), Is.EquivalentTo(new[]
        {
            "overlays/prod/kustomization.yaml -> -", "base/kustomization.yaml -> -", "base/app.yaml -> -",
        }));
    }

    [Test]
    public void A_siblings_view_whose_render_deletes_a_helm_release_no_longer_counts_the_namespace_it_filled()
    {
        var fileSystem = new InMemoryFileSystem()
            .Add("base/kustomization.yaml", "resources:\n  - app.yaml\n")
            .Add("base/app.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n---\napiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: chart\nspec:\n  targetNamespace: charts\n")
            .Add("overlays/prod/kustomization.yaml", "resources:\n  - ../../base\npatches:\n  - patch: |-\n      apiVersion: helm.toolkit.fluxcd.io/v2\n      kind: HelmRelease\n      metadata:\n        name: chart\n      $patch: delete\n")
            .Add("other/settings.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared\n");
        var source = WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem);
        var render = KustomizeRenderer.For(source).Render(InMemoryFileSystem.PathOf("overlays/prod"), LoadRestriction.RepositoryRoot);
        var written = render.Objects.Select(o => RenderWriter.WriteFile(o, [], textOnDemand: false)).ToList();
        var view = RenderedSiblings.Build(source, render, written).Snapshot;

        Assert.That(render.Objects.Select(o => o.Kind), Is.EqualTo(new[] { "ConfigMap" }), "the release is deleted");
        Assert.That(WorkspaceObjects.For(source).MayHoldGeneratedObjects("charts"), Is.True);

        // The source's facts of the file the view hides (read when its objects were built from every file) are taken away.
        Assert.That(WorkspaceObjects.For(view).MayHoldGeneratedObjects("charts"), Is.False);
    }

    [Test]
    public void A_siblings_view_shares_its_sources_generator_counts_whether_or_not_its_render_moves_a_generator()
    {
        var fileSystem = new InMemoryFileSystem()
            .Add("base/kustomization.yaml", "resources:\n  - app.yaml\n")
            .Add("base/app.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n---\napiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: chart\nspec:\n  targetNamespace: charts\n")
            .Add("overlays/prod/kustomization.yaml", "namePrefix: prod-\nresources:\n  - ../../base\n")
            .Add("overlays/moved/kustomization.yaml", "resources:\n  - ../../base\npatches:\n  - patch: |-\n      apiVersion: helm.toolkit.fluxcd.io/v2\n      kind: HelmRelease\n      metadata:\n        name: chart\n      spec:\n        targetNamespace: moved\n")
            .Add("apps/argo.yaml", "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: web\n  namespace: argocd\nspec:\n  destination: {namespace: web}\n");
        var source = WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem);
        WorkspaceSnapshot ViewOf(string overlay)
        {
            var render = KustomizeRenderer.For(source).Render(InMemoryFileSystem.PathOf(overlay), LoadRestriction.RepositoryRoot);
            return RenderedSiblings.Build(source, render, render.Objects.Select(o => RenderWriter.WriteFile(o, [], textOnDemand: false)).ToList()).Snapshot;
        }

        Assert.That(WorkspaceObjects.For(source).MayHoldGeneratedObjects("charts"), Is.True);
        var copies = WorkspaceObjects.GeneratorCountCopies;

        // The render renames the release but it still fills the same namespace: the counts are the source's.
        var prod = WorkspaceObjects.For(ViewOf("overlays/prod"));
        Assert.That(WorkspaceObjects.GeneratorCountCopies, Is.EqualTo(copies));
        Assert.That((prod.MayHoldGeneratedObjects("charts"), prod.MayHoldGeneratedObjects("web"), prod.MayHoldGeneratedObjects("moved")), Is.EqualTo((true, true, false)));

        // The render moves the release to another namespace: its differences laid over the source's counts, which are unchanged.
        var moved = WorkspaceObjects.For(ViewOf("overlays/moved"));
        Assert.That(WorkspaceObjects.GeneratorCountCopies, Is.EqualTo(copies));
        Assert.That((moved.MayHoldGeneratedObjects("charts"), moved.MayHoldGeneratedObjects("web"), moved.MayHoldGeneratedObjects("moved")), Is.EqualTo((false, true, true)));
        Assert.That(WorkspaceObjects.For(source).MayHoldGeneratedObjects("moved"), Is.False);
    }

    [TestCase(10)]
    [TestCase(40)]
    public void Siblings_views_that_move_a_helm_release_into_their_namespace_copy_none_of_the_repositorys_generator_counts(int apps)
    {
        // Each app's base HelmRelease is rendered by two overlays into their namespaces (the 50k monorepo's shape): every
        // view moves a generator, and copying the counts per view cost views × namespaces.
        var fileSystem = new InMemoryFileSystem();
        for (var app = 0; app < apps; app++)
        {
            fileSystem
                .Add($"app-{app}/base/kustomization.yaml", "resources:\n  - release.yaml\n")
                .Add($"app-{app}/base/release.yaml", $"apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: app-{app}\n")
                .Add($"app-{app}/dev/kustomization.yaml", $"namespace: app-{app}-dev\nresources:\n  - ../base\n")
                .Add($"app-{app}/prod/kustomization.yaml", $"namespace: app-{app}-prod\nresources:\n  - ../base\n");
        }

        var source = WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem);
        Assert.That(WorkspaceObjects.For(source).MayHoldGeneratedObjects("app-0-dev"), Is.True);
        var copies = WorkspaceObjects.GeneratorCountCopies;

        var views = new List<WorkspaceObjects>();
        foreach (var overlay in new[] { "app-0/dev", $"app-{apps - 1}/prod" })
        {
            var render = KustomizeRenderer.For(source).Render(InMemoryFileSystem.PathOf(overlay), LoadRestriction.RepositoryRoot);
            var view = RenderedSiblings.Build(source, render, render.Objects.Select(o => RenderWriter.WriteFile(o, [], textOnDemand: false)).ToList()).Snapshot;
            views.Add(WorkspaceObjects.For(view));
        }

        Assert.That(WorkspaceObjects.GeneratorCountCopies, Is.EqualTo(copies));
        Assert.That(views.Select(v => (v.MayHoldGeneratedObjects("app-0-dev"), v.MayHoldGeneratedObjects($"app-{apps - 1}-prod"), v.MayHoldGeneratedObjects("elsewhere"), v.MayHoldGeneratedObjects(null))),
            Is.EqualTo(new[] { (true, true, false, true), (true, true, false, true) }));
    }

    [Test]
    public void A_siblings_view_finds_workloads_by_pod_labels_through_its_sources_index_and_its_own_render_without_indexing_every_workload()
    {
        const string Workload = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {0}\nspec:\n  selector: {{matchLabels: {{app: {0}}}}}\n  template:\n    metadata: {{labels: {{app: {0}}}}}\n    spec: {{containers: [{{name: c, image: nginx}}]}}\n";
        var fileSystem = new InMemoryFileSystem()
            .Add("base/kustomization.yaml", "resources:\n  - app.yaml\n")
            .Add("base/app.yaml", string.Format(Workload, "web") + "---\n" + string.Format(Workload, "job"))
            .Add("overlays/prod/kustomization.yaml", "resources:\n  - ../../base\ncommonLabels:\n  env: prod\npatches:\n  - patch: |-\n      apiVersion: apps/v1\n      kind: Deployment\n      metadata:\n        name: job\n      $patch: delete\n")
            .Add("other/worker.yaml", string.Format(Workload, "worker"));
        var source = WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem);
        var render = KustomizeRenderer.For(source).Render(InMemoryFileSystem.PathOf("overlays/prod"), LoadRestriction.RepositoryRoot);
        var view = RenderedSiblings.Build(source, render, render.Objects.Select(o => RenderWriter.WriteFile(o, [], textOnDemand: false)).ToList()).Snapshot;
        var sourceObjects = WorkspaceObjects.For(source);
        var viewObjects = WorkspaceObjects.For(view);
        Dictionary<string, string> Labels(string text) => text.Split(',').Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);
        Func<PlacedObject, bool> Matching(Dictionary<string, string> required) => w => LabelSelectors.MapMatches(required, LabelSelectors.PodLabels(w.Manifest));
        string[] queries = ["app=worker", "app=web", "app=web,env=prod", "env=prod", "app=job", "app=none"];

        Assert.That(sourceObjects.AnyWorkloadWithPodLabels(Labels("app=job"), Matching(Labels("app=job"))), Is.True, "the source has the job the render deletes");
        var indexes = WorkspaceObjects.WorkloadLabelIndexes;
        var answers = queries.Select(q => viewObjects.AnyWorkloadWithPodLabels(Labels(q), Matching(Labels(q)))).ToList();
        Assert.That(WorkspaceObjects.WorkloadLabelIndexes, Is.EqualTo(indexes), "the view asked its source's index");

        // The view's own index of every workload (what it built before) gives the same answers.
        Assert.That(answers, Is.EqualTo(queries.Select(q => viewObjects.WorkloadsWithPodLabels(Labels(q)).Any(Matching(Labels(q))))));
        Assert.That(answers, Is.EqualTo(new[] { true, true, true, true, false, false }));
    }

    [Test]
    public void A_render_roots_siblings_view_takes_the_kinds_its_render_did_not_change_from_its_source_and_lists_the_others_itself()
    {
        var fileSystem = new InMemoryFileSystem()
            .Add("base/kustomization.yaml", "resources:\n  - app.yaml\n")
            .Add("base/app.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n")
            .Add("overlays/prod/kustomization.yaml", "namePrefix: prod-\nresources:\n  - ../../base\n")
            .Add("other/policy.yaml", "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\n  namespace: a\nspec: {podSelector: {}}\n")
            .Add("other/settings.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared\n");
        var source = WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem);
        var render = KustomizeRenderer.For(source).Render(InMemoryFileSystem.PathOf("overlays/prod"), LoadRestriction.RepositoryRoot);
        var written = render.Objects.Select(o => RenderWriter.WriteFile(o, [], textOnDemand: false)).ToList();
        var view = RenderedSiblings.Build(source, render, written).Snapshot;

        // The view's objects asked first (as the CLI checks roots before sources): derived from the source's all the same.
        var viewObjects = WorkspaceObjects.For(view);
        var sourceObjects = WorkspaceObjects.For(source);
        IReadOnlyList<string> policyKinds = ["NetworkPolicy", "PodDisruptionBudget"];
        IReadOnlyList<string> mixedKinds = ["ConfigMap", "NetworkPolicy"];

        // Asked of the view before its source was ever asked: the source lists them once, for every view.
        Assert.That(viewObjects.OfKind("NetworkPolicy"), Is.SameAs(sourceObjects.OfKind("NetworkPolicy")));
        Assert.That(viewObjects.OfKinds(policyKinds), Is.SameAs(sourceObjects.OfKinds(policyKinds)));
        Assert.That(viewObjects.OfKind("ConfigMap").Select(o => o.Manifest.Name), Is.EqualTo(new[] { "prod-settings", "shared" }), "the render changed ConfigMaps");
        Assert.That(viewObjects.OfKinds(mixedKinds).Select(o => o.Manifest.Name), Is.EqualTo(new[] { "prod-settings", "shared", "deny" }));
        Assert.That(sourceObjects.OfKind("ConfigMap").Select(o => o.Manifest.Name), Is.EqualTo(new[] { "settings", "shared" }));
        foreach (var kind in new[] { "ConfigMap", "ServiceAccount", "NetworkPolicy", "PodDisruptionBudget" })
        {
            Assert.That(viewObjects.OfKind(kind).Select(o => o.Manifest), Is.EqualTo(view.ObjectsOfKind(kind).Select(o => o.Manifest)), kind);
        }
    }
}
