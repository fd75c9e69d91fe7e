using GitOpsAi.Core.Language;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Kustomize;

public sealed class OverlayHoverTests
{
    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: $$1
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

    [Test]
    public void Hover_on_a_base_value_shows_what_each_overlay_that_changes_it_renders()
    {
        var markup = Markup.Parse(Deployment);
        var fileSystem = new InMemoryFileSystem()
            .Add("base/kustomization.yaml", "resources:\n  - deployment.yaml\n")
            .Add("base/deployment.yaml", markup.Text)
            .Add("overlays/prod/kustomization.yaml", "resources:\n  - ../../base\nreplicas:\n  - name: web\n    count: 3\n")
            .Add("overlays/staging/kustomization.yaml", "namespace: staging\nresources:\n  - ../../base\n");
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem);
        var file = workspace.GetFile(InMemoryFileSystem.PathOf("base/deployment.yaml"))!;

        var hover = HoverService.Hover(workspace, file, markup.Cursor!.Value);

        Assert.That(hover, Is.Not.Null);
        Assert.That(hover!.Markdown, Does.Contain("- overlays/prod: `3` (set at overlays/prod/kustomization.yaml:5)"));
        Assert.That(hover.Markdown, Does.Not.Contain("overlays/staging"), "staging renders the base's value");
        Assert.That(hover.Markdown, Does.Contain("replicas").IgnoreCase, "the schema description stays");
    }

    [Test]
    public void Hover_on_a_value_no_overlay_changes_is_the_schema_description_alone()
    {
        var markup = Markup.Parse(Deployment.Replace("replicas: $$1", "replicas: 1").Replace("image: nginx:1.25", "image: $$nginx:1.25"));
        var fileSystem = new InMemoryFileSystem()
            .Add("base/kustomization.yaml", "resources:\n  - deployment.yaml\n")
            .Add("base/deployment.yaml", markup.Text)
            .Add("overlays/prod/kustomization.yaml", "resources:\n  - ../../base\n");
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem);

        var hover = HoverService.Hover(workspace, workspace.GetFile(InMemoryFileSystem.PathOf("base/deployment.yaml"))!, markup.Cursor!.Value);

        Assert.That(hover?.Markdown, Does.Not.Contain("rendered output"));
    }
}

public sealed class RenderedDefinitionTests
{
    [Test]
    public void Definition_of_a_generated_config_map_reference_reaches_the_generator_entry()
    {
        var deployment = Markup.Parse("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          envFrom:\n            - configMapRef:\n                name: sett$$ings\n");
        var overlay = Markup.Parse("resources:\n  - deployment.yaml\nconfigMapGenerator:\n  - [||]name: settings\n    literals:\n      - mode=fast\n");
        var fileSystem = new InMemoryFileSystem().Add("app/deployment.yaml", deployment.Text).Add("app/kustomization.yaml", overlay.Text);
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem);

        var targets = DefinitionService.Find(workspace, workspace.GetFile(InMemoryFileSystem.PathOf("app/deployment.yaml"))!, deployment.Cursor!.Value);

        Assert.That(targets, Is.EqualTo(new[] { new DefinitionTarget(InMemoryFileSystem.PathOf("app/kustomization.yaml"), overlay.Span) }));
    }
}
