using GitOpsAi.Core.Kustomize;

namespace GitOpsAi.Core.Tests.Kustomize;

/// <summary>Each way kustomize can set a value, and the span the rendered value points back to.</summary>
public sealed class ProvenanceTests
{
    private const string Kustomization = "overlay/kustomization.yaml";

    private static readonly string BaseDeployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: 1
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
                  image: [|nginx:1.25|]
        """;

    [Test]
    public void A_value_no_overlay_changes_points_at_the_base_file_line()
    {
        var (rendered, markups) = Render(("base/deployment.yaml", BaseDeployment), (Kustomization, "resources:\n  - ../base\n"));

        AssertSource(Container(rendered)["image"], "base/deployment.yaml", markups);
    }

    [Test]
    public void A_namespace_points_at_the_kustomization_namespace_line()
    {
        var (rendered, markups) = Render((Kustomization, "namespace: [|prod|]\nresources:\n  - ../base\n"));

        AssertSource(rendered.Root.At("metadata", "namespace"), Kustomization, markups);
    }

    [Test]
    public void A_prefixed_name_points_at_the_name_prefix_line()
    {
        var (rendered, markups) = Render((Kustomization, "namePrefix: [|prod-|]\nresources:\n  - ../base\n"));

        Assert.That(rendered.Name, Is.EqualTo("prod-web"));
        AssertSource(rendered.Root.At("metadata", "name"), Kustomization, markups);
    }

    [Test]
    public void An_image_set_by_an_images_entry_points_at_its_new_tag()
    {
        var (rendered, markups) = Render((Kustomization, "resources:\n  - ../base\nimages:\n  - name: nginx\n    newTag: [|latest|]\n"));

        Assert.That(((RenderScalar)Container(rendered)["image"]!).Value, Is.EqualTo("nginx:latest"));
        AssertSource(Container(rendered)["image"], Kustomization, markups);
    }

    [Test]
    public void A_replica_count_set_by_a_replicas_entry_points_at_its_count()
    {
        var (rendered, markups) = Render((Kustomization, "resources:\n  - ../base\nreplicas:\n  - name: web\n    count: [|5|]\n"));

        AssertSource(rendered.Root.At("spec", "replicas"), Kustomization, markups);
    }

    [Test]
    public void A_value_from_a_patch_file_points_at_the_patch_line()
    {
        var (rendered, markups) = Render(
            (Kustomization, "resources:\n  - ../base\npatches:\n  - path: replicas.yaml\n"),
            ("overlay/replicas.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: [|3|]\n"));

        AssertSource(rendered.Root.At("spec", "replicas"), "overlay/replicas.yaml", markups);
    }

    [Test]
    public void A_value_from_an_inline_patch_points_at_its_line_inside_the_kustomization()
    {
        var (rendered, markups) = Render((Kustomization, """
            resources:
              - ../base
            patches:
              - patch: |-
                  apiVersion: apps/v1
                  kind: Deployment
                  metadata:
                    name: web
                  spec:
                    template:
                      spec:
                        containers:
                          - name: web
                            securityContext:
                              privileged: [|true|]
            """));

        AssertSource(Container(rendered).At("securityContext", "privileged"), Kustomization, markups);
    }

    [Test]
    public void A_value_from_an_inline_json_patch_points_at_its_value()
    {
        var (rendered, markups) = Render((Kustomization, """
            resources:
              - ../base
            patches:
              - target:
                  kind: Deployment
                patch: |-
                  - op: replace
                    path: /spec/replicas
                    value: [|7|]
            """));

        AssertSource(rendered.Root.At("spec", "replicas"), Kustomization, markups);
    }

    [Test]
    public void A_common_label_points_at_its_value_in_the_kustomization()
    {
        var (rendered, markups) = Render((Kustomization, "resources:\n  - ../base\ncommonLabels:\n  team: [|web|]\n"));

        AssertSource(rendered.Root.At("spec", "template", "metadata", "labels", "team"), Kustomization, markups);
        AssertSource(rendered.Root.At("spec", "selector", "matchLabels", "team"), Kustomization, markups);
    }

    [Test]
    public void A_generated_value_points_at_its_literal_and_a_renamed_reference_keeps_its_own_line()
    {
        var (result, markups) = RenderAll(
            ("base/deployment.yaml", BaseDeployment.Replace("image: [|nginx:1.25|]", "image: nginx:1.25\n          envFrom:\n            - configMapRef:\n                name: [|settings|]")),
            (Kustomization, "resources:\n  - ../base\nconfigMapGenerator:\n  - name: settings\n    literals:\n      - [|mode=fast|]\n"));
        var configMap = result.Objects.Single(o => o.Kind == "ConfigMap");
        var deployment = result.Objects.Single(o => o.Kind == "Deployment");
        var reference = (RenderScalar)((RenderMap)((RenderSequence)Container(deployment)["envFrom"]!).Items[0]).At("configMapRef", "name")!;

        Assert.That(reference.Value, Is.EqualTo(configMap.Name).And.StartsWith("settings-"));
        Assert.That(reference.Source, Is.EqualTo(new SourceRef(InMemoryFileSystem.PathOf("base/deployment.yaml"), markups["base/deployment.yaml"].Spans[0])));
        AssertSource(configMap.Root.At("data", "mode"), Kustomization, markups);
    }

    private static RenderMap Container(RenderedObject rendered) =>
        (RenderMap)((RenderSequence)rendered.Root.At("spec", "template", "spec", "containers")!).Items[0];

    private static void AssertSource(RenderNode? node, string file, IReadOnlyDictionary<string, Markup> markups)
    {
        Assert.That(node, Is.Not.Null);
        Assert.That(node!.Source, Is.EqualTo(new SourceRef(InMemoryFileSystem.PathOf(file), markups[file].Spans[0])));
    }

    private static (RenderedObject Deployment, IReadOnlyDictionary<string, Markup> Markups) Render(params (string Path, string Text)[] files)
    {
        var (result, markups) = RenderAll(files);
        return (result.Objects.Single(o => o.Kind == "Deployment"), markups);
    }

    private static (RenderResult Result, IReadOnlyDictionary<string, Markup> Markups) RenderAll(params (string Path, string Text)[] files)
    {
        var fileSystem = new InMemoryFileSystem()
            .Add("base/kustomization.yaml", "resources:\n  - deployment.yaml\n")
            .Add("base/deployment.yaml", Markup.Parse(BaseDeployment).Text);
        var markups = new Dictionary<string, Markup>(StringComparer.Ordinal) { ["base/deployment.yaml"] = Markup.Parse(BaseDeployment) };
        foreach (var (path, text) in files)
        {
            var markup = Markup.Parse(text);
            markups[path] = markup;
            fileSystem.Add(path, markup.Text);
        }

        var result = new KustomizeRenderer(InMemoryFileSystem.Root, fileSystem).Render(InMemoryFileSystem.PathOf("overlay"));
        Assert.That(result.Diagnostics.Where(d => d.Diagnostic.Severity == DiagnosticSeverity.Error), Is.Empty);
        return (result, markups);
    }
}
