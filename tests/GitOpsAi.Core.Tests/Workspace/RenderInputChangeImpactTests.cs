using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Tests.Support;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Workspace;

/// <summary>
/// Edits of kustomizations, components and patches: they affect the files of the renders that read them and the files
/// the inclusion graph places differently, not every file; checked against a fresh analysis after random edits.
/// </summary>
public sealed class RenderInputChangeImpactTests
{
    private const string Root = InMemoryFileSystem.Root;

    private static readonly Dictionary<string, string> Repository = new(StringComparer.Ordinal)
    {
        ["base/kustomization.yaml"] = "resources:\n  - deployment.yaml\n  - service.yaml\n  - configmap.yaml\nconfigMapGenerator:\n  - name: settings\n    literals: [mode=fast]\n",
        ["base/deployment.yaml"] = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels:\n    app: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      serviceAccountName: web\n      containers:\n        - name: web\n          image: nginx:1.27\n          envFrom:\n            - configMapRef:\n                name: settings\n            - configMapRef:\n                name: app-config\n",
        ["base/service.yaml"] = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n      targetPort: 8080\n",
        ["base/configmap.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-config\ndata:\n  level: info\n",
        ["components/budget/kustomization.yaml"] = "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n  - pdb.yaml\n",
        ["components/budget/pdb.yaml"] = "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  minAvailable: 1\n  selector:\n    matchLabels:\n      app: web\n",
        ["overlays/prod/kustomization.yaml"] = "resources:\n  - ../../base\nnamespace: prod\nnamePrefix: prod-\ncomponents:\n  - ../../components/budget\npatches:\n  - path: patch.yaml\nimages:\n  - name: nginx\n    newTag: \"1.28\"\n",
        ["overlays/prod/patch.yaml"] = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n",
        ["overlays/dev/kustomization.yaml"] = "resources:\n  - ../../base\nnamespace: dev\n",
        ["apps/kustomization.yaml"] = "resources:\n  - api.yaml\nnamespace: apps\n",
        ["apps/api.yaml"] = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  selector:\n    matchLabels:\n      app: api\n  template:\n    metadata:\n      labels:\n        app: api\n        tier: ${TIER}\n    spec:\n      containers:\n        - name: api\n          image: registry.example/api:2.0\n",
        ["clusters/apps.yaml"] = "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./apps\n  prune: true\n  targetNamespace: apps\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n  postBuild:\n    substitute:\n      TIER: backend\n---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: dev\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./overlays/dev\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n",
        ["apps/hpa.yaml"] = "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: web\n  minReplicas: 1\n  maxReplicas: 3\n",
    };

    /// <summary>Edits a user makes to render inputs (and a few to the objects they render), as text replacements.</summary>
    private static readonly (string File, string Old, string New)[] Edits =
    [
        ("overlays/prod/kustomization.yaml", "namespace: prod", "namespace: production"),
        ("overlays/prod/kustomization.yaml", "  - ../../base\n", "  - ../../base\n  - ../../apps/hpa.yaml\n"),
        ("overlays/prod/kustomization.yaml", "components:\n  - ../../components/budget\n", string.Empty),
        ("overlays/prod/kustomization.yaml", "namePrefix: prod-", "namePrefix: p-"),
        ("overlays/prod/kustomization.yaml", "newTag: \"1.28\"", "newTag: latest"),
        ("overlays/prod/kustomization.yaml", "patches:\n  - path: patch.yaml\n", "patches:\n  - patch: |\n      apiVersion: v1\n      kind: ConfigMap\n      metadata:\n        name: app-config\n      $patch: delete\n"),
        ("overlays/prod/kustomization.yaml", "namespace: prod\n", "namespace: prod\n# a comment\n"),
        ("overlays/dev/kustomization.yaml", "namespace: dev", "namespace: development"),
        ("overlays/dev/kustomization.yaml", "  - ../../base\n", "  - ../../base\n  - ../../components/budget/pdb.yaml\n"),
        ("overlays/dev/kustomization.yaml", "namespace: dev\n", "namespace: dev\nreplicas:\n  - name: web\n    count: 1\n"),
        ("base/kustomization.yaml", "  - service.yaml\n", string.Empty),
        ("base/kustomization.yaml", "name: settings", "name: settings-v2"),
        ("base/kustomization.yaml", "  - configmap.yaml\n", "  - configmap.yaml\nnamespace: base\n"),
        ("components/budget/kustomization.yaml", "  - pdb.yaml\n", "  - pdb.yaml\n  - ../../apps/hpa.yaml\n"),
        ("apps/kustomization.yaml", "  - api.yaml\n", "  - api.yaml\n  - hpa.yaml\n"),
        ("apps/kustomization.yaml", "namespace: apps", "namespace: prod"),
        ("overlays/prod/patch.yaml", "replicas: 3", "replicas: 1"),
        ("overlays/prod/patch.yaml", "  replicas: 3\n", "  replicas: 3\n  template:\n    spec:\n      serviceAccountName: other\n"),
        ("base/deployment.yaml", "name: app-config", "name: app-settings"),
        ("clusters/apps.yaml", "path: ./apps", "path: ./overlays/dev"),
        ("clusters/apps.yaml", "path: ./apps", "path: ./overlays/prod"),
        ("clusters/apps.yaml", "targetNamespace: apps", "targetNamespace: prod"),
        ("clusters/apps.yaml", "  targetNamespace: apps\n", string.Empty),
        ("clusters/apps.yaml", "  targetNamespace: apps\n", "  targetNamespace: apps\n  namePrefix: flux-\n"),
        ("clusters/apps.yaml", "TIER: backend", "TIER: frontend"),
        ("clusters/apps.yaml", "  name: apps\n", "  name: web\n"),
        ("clusters/apps.yaml", "path: ./overlays/dev", "path: ./overlays/prod"),
        ("clusters/apps.yaml", "  name: dev\n  namespace: flux-system\nspec:\n", "  name: dev\n  namespace: flux-system\nspec:\n  targetNamespace: dev-team\n"),
        ("clusters/apps.yaml", "  prune: true\n", "  prune: true\n  patches:\n    - patch: |\n        apiVersion: apps/v1\n        kind: Deployment\n        metadata:\n          name: api\n        spec:\n          template:\n            spec:\n              hostNetwork: true\n"),
        ("clusters/apps.yaml", "  prune: true\n", "  prune: true\n  patches:\n    - target:\n        kind: Deployment\n      patch: |\n        - op: replace\n          path: /metadata/name\n          value: web\n"),
        ("base/service.yaml", "targetPort: 8080", "targetPort: http"),
    ];

    private static WorkspaceSnapshot Load(IReadOnlyDictionary<string, string> texts) =>
        WorkspaceLoader.Create(Root, texts.Select(pair => WorkspaceFile.FromText($"{Root}/{pair.Key}", Root, pair.Value)), new InMemoryFileSystem(), new WorkspaceOptions());

    private static string Findings(WorkspaceSnapshot workspace, string path) =>
        string.Join("\n", new Analyzer().Analyze(workspace, workspace.Files[path]).Diagnostics.Select(d => $"{d.Code} {d.Severity} {d.Span} {d.Message}"));

    /// <summary>
    /// The property the language server relies on: a file the impact calls unaffected keeps the findings it showed, so
    /// those must be the findings a fresh analysis of the edited repository gives it (the shown findings are those of a
    /// fresh analysis of the previous step); and a file it re-checks, and the edited file, get in the edited snapshot
    /// (with everything carried over from the previous ones) the findings a fresh analysis gives.
    /// </summary>
    [TestCase(7)]
    [TestCase(11)]
    [TestCase(23)]
    [TestCase(42)]
    [TestCase(99)]
    public void After_random_edits_of_kustomizations_and_patches_every_file_called_unaffected_has_the_findings_of_a_fresh_analysis(int seed)
    {
        var random = new Random(seed);
        var texts = new Dictionary<string, string>(Repository, StringComparer.Ordinal);
        var workspace = Load(texts);
        var shown = texts.Keys.ToDictionary(p => $"{Root}/{p}", p => Findings(workspace, $"{Root}/{p}"), StringComparer.Ordinal);
        var failures = new List<string>();
        var (kustomizationEdits, sparedByKustomizationEdits) = (0, 0);
        var (fluxEdits, sparedByFluxEdits) = (0, 0);
        for (var step = 0; step < 80; step++)
        {
            var (relative, old, @new) = Edits[random.Next(Edits.Length)];
            var undo = random.Next(3) == 0 && texts[relative].Contains(@new, StringComparison.Ordinal) && @new.Length > 0;
            var (from, to) = undo ? (@new, old) : (old, @new);
            if (!texts[relative].Contains(from, StringComparison.Ordinal))
            {
                continue;
            }

            var path = $"{Root}/{relative}";
            var before = workspace.Files[path];
            texts[relative] = texts[relative].Replace(from, to, StringComparison.Ordinal);
            var after = WorkspaceFile.FromText(path, Root, texts[relative], before);
            workspace = workspace.WithFile(path, after);
            var impact = ChangeImpact.Of(before, after, Root, workspace);
            var fresh = Load(texts);
            var isKustomization = relative.EndsWith("kustomization.yaml", StringComparison.Ordinal);
            kustomizationEdits += isKustomization ? 1 : 0;
            var isFlux = relative.StartsWith("clusters/", StringComparison.Ordinal);
            fluxEdits += isFlux ? 1 : 0;
            if (Findings(workspace, path) != Findings(fresh, path))
            {
                failures.Add($"step {step}: '{from.Trim()}' -> '{to.Trim()}' in {relative}: its own findings in the edited snapshot differ from a fresh analysis");
            }

            foreach (var other in workspace.Files.Values.Where(f => f.Path != path))
            {
                if (impact.Affects(other))
                {
                    // Re-checked in the edited snapshot: nothing the incremental analysis carried over may be stale either.
                    if (Findings(workspace, other.Path) is var incremental && incremental != Findings(fresh, other.Path))
                    {
                        failures.Add($"step {step}: '{from.Trim()}' -> '{to.Trim()}' in {relative}: the re-check of {other.RelativePath} in the edited snapshot gives {incremental}, a fresh analysis {Findings(fresh, other.Path)}");
                    }

                    continue;
                }

                sparedByKustomizationEdits += isKustomization ? 1 : 0;
                sparedByFluxEdits += isFlux ? 1 : 0;
                if (Findings(fresh, other.Path) is var expected && expected != shown[other.Path])
                {
                    var difference = string.Join(" | ", expected.Split('\n').Except(shown[other.Path].Split('\n')).Select(l => "+" + l)
                        .Concat(shown[other.Path].Split('\n').Except(expected.Split('\n')).Select(l => "-" + l)));
                    failures.Add($"step {step}: '{from.Trim()}' -> '{to.Trim()}' in {relative} changed the findings of {other.RelativePath}, called unaffected: {difference}");
                }
            }

            shown = fresh.Files.Keys.ToDictionary(p => p, p => Findings(fresh, p), StringComparer.Ordinal);
        }

        TestContext.Out.WriteLine($"{kustomizationEdits} kustomization edits, {sparedByKustomizationEdits} re-checks spared by them; {fluxEdits} Flux Kustomization edits, {sparedByFluxEdits} spared");
        Assert.That(failures, Is.Empty, string.Join("\n", failures.Take(20)));
        Assert.That(kustomizationEdits, Is.GreaterThan(10));
        Assert.That(sparedByKustomizationEdits, Is.GreaterThan(0), "every kustomization edit re-checked every file");
        Assert.That(fluxEdits, Is.GreaterThan(5));
        Assert.That(sparedByFluxEdits, Is.GreaterThan(0), "every Flux Kustomization edit re-checked every file");
    }

    [Test]
    public void After_a_component_pulls_an_autoscaler_into_one_overlay_the_other_overlays_rendered_findings_are_those_of_a_fresh_analysis()
    {
        var workspace = Load(Repository);
        var deployment = $"{Root}/base/deployment.yaml";
        _ = Findings(workspace, deployment); // the renders and their findings are cached, as in an editor session
        var path = $"{Root}/components/budget/kustomization.yaml";
        var before = workspace.Files[path];
        var texts = new Dictionary<string, string>(Repository, StringComparer.Ordinal)
        {
            ["components/budget/kustomization.yaml"] = before.Source.Text.Replace("  - pdb.yaml\n", "  - pdb.yaml\n  - ../../apps/hpa.yaml\n", StringComparison.Ordinal),
        };
        var edited = workspace.WithFile(path, WorkspaceFile.FromText(path, Root, texts["components/budget/kustomization.yaml"], before));

        // overlays/dev does not read the component, but its sibling view places the autoscaler, which is now in prod only.
        Assert.That(Findings(edited, deployment), Is.EqualTo(Findings(Load(texts), deployment)));
    }

    [Test]
    public void Editing_one_overlay_affects_the_files_it_renders_and_spares_an_unrelated_folder()
    {
        var workspace = Load(Repository);
        var path = $"{Root}/overlays/dev/kustomization.yaml";
        var before = workspace.Files[path];
        var after = WorkspaceFile.FromText(path, Root, before.Source.Text.Replace("namespace: dev", "namespace: development", StringComparison.Ordinal), before);
        var edited = workspace.WithFile(path, after);

        var impact = ChangeImpact.Of(before, after, Root, edited);

        Assert.That(impact.AffectsEverything, Is.False);
        Assert.That(impact.Affects(edited.Files[$"{Root}/base/deployment.yaml"]), Is.True, "a base the overlay renders");
        Assert.That(impact.Affects(edited.Files[$"{Root}/apps/api.yaml"]), Is.False, "a folder the overlay does not include");
    }

    [Test]
    public void Adding_a_resources_entry_affects_the_file_it_brings_into_the_overlay()
    {
        var workspace = Load(Repository);
        var path = $"{Root}/overlays/dev/kustomization.yaml";
        var before = workspace.Files[path];
        var after = WorkspaceFile.FromText(path, Root, before.Source.Text.Replace("  - ../../base\n", "  - ../../base\n  - ../../apps/api.yaml\n", StringComparison.Ordinal), before);
        var edited = workspace.WithFile(path, after);

        var impact = ChangeImpact.Of(before, after, Root, edited);

        Assert.That(impact.AffectsEverything, Is.False);
        Assert.That(impact.Affects(edited.Files[$"{Root}/apps/api.yaml"]), Is.True);
    }

    [TestCase("targetNamespace: apps", "targetNamespace: prod")]
    [TestCase("  targetNamespace: apps\n", "  targetNamespace: apps\n  namePrefix: flux-\n")]
    [TestCase("TIER: backend", "TIER: frontend")]
    public void Editing_a_flux_kustomization_affects_the_files_it_renders_and_spares_an_unrelated_overlay(string old, string @new)
    {
        var workspace = Load(Repository);
        var path = $"{Root}/clusters/apps.yaml";
        var before = workspace.Files[path];
        var after = WorkspaceFile.FromText(path, Root, before.Source.Text.Replace(old, @new, StringComparison.Ordinal), before);
        var edited = workspace.WithFile(path, after);

        var impact = ChangeImpact.Of(before, after, Root, edited);

        Assert.That(impact.AffectsEverything, Is.False);
        Assert.That(impact.Affects(edited.Files[$"{Root}/apps/api.yaml"]), Is.True, "a file its spec.path renders");
        Assert.That(impact.Affects(edited.Files[$"{Root}/apps/kustomization.yaml"]), Is.True, "the kustomization its spec.path names");
        Assert.That(impact.Affects(edited.Files[$"{Root}/overlays/dev/kustomization.yaml"]), Is.False, "an overlay it does not render");
    }

    [Test]
    public void Moving_a_flux_kustomizations_path_affects_the_files_of_the_folder_it_left_and_of_the_one_it_now_renders()
    {
        var workspace = Load(Repository);
        var path = $"{Root}/clusters/apps.yaml";
        var before = workspace.Files[path];
        var after = WorkspaceFile.FromText(path, Root, before.Source.Text.Replace("path: ./apps", "path: ./overlays/dev", StringComparison.Ordinal), before);
        var edited = workspace.WithFile(path, after);

        var impact = ChangeImpact.Of(before, after, Root, edited);

        Assert.That(impact.AffectsEverything, Is.False);
        Assert.That(impact.Affects(edited.Files[$"{Root}/apps/api.yaml"]), Is.True, "the folder it no longer renders is a root of its own now");
        Assert.That(impact.Affects(edited.Files[$"{Root}/overlays/dev/kustomization.yaml"]), Is.True, "the overlay it renders now");
        Assert.That(impact.Affects(edited.Files[$"{Root}/base/deployment.yaml"]), Is.True, "a base that overlay reads");
    }

    [Test]
    public void Asking_whether_a_flux_kustomization_edit_affects_nothing_does_not_work_its_impact_out()
    {
        var workspace = Load(Repository);
        var path = $"{Root}/clusters/apps.yaml";
        var before = workspace.Files[path];
        var after = WorkspaceFile.FromText(path, Root, before.Source.Text.Replace("targetNamespace: apps", "targetNamespace: prod", StringComparison.Ordinal), before);
        var edited = workspace.WithFile(path, after);
        var graphs = GitOpsAi.Core.Kustomize.InclusionGraph.Builds;

        var impact = ChangeImpact.Of(before, after, Root, edited);

        // The language server asks this after every keystroke; the impact (both snapshots' graphs and renders) is only
        // worked out when another open document is asked about.
        Assert.That(impact.AffectsNothing, Is.False);
        Assert.That(GitOpsAi.Core.Kustomize.InclusionGraph.Builds, Is.EqualTo(graphs), "the edited snapshot's graph was built");
        Assert.That(impact.Affects(edited.Files[$"{Root}/apps/api.yaml"]), Is.True);
        Assert.That(GitOpsAi.Core.Kustomize.InclusionGraph.Builds, Is.GreaterThan(graphs));
    }
}
