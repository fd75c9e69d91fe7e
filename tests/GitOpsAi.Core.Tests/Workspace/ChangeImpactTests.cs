using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.IO;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Workspace;

/// <summary>Which open documents an edit of another one can affect (the language server re-checks only those).</summary>
public sealed class ChangeImpactTests
{
    private const string Root = "/repo";

    private static string Deployment(string name, string labels = "", string extra = "") => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {name}
        spec:
          selector:
            matchLabels:
              app: {name}{labels}
          template:
            metadata:
              labels:
                app: {name}{labels}
            spec:
              containers:
                - name: app
                  image: nginx:1.27{extra}

        """;

    private static WorkspaceFile File(string name, string text) => WorkspaceFile.FromText($"{Root}/{name}.yaml", Root, text);

    private static ChangeImpact Edit(WorkspaceFile before, string text) => ChangeImpact.Of(before, WorkspaceFile.FromText(before.Path, Root, text, before), Root);

    [Test]
    public void Typing_in_a_deployment_affects_none_of_the_unrelated_deployments()
    {
        var typed = File("web-0", Deployment("web-0"));
        var others = Enumerable.Range(1, 199).Select(i => File($"web-{i}", Deployment($"web-{i}"))).ToList();

        var impact = Edit(typed, Deployment("web-0x"));

        Assert.That(impact.AffectsEverything, Is.False);
        Assert.That(others.Where(impact.Affects), Is.Empty);
    }

    [Test]
    public void An_edit_that_changes_no_object_affects_nothing()
    {
        var typed = File("web", Deployment("web"));

        Assert.That(Edit(typed, Deployment("web") + "# a comment after the object\n").AffectsNothing, Is.True);
    }

    [Test]
    public void Renaming_a_config_map_affects_the_deployment_that_refers_to_it_and_not_another()
    {
        var settings = File("settings", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-settings\ndata:\n  mode: fast\n");
        var user = File("web", Deployment("web", extra: "\n          envFrom:\n            - configMapRef:\n                name: web-settings"));
        var unrelated = File("api", Deployment("api"));

        var impact = Edit(settings, settings.Source.Text.Replace("web-settings", "web-settingz", StringComparison.Ordinal));

        Assert.That(impact.Affects(user), Is.True);
        Assert.That(impact.Affects(unrelated), Is.False);
    }

    [Test]
    public void Changing_pod_labels_affects_the_service_that_selected_them()
    {
        var service = File("svc", "apiVersion: v1\nkind: Service\nmetadata:\n  name: front\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n");
        var typed = File("web", Deployment("web"));

        Assert.That(Edit(typed, Deployment("web", labels: "x")).Affects(service), Is.True);
    }

    [Test]
    public void A_selector_by_expression_is_affected_by_any_labelled_object()
    {
        var budget = File("pdb", "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: b\nspec:\n  minAvailable: 1\n  selector:\n    matchExpressions:\n      - {key: tier, operator: In, values: [front]}\n");
        var typed = File("web", Deployment("web"));

        Assert.That(Edit(typed, Deployment("web", extra: "-alpine")).Affects(budget), Is.True);
    }

    [Test]
    public void An_autoscaler_edit_affects_the_workload_it_targets()
    {
        var autoscaler = File("hpa", "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: scaler\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: web\n  minReplicas: 2\n  maxReplicas: 4\n");
        var target = File("web", Deployment("web"));

        Assert.That(Edit(autoscaler, autoscaler.Source.Text.Replace("minReplicas: 2", "minReplicas: 1", StringComparison.Ordinal)).Affects(target), Is.True);
    }

    [TestCase("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - web.yaml\n")]
    [TestCase("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: apps\n")]
    [TestCase("apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: fast\nprovisioner: x\n")]
    [TestCase("apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: r\nspec:\n  chart: {spec: {chart: c}}\n")]
    public void An_edit_of_an_object_with_a_wide_reach_affects_everything(string text)
    {
        var typed = File("wide", text);

        Assert.That(Edit(typed, text + "# edited\nx: 1\n").AffectsEverything, Is.True);
    }

    [Test]
    public void Typing_in_a_deployment_beside_a_flux_kustomization_affects_only_what_refers_to_the_deployment()
    {
        const string Flux = "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\nspec:\n  path: ./apps\n  sourceRef:\n    kind: GitRepository\n    name: repo\n---\n";
        var typed = File("mixed", Flux + Deployment("web"));
        var unrelated = File("api", Deployment("api"));

        var impact = Edit(typed, Flux + Deployment("webx"));

        Assert.That(impact.AffectsEverything, Is.False);
        Assert.That(impact.Affects(unrelated), Is.False);
        Assert.That(Edit(typed, Flux.Replace("./apps", "./appz", StringComparison.Ordinal) + Deployment("web")).AffectsEverything, Is.True);
    }

    [Test]
    public void Editing_the_configuration_affects_everything()
    {
        var config = WorkspaceFile.FromText($"{Root}/.gitops-ai/rules.yaml", Root, "rules:\n  no-probes: off\n");

        Assert.That(Edit(config, "rules:\n  no-probes: error\n").AffectsEverything, Is.True);
    }

    [Test]
    public void Adding_an_object_affects_everything()
    {
        var typed = File("web", Deployment("web"));

        Assert.That(Edit(typed, Deployment("web") + "---\n" + Deployment("api")).AffectsEverything, Is.True);
    }

    /// <summary>
    /// The model against the analyser itself on real repositories: after an edit, every file the model calls unaffected
    /// has exactly the findings it had before.
    /// </summary>
    [TestCase("GoogleCloudPlatform__microservices-demo", 1)]
    [TestCase("kubernetes__examples", 6)]
    [TestCase("fluxcd__flagger", 3)]
    [TestCase("fluxcd__flux2-multi-tenancy", 1)]
    [TestCase("billimek__k8s-gitops", 8)]
    public void Files_called_unaffected_keep_their_findings_after_an_edit_of_a_corpus_file(string repositoryName, int everyNth)
    {
        var repository = Path.Combine(SharedData.RequireCorpus(), repositoryName);
        var files = Directory.EnumerateFiles(repository, "*.*", SearchOption.AllDirectories).Where(WorkspaceLoader.IsYamlFile).Order(StringComparer.Ordinal)
            .Select(p => WorkspaceFile.Load(PhysicalFileSystem.Instance, p, repository)).ToList();
        var workspace = WorkspaceLoader.Create(repository, files, PhysicalFileSystem.Instance);
        var analyzer = new Analyzer();
        var names = files.SelectMany(f => f.Manifests).Select(m => m.Name).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var baseline = files.ToDictionary(f => f.Path, f => Findings(analyzer, workspace, f));
        var failures = new List<string>();
        var edits = 0;
        var spared = 0;
        foreach (var typed in files.Where((_, index) => index % everyNth == 0))
        {
            foreach (var edited in Mutations(typed, names))
            {
                var after = WorkspaceFile.FromText(typed.Path, repository, edited, typed);
                var changed = workspace.WithFile(typed.Path, after);
                var impact = ChangeImpact.Of(typed, after, repository, changed);
                edits++;
                foreach (var other in files.Where(f => f.Path != typed.Path && !impact.Affects(f)))
                {
                    spared++;
                    if (Findings(analyzer, changed, other) != baseline[other.Path])
                    {
                        failures.Add($"editing {typed.RelativePath} changed the findings of {other.RelativePath}, which was called unaffected");
                    }
                }
            }
        }

        TestContext.Out.WriteLine($"{edits} edits, {spared} re-checks spared");
        Assert.That(failures, Is.Empty, string.Join("\n", failures.Distinct().Take(20)));
        Assert.That(spared, Is.GreaterThan(0), "the model spared nothing: it is the same as re-checking everything");
    }

    private static string Findings(Analyzer analyzer, WorkspaceSnapshot workspace, WorkspaceFile file) =>
        string.Join("\n", analyzer.Analyze(workspace, file).Diagnostics.Select(d => $"{d.Code} {d.Severity} {d.Span} {d.Message}"));

    /// <summary>
    /// Keystrokes at the places cross-file rules read: an object's name, its labels and its pods' labels, its selector,
    /// a scalar that names another object of the repository (a reference), and the last field of the object.
    /// </summary>
    private static IEnumerable<string> Mutations(WorkspaceFile file, HashSet<string> names)
    {
        var text = file.Source.Text;
        foreach (var manifest in file.Manifests.Take(3))
        {
            var podLabels = manifest.PodTemplate is null ? null : manifest.Root.At(Core.Manifests.WorkloadKinds.PodMetadataPath(manifest.Kind)!) as Core.Yaml.YamlMapping;
            var places = new List<Core.Yaml.YamlNode?>
            {
                manifest.Metadata?["name"],
                manifest.Metadata?.GetMapping("labels")?.Pairs.FirstOrDefault().Value,
                podLabels?.GetMapping("labels")?.Pairs.FirstOrDefault().Value,
                manifest.Spec?.GetMapping("selector")?.Pairs.FirstOrDefault().Value,
                manifest.Root.Pairs.LastOrDefault().Value is Core.Yaml.YamlMapping last ? last.Pairs.LastOrDefault().Value : null,
            };
            places.AddRange(Scalars(manifest.Root).Where(s => names.Contains(s.Value) && !ReferenceEquals(s, manifest.Metadata?["name"])).Take(3));
            foreach (var node in places.OfType<Core.Yaml.YamlScalar>().DistinctBy(n => n.Span))
            {
                yield return text.Insert(node.Span.End, "x");
            }
        }
    }

    private static IEnumerable<Core.Yaml.YamlScalar> Scalars(Core.Yaml.YamlNode node) => node switch
    {
        Core.Yaml.YamlScalar scalar => [scalar],
        Core.Yaml.YamlMapping mapping => mapping.Pairs.SelectMany(p => Scalars(p.Value)),
        Core.Yaml.YamlSequence sequence => sequence.Items.SelectMany(Scalars),
        _ => [],
    };
}
