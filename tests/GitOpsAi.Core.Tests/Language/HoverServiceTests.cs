using GitOpsAi.Core.Language;

namespace GitOpsAi.Core.Tests.Language;

public sealed class HoverServiceTests
{
    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: 2
          selector:
            matchLabels: {app: web}
          template:
            spec:
              containers:
                - name: web
                  image: nginx
                  imagePullPolicy: Always
        """;

    private static (HoverInfo? Hover, Markup Markup) Hover(string markup, string path = "manifest.yaml", InMemoryFileSystem? otherFiles = null)
    {
        var marked = MarkedFile.Load(markup, path, otherFiles);
        return (HoverService.Hover(marked.Workspace, marked.File, marked.Offset), marked.Markup);
    }

    /// <summary>The deployment above with markup put in place of <paramref name="text"/>.</summary>
    private static string InDeployment(string text, string markup) => Deployment.Replace(text, markup, StringComparison.Ordinal);

    [Test]
    public void Hovering_a_key_shows_its_type_description_and_path_over_the_key()
    {
        var (hover, markup) = Hover(InDeployment("  replicas:", "  [|repl$$icas|]:"));

        Assert.That(hover, Is.Not.Null);
        Assert.That(hover!.Span, Is.EqualTo(markup.Span));
        Assert.That(hover.Markdown, Does.StartWith("**replicas**: `integer`\n\nNumber of desired pods."));
        Assert.That(hover.Markdown, Does.Not.Contain("(required)"));
        Assert.That(hover.Markdown, Does.EndWith("*Deployment apps/v1: spec.replicas*"));
    }

    [Test]
    public void Hovering_a_required_key_says_it_is_required()
    {
        var (hover, markup) = Hover(InDeployment("  selector:", "  [|$$selector|]:"));

        Assert.That(hover!.Span, Is.EqualTo(markup.Span));
        Assert.That(hover.Markdown, Does.StartWith("**selector**: `object` (required)\n\nLabel selector for pods."));
    }

    [Test]
    public void Hovering_an_enum_value_lists_the_allowed_values_over_the_value()
    {
        var (hover, markup) = Hover(InDeployment("imagePullPolicy: Always", "imagePullPolicy: [|Alw$$ays|]"));

        Assert.That(hover!.Span, Is.EqualTo(markup.Span));
        Assert.That(hover.Markdown, Does.StartWith("**imagePullPolicy**: `string`"));
        Assert.That(hover.Markdown, Does.Contain("Allowed values: `Always`, `IfNotPresent`, `Never`"));
        Assert.That(hover.Markdown, Does.EndWith("*Deployment apps/v1: spec.template.spec.containers[].imagePullPolicy*"));
    }

    [Test]
    public void Hovering_an_item_of_a_list_describes_the_items_over_the_item()
    {
        var (hover, markup) = Hover("apiVersion: v1\nkind: PersistentVolumeClaim\nspec:\n  accessModes:\n    - [|ReadWri$$teOnce|]\n");

        Assert.That(hover!.Span, Is.EqualTo(markup.Span));
        Assert.That(hover.Markdown, Does.StartWith("**accessModes[]**: `string`"));
        Assert.That(hover.Markdown, Does.Contain("Allowed values: `ReadWriteOnce`, `ReadOnlyMany`, `ReadWriteMany`, `ReadWriteOncePod`"));
        Assert.That(hover.Markdown, Does.EndWith("*PersistentVolumeClaim v1: spec.accessModes[]*"));
    }

    [Test]
    public void Hovering_the_indentation_before_a_key_shows_nothing()
    {
        var (hover, _) = Hover("apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: 2\n $$ paused: false\n");

        Assert.That(hover, Is.Null);
    }

    [Test]
    public void Hovering_the_kind_describes_the_kind_and_where_its_schema_comes_from()
    {
        var (hover, markup) = Hover(InDeployment("kind: Deployment", "kind: [|Deploy$$ment|]"));

        Assert.That(hover!.Span, Is.EqualTo(markup.Span));
        Assert.That(hover.Markdown, Does.StartWith("**Deployment** `apps/v1`\n\n"));
        Assert.That(hover.Markdown, Does.EndWith("*Schema: Kubernetes*"));
    }

    [Test]
    public void Hovering_the_api_version_key_describes_the_kind()
    {
        var (hover, markup) = Hover(InDeployment("apiVersion:", "[|api$$Version|]:"));

        Assert.That(hover!.Span, Is.EqualTo(markup.Span));
        Assert.That(hover.Markdown, Does.StartWith("**Deployment** `apps/v1`"));
    }

    [Test]
    public void Hovering_a_flux_field_uses_the_bundled_crd_schema()
    {
        var (hover, markup) = Hover("apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\nspec:\n  [|inter$$val|]: 10m\n  prune: true\n");

        Assert.That(hover!.Span, Is.EqualTo(markup.Span));
        Assert.That(hover.Markdown, Does.StartWith("**interval**: `string` (required)\n\nHow often the source is built and applied again, such as 10m."));
        Assert.That(hover.Markdown, Does.EndWith("*Kustomization kustomize.toolkit.fluxcd.io/v1: spec.interval*"));
    }

    [Test]
    public void Hovering_a_flux_kind_names_the_bundled_schema_as_its_origin()
    {
        var (hover, _) = Hover("apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustom$$ization\n");

        Assert.That(hover!.Markdown, Does.Contain("A Flux Kustomization").And.EndWith("*Schema: bundled GitOps schema*"));
    }

    [Test]
    public void Hovering_a_field_of_a_workspace_crd_uses_that_crd()
    {
        var (hover, markup) = Hover("apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: 3\n  [|col$$or|]: red\n", "widget.yaml", WidgetCrd.Workspace());

        Assert.That(hover!.Span, Is.EqualTo(markup.Span));
        Assert.That(hover.Markdown, Is.EqualTo("**color**: `string`\n\nThe colour it is painted.\n\nAllowed values: `red`, `blue`\n\n*Widget example.com/v1: spec.color*"));
    }

    [Test]
    public void Hovering_a_workspace_crd_kind_names_the_crd_file()
    {
        var (hover, _) = Hover("apiVersion: example.com/v1\nkind: Wid$$get\n", "widget.yaml", WidgetCrd.Workspace());

        Assert.That(hover!.Markdown, Does.StartWith("**Widget** `example.com/v1`\n\nA widget of some size and colour."));
        Assert.That(hover.Markdown, Does.EndWith("*Schema: CRD in this repository (widget.yaml)*"));
    }

    [Test]
    public void Hovering_a_blank_line_shows_nothing()
    {
        var (hover, _) = Hover("apiVersion: v1\nkind: ConfigMap\n\n$$\nmetadata:\n  name: settings\n");

        Assert.That(hover, Is.Null);
    }

    [Test]
    public void Hovering_a_comment_line_shows_nothing()
    {
        var (hover, _) = Hover("apiVersion: apps/v1\nkind: Deployment\nspec:\n  # how many p$$ods\n  replicas: 2\n");

        Assert.That(hover, Is.Null);
    }

    [Test]
    public void Hovering_a_trailing_comment_shows_nothing()
    {
        var (hover, _) = Hover("apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: 2 # how many p$$ods\n  paused: false\n");

        Assert.That(hover, Is.Null);
    }

    [Test]
    public void Hovering_an_object_of_unknown_kind_shows_nothing()
    {
        var (hover, _) = Hover("apiVersion: example.com/v1\nkind: Gizmo\nspec:\n  si$$ze: 3\n");

        Assert.That(hover, Is.Null);
    }

    [Test]
    public void Hovering_a_key_of_a_document_that_does_not_parse_still_describes_it()
    {
        var (hover, _) = Hover("apiVersion: apps/v1\nkind: Deployment\nspec:\n  repl$$icas: 2\n  selector: [\n");

        Assert.That(hover, Is.Not.Null);
        Assert.That(hover!.Markdown, Does.StartWith("**replicas**: `integer`"));
    }
}
