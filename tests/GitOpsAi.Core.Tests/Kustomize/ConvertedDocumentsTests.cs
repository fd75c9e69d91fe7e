using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Workspace;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Tests.Kustomize;

/// <summary>
/// A base's documents are converted to render nodes once per snapshot and shared, copy-on-write, by the overlays that
/// render them: what one overlay edits (names, namespaces, labels, images, replicas, patches) must never show in
/// another overlay's render or in the shared conversion.
/// </summary>
public sealed class ConvertedDocumentsTests
{
    private const string App =
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels:\n    app: web\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      volumes:\n        - name: config\n          configMap:\n            name: settings\n      containers:\n        - name: web\n          image: nginx:1.0\n          ports:\n            - containerPort: 80\n          env:\n            - name: MODE\n              value: plain\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  key: value\n";

    private const string EditingOverlay =
        "resources:\n  - ../base\nnamespace: edits\nnamePrefix: x-\ncommonLabels:\n  tier: web\ncommonAnnotations:\n  owner: team\nimages:\n  - name: nginx\n    newTag: \"2.0\"\nreplicas:\n  - name: web\n    count: 5\npatches:\n  - patch: |-\n      apiVersion: apps/v1\n      kind: Deployment\n      metadata:\n        name: web\n      spec:\n        template:\n          spec:\n            containers:\n              - name: web\n                env:\n                  - name: MODE\n                    value: patched\n                  - name: EXTRA\n                    value: \"1\"\n  - target:\n      kind: Service\n    patch: |-\n      - op: replace\n        path: /spec/ports/0/port\n        value: 8080\n      - op: remove\n        path: /spec/selector\n";

    private static InMemoryFileSystem Repository() => new InMemoryFileSystem()
        .Add("base/kustomization.yaml", "resources:\n  - app.yaml\n")
        .Add("base/app.yaml", App)
        .Add("edits/kustomization.yaml", EditingOverlay)
        .Add("plain/kustomization.yaml", "resources:\n  - ../base\n");

    private static string Rendered(WorkspaceSnapshot workspace, string folder)
    {
        var result = KustomizeRenderer.For(workspace).Render(InMemoryFileSystem.PathOf(folder));
        Assert.That(result.Diagnostics, Is.Empty, folder);
        return RenderWriter.Write(result.Objects);
    }

    [Test]
    public void An_overlay_that_edits_a_shared_base_leaves_it_as_every_other_overlay_renders_it()
    {
        // Each alone, in a snapshot of its own (nothing converted before).
        var plainAlone = Rendered(WorkspaceLoader.Load(InMemoryFileSystem.Root, Repository()), "plain");
        var editsAlone = Rendered(WorkspaceLoader.Load(InMemoryFileSystem.Root, Repository()), "edits");
        Assert.That(editsAlone, Does.Contain("x-web").And.Contain("nginx:2.0").And.Contain("replicas: 5").And.Contain("patched").And.Contain("8080"));

        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, Repository());
        var convertedBefore = ConvertedDocuments.ConvertedOnThisThread;
        var edits = Rendered(workspace, "edits");
        var convertedByFirst = ConvertedDocuments.ConvertedOnThisThread - convertedBefore;
        var plain = Rendered(workspace, "plain");
        var editsAgain = Rendered(workspace, "edits");

        Assert.That(convertedByFirst, Is.EqualTo(3), "the base's three documents, converted by the first overlay");
        Assert.That(ConvertedDocuments.ConvertedOnThisThread - convertedBefore, Is.EqualTo(3), "and shared by the next renders");
        Assert.That(plain, Is.EqualTo(plainAlone));
        Assert.That(edits, Is.EqualTo(editsAlone));
        Assert.That(editsAgain, Is.EqualTo(editsAlone));
    }

    [Test]
    public void A_copy_on_write_map_is_copied_where_it_is_edited_and_its_template_never_changes()
    {
        var document = YamlParser.Parse(App).Documents[0].RootMapping!;
        var template = RenderMap.FromYaml(document, "/repo/base/app.yaml");
        var before = Written(template);
        var copy = RenderMap.CopyOnWrite(template);

        copy.Map("metadata")!.Set("name", RenderScalar.String("renamed", null));
        var containers = (RenderSequence)copy.At("spec", "template", "spec", "containers")!;
        ((RenderMap)containers.Items[0]).Remove("image");
        containers.Items.Add(new RenderMap());
        ((RenderMap)copy.At("spec", "selector", "matchLabels")!).Entries[0].Value = RenderScalar.String("other", null);
        copy.Entries.RemoveAll(e => e.Key == "apiVersion");

        Assert.That(Written(template), Is.EqualTo(before), "the template");
        Assert.That(Written(RenderMap.CopyOnWrite(template)), Is.EqualTo(before), "a new copy");
        Assert.That(Written(copy), Does.Contain("renamed").And.Contain("other").And.Not.Contain("nginx").And.Not.Contain("apiVersion"));

        // What the edits did not reach is read from the template: the same scalar, not a copy of it.
        var port = ((RenderMap)((RenderSequence)((RenderMap)containers.Items[0])["ports"]!).Items[0])["containerPort"];
        var templatePort = ((RenderMap)((RenderSequence)((RenderMap)((RenderSequence)template.At("spec", "template", "spec", "containers")!).Items[0])["ports"]!).Items[0])["containerPort"];
        Assert.That(port, Is.SameAs(templatePort));
    }

    [Test]
    public void A_base_file_edited_in_a_new_snapshot_is_converted_again()
    {
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, Repository());
        Assert.That(Rendered(workspace, "plain"), Does.Contain("nginx:1.0"));

        var path = InMemoryFileSystem.PathOf("base/app.yaml");
        var edited = workspace.WithFile(path, WorkspaceFile.FromText(path, workspace.Root, App.Replace("nginx:1.0", "nginx:1.1"), workspace.GetFile(path)));
        var convertedBefore = ConvertedDocuments.ConvertedOnThisThread;

        Assert.That(Rendered(edited, "plain"), Does.Contain("nginx:1.1").And.Not.Contain("nginx:1.0"));
        Assert.That(ConvertedDocuments.ConvertedOnThisThread - convertedBefore, Is.EqualTo(3));
        Assert.That(Rendered(workspace, "plain"), Does.Contain("nginx:1.0"), "the earlier snapshot renders as it was");
    }

    private static string Written(RenderMap root) => RenderWriter.Write([new RenderedObject(root, new SourceRef("/repo/base/app.yaml", default))]);
}
