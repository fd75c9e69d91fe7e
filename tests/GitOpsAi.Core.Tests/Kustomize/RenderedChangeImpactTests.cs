using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Kustomize;

/// <summary>Which rendered objects a change touches (for --changed-since): a base change reaches every overlay over it.</summary>
public sealed class RenderedChangeImpactTests
{
    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
                - name: web
                  image: nginx:1.25
        """;

    private const string Patch = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n";

    [Test]
    public void A_change_to_a_base_line_touches_the_object_in_every_overlay_over_the_base_and_nothing_else()
    {
        var workspace = Repository();
        var imageLine = Deployment.IndexOf("image:", StringComparison.Ordinal);

        var touched = RenderedChangeImpact.ObjectsTouchedBy(workspace, Change(("base/deployment.yaml", new TextSpan(imageLine, 6))));

        Assert.That(touched.Select(t => t.Root), Is.EquivalentTo(new[] { "overlays/a", "overlays/b" }));
    }

    [Test]
    public void A_change_to_one_overlays_patch_touches_only_that_overlay()
    {
        var workspace = Repository();

        var touched = RenderedChangeImpact.ObjectsTouchedBy(workspace, Change(("overlays/a/patch.yaml", new TextSpan(0, Patch.Length))));

        Assert.That(touched.Select(t => t.Root), Is.EqualTo(new[] { "overlays/a" }));
    }

    [Test]
    public void A_change_to_a_line_of_another_object_in_the_base_file_touches_nothing()
    {
        var workspace = Repository(Deployment + "\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n");
        var configMap = (Deployment + "\n---\n").Length;

        var touched = RenderedChangeImpact.ObjectsTouchedBy(workspace, Change(("base/deployment.yaml", new TextSpan(configMap, 10))));

        Assert.That(touched.Select(t => t.Object.DisplayName), Has.None.EqualTo("Deployment web"));
    }

    [Test]
    public void A_changed_generator_input_touches_what_the_overlay_generates()
    {
        var workspace = Repository(generator: true);

        var touched = RenderedChangeImpact.ObjectsTouchedBy(workspace, Change(("overlays/b/app.env", null)));

        Assert.That(touched.Select(t => $"{t.Root} {t.Object.Kind}"), Does.Contain("overlays/b ConfigMap").And.Not.Contains("overlays/a ConfigMap"));
    }

    [Test]
    public void A_rendered_only_finding_is_kept_for_a_base_change_even_where_its_line_did_not_change()
    {
        var fileSystem = Files(Deployment + "\n        - name: sidecar\n          image: busybox:1.36\n")
            .Add("components/latest/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nimages:\n  - name: busybox\n    newTag: latest\n")
            .Add("overlays/a/kustomization.yaml", "namespace: a\nresources:\n  - ../../base\ncomponents:\n  - ../../components/latest\n")
            .Add("overlays/b/kustomization.yaml", "namespace: b\nresources:\n  - ../../base\ncomponents:\n  - ../../components/latest\n");
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem);

        var kept = RenderedChangeImpact.FindingsTouchedBy(workspace, Change(("base/deployment.yaml", null)));
        var untouched = RenderedChangeImpact.FindingsTouchedBy(workspace, Change(("other/unrelated.yaml", null)));

        var latest = kept.Single(f => f.Finding.Code == "latest-tag");
        Assert.That(latest.Path, Is.EqualTo(InMemoryFileSystem.PathOf("components/latest/kustomization.yaml")));
        Assert.That(latest.Finding.Message, Does.EndWith("(in overlays/a, overlays/b)"));
        Assert.That(untouched, Is.Empty);
    }

    private static WorkspaceSnapshot Repository(string deployment = Deployment, bool generator = false)
    {
        var fileSystem = Files(deployment);
        foreach (var overlay in new[] { "a", "b" })
        {
            var generate = generator ? "configMapGenerator:\n  - name: settings\n    envs:\n      - app.env\n" : "";
            fileSystem.Add($"overlays/{overlay}/kustomization.yaml", $"namespace: {overlay}\nresources:\n  - ../../base\npatches:\n  - path: patch.yaml\n{generate}")
                .Add($"overlays/{overlay}/patch.yaml", Patch)
                .Add($"overlays/{overlay}/app.env", "MODE=fast\n");
        }

        return WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem.Add("other/app.yaml", Deployment.Replace("web", "other")));
    }

    private static InMemoryFileSystem Files(string deployment) => new InMemoryFileSystem()
        .Add("base/kustomization.yaml", "resources:\n  - deployment.yaml\n")
        .Add("base/deployment.yaml", deployment);

    private static SourceChange Change(params (string Path, TextSpan? Span)[] changes) =>
        new(changes.ToDictionary(c => InMemoryFileSystem.PathOf(c.Path), c => c.Span is { } span ? (IReadOnlyList<TextSpan>?)[span] : null));
}
