using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Workspace;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Tests.Kustomize;

/// <summary>
/// Kustomize shapes where one kustomization holds thousands of things (issue 13, shapes the monorepo generator does not
/// make): a flat folder of resource files, hundreds of generators over the objects that refer to them, and Flux
/// Kustomizations that each substitute variables from the same ConfigMap. The work of a check grows with the objects,
/// not with their square; counted at two sizes, the work per object stays the same.
/// </summary>
public sealed class KustomizeShapeWorkTests
{
    private static string Deployment(int i) => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: app-{i}
        spec:
          selector:
            matchLabels:
              app: app-{i}
          template:
            metadata:
              labels:
                app: app-{i}
            spec:
              containers:
                - name: main
                  image: nginx:latest
                  envFrom:
                    - configMapRef:
                        name: settings-{i}
        """;

    private static WorkspaceSnapshot FlatFolder(int files)
    {
        var fileSystem = new InMemoryFileSystem();
        for (var i = 0; i < files; i++)
        {
            fileSystem.Add($"flat/app-{i}.yaml", Deployment(i));
        }

        fileSystem.Add("flat/kustomization.yaml", "namespace: flat\nresources:\n" + string.Concat(Enumerable.Range(0, files).Select(i => $"  - app-{i}.yaml\n")));
        return WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem);
    }

    private static WorkspaceSnapshot Generators(int count)
    {
        var fileSystem = new InMemoryFileSystem()
            .Add("gen/workloads.yaml", string.Join("---\n", Enumerable.Range(0, count).Select(Deployment)))
            .Add("gen/kustomization.yaml", "resources:\n  - workloads.yaml\nconfigMapGenerator:\n"
                + string.Concat(Enumerable.Range(0, count).Select(i => $"  - name: settings-{i}\n    literals:\n      - K={i}\n")));
        return WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem);
    }

    /// <summary>The root findings read to merge every file's rendered findings, per file.</summary>
    private static double FindingsReadPerFile(int files)
    {
        var workspace = FlatFolder(files);
        var analysis = RenderedAnalysis.For(workspace, Analyzer.RenderedChecks, CancellationToken.None);
        analysis.CheckAllRoots(CancellationToken.None);
        RenderedAnalysis.FindingsMergedOnThisThread = 0;
        var found = 0;
        foreach (var path in workspace.Files.Keys)
        {
            found += analysis.FindingsIn(path).Count;
        }

        Assert.That(found, Is.GreaterThanOrEqualTo(files), "every Deployment has a rendered finding (its latest tag)");
        return (double)RenderedAnalysis.FindingsMergedOnThisThread / files;
    }

    [Test]
    public void The_root_findings_read_per_file_of_a_flat_folder_do_not_grow_with_the_folder()
    {
        // The first file to ask reads every finding of the root; the others read their own from an index.
        var small = FindingsReadPerFile(20);
        var large = FindingsReadPerFile(80);

        Assert.That(large, Is.LessThanOrEqualTo(small * 1.1), "the root findings read per file do not grow with the folder");
    }

    /// <summary>The earlier keys compared with, per key, converting a ConfigMap of <paramref name="keys"/> keys for a build.</summary>
    private static double KeysComparedPerKey(int keys)
    {
        var yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n" + string.Concat(Enumerable.Range(0, keys).Select(i => $"  KEY_{i}: value-{i}\n"));
        RenderMap.KeysComparedOnThisThread = 0;
        var root = RenderMap.FromYaml(YamlParser.Parse(yaml).Documents[0].RootMapping!, "/repo/settings.yaml");

        Assert.That(root.Map("data")!.Entries, Has.Count.EqualTo(keys));
        return (double)RenderMap.KeysComparedOnThisThread / keys;
    }

    [Test]
    public void Converting_a_mapping_of_thousands_of_keys_compares_each_key_with_a_few_not_with_every_key_before_it()
    {
        var small = KeysComparedPerKey(200);
        var large = KeysComparedPerKey(2000);

        Assert.That(large, Is.LessThanOrEqualTo(small * 1.1), "the keys compared per key do not grow with the mapping");
    }

    [Test]
    public void A_large_mapping_keeps_its_keys_in_order_with_their_values()
    {
        var yaml = "data:\n" + string.Concat(Enumerable.Range(0, 40).Select(i => $"  KEY_{i}: value-{i}\n"));
        var mapping = YamlParser.Parse(yaml).Documents[0].RootMapping!;

        var data = RenderMap.FromYaml(mapping, "/repo/settings.yaml").Map("data")!;

        Assert.That(data.Entries.Select(e => e.Key), Is.EqualTo(Enumerable.Range(0, 40).Select(i => $"KEY_{i}")));
        Assert.That(data.String("KEY_39"), Is.EqualTo("value-39"));
    }

    /// <summary>The earlier keys compared with, per literal, rendering a configMapGenerator of <paramref name="literals"/> literals.</summary>
    private static double KeysComparedPerLiteral(int literals)
    {
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, new InMemoryFileSystem()
            .Add("gen/kustomization.yaml", "configMapGenerator:\n  - name: settings\n    literals:\n" + string.Concat(Enumerable.Range(0, literals).Select(i => $"      - KEY_{i}=value-{i}\n"))));
        RenderMap.KeysComparedOnThisThread = 0;
        var render = RootRenders.All(workspace).Single().Result;

        Assert.That(render.Objects.Single().Root.Map("data")!.Entries, Has.Count.EqualTo(literals));
        return (double)RenderMap.KeysComparedOnThisThread / literals;
    }

    [Test]
    public void A_generator_of_thousands_of_literals_compares_each_key_with_a_few_not_with_every_key_before_it()
    {
        var small = KeysComparedPerLiteral(200);
        var large = KeysComparedPerLiteral(2000);

        Assert.That(large, Is.LessThanOrEqualTo(small * 1.1), "the keys compared per literal do not grow with the generator");
    }

    /// <summary>The list items read, per patched variable, merging a patch of a tenth of a container's <paramref name="variables"/> variables.</summary>
    private static double ItemsReadPerPatchedVariable(int variables)
    {
        static string Container(IEnumerable<int> indexes, string value) =>
            "spec:\n  template:\n    spec:\n      containers:\n        - name: main\n          env:\n"
            + string.Concat(indexes.Select(i => $"            - name: VAR_{i}\n              value: {value}-{i}\n"));
        RenderMap Object(string yaml) => RenderMap.FromYaml(YamlParser.Parse("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\n" + yaml).Documents[0].RootMapping!, "/repo/app.yaml");
        var target = Object(Container(Enumerable.Range(0, variables), "base"));
        var patched = Enumerable.Range(0, variables).Where(i => i % 10 == 0).ToList();
        var patch = Object(Container(patched, "patched"));
        StrategicMerge.ItemsReadOnThisThread = 0;

        StrategicMerge.Apply(target, patch);

        var containers = (RenderSequence)target.At("spec", "template", "spec", "containers")!;
        var env = (RenderSequence)((RenderMap)containers.Items[0])["env"]!;
        Assert.That(env.Items, Has.Count.EqualTo(variables));
        Assert.That(((RenderMap)env.Items[0]).String("value"), Is.EqualTo("patched-0"));
        return (double)StrategicMerge.ItemsReadOnThisThread / patched.Count;
    }

    [Test]
    public void A_strategic_merge_of_a_long_list_finds_each_patched_item_without_reading_the_whole_list_again()
    {
        var small = ItemsReadPerPatchedVariable(200);
        var large = ItemsReadPerPatchedVariable(2000);

        Assert.That(large, Is.LessThanOrEqualTo(small * 1.1), "the items read per patched variable do not grow with the list");
    }

    /// <summary>The written pieces read to take a Deployment's rendered findings back to their lines, per finding.</summary>
    private static double PiecesReadPerFinding(int variables)
    {
        var environment = string.Concat(Enumerable.Range(0, variables).Select(i => $"\n            - name: VARIABLE_{i}\n              value: \"{i}\""));
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, new InMemoryFileSystem()
            .Add("app/deployment.yaml", Deployment(0) + "\n          env:" + environment + "\n")
            .Add("app/kustomization.yaml", "namespace: app\nresources:\n  - deployment.yaml\n"));
        var analysis = RenderedAnalysis.For(workspace, Analyzer.RenderedChecks, CancellationToken.None);
        RenderedAnalysis.SourcePiecesReadOnThisThread = 0;
        var found = analysis.FindingsIn(InMemoryFileSystem.PathOf("app/deployment.yaml"));

        Assert.That(found.Select(f => f.Code), Does.Contain("latest-tag"), "the image's tag is found in the rendered Deployment");
        return (double)RenderedAnalysis.SourcePiecesReadOnThisThread / found.Count;
    }

    [Test]
    public void Taking_a_finding_back_to_its_line_does_not_read_every_written_piece_after_it()
    {
        // The container's variables are written after its image: 10 or 200 of them, the findings are the same.
        var few = PiecesReadPerFinding(10);
        var many = PiecesReadPerFinding(200);

        Assert.That(many, Is.LessThanOrEqualTo(few * 1.1), "the pieces read per finding do not grow with what is written after it");
    }

    /// <summary>The names compared while rendering the generators' kustomization, per generator.</summary>
    private static double NamesComparedPerGenerator(int count)
    {
        var workspace = Generators(count);
        RenderedObject.NamesComparedOnThisThread = 0;
        var render = RootRenders.All(workspace).Single().Result;

        Assert.That(render.Objects.Count(o => o.Kind == "ConfigMap"), Is.EqualTo(count));
        Assert.That(render.Objects.Where(o => o.Kind == "ConfigMap").Select(o => o.Name), Has.All.Match("^settings-[0-9]+-[a-z0-9]{10}$"));
        return (double)RenderedObject.NamesComparedOnThisThread / count;
    }

    [Test]
    public void Generators_find_the_objects_their_names_refer_to_without_comparing_every_object_of_the_build()
    {
        var small = NamesComparedPerGenerator(20);
        var large = NamesComparedPerGenerator(80);

        Assert.That(large, Is.LessThanOrEqualTo(small * 1.1), "the names compared per generator do not grow with the objects");
    }

    private static WorkspaceSnapshot FluxApps(int apps)
    {
        var fileSystem = new InMemoryFileSystem()
            .Add("infrastructure/vars.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cluster-vars\n  namespace: flux-system\ndata:\n  DOMAIN: example.com\n");
        var kustomizations = new List<string>();
        for (var i = 0; i < apps; i++)
        {
            fileSystem.Add($"apps/app-{i}/settings.yaml", $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-{i}\ndata:\n  HOST: app-{i}.${{DOMAIN}}\n");
            kustomizations.Add($"""
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata:
                  name: app-{i}
                  namespace: flux-system
                spec:
                  interval: 10m
                  path: ./apps/app-{i}
                  prune: true
                  sourceRef:
                    kind: GitRepository
                    name: flux-system
                  postBuild:
                    substituteFrom:
                      - kind: ConfigMap
                        name: cluster-vars

                """);
        }

        fileSystem.Add("clusters/prod/apps.yaml", string.Join("---\n", kustomizations));
        return WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem);
    }

    [Test]
    public void Flux_Kustomizations_of_a_snapshot_find_their_substituteFrom_objects_in_one_index_of_the_repository()
    {
        foreach (var apps in new[] { 3, 30 })
        {
            var workspace = FluxApps(apps);
            var builds = KustomizeRenderer.ObjectIndexBuilds;
            var renders = RootRenders.All(workspace).ToList();

            Assert.That(KustomizeRenderer.ObjectIndexBuilds - builds, Is.EqualTo(1), $"{apps} Flux Kustomizations");
            var hosts = renders.SelectMany(r => r.Result.Objects).Select(o => o.Root.At("data", "HOST")?.ToString()).ToList();
            Assert.That(hosts, Has.Count.EqualTo(apps).And.All.EndWith(".example.com"));
        }
    }
}
