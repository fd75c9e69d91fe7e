using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Tests.Support;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Kustomize;

/// <summary>
/// The one reading of a kustomization: every field with the span it was written at, malformed entries kept with their
/// form, and each version of a file read once for the renderer, the structure walk and the inclusion graph together.
/// </summary>
[NonParallelizable]
public sealed class KustomizationModelTests
{
    private const string Root = "/repo";

    private static WorkspaceFile File(string relative, string text) => WorkspaceFile.FromText($"{Root}/{relative}", Root, text);

    private static KustomizationModel Read(string text)
    {
        var file = File("app/kustomization.yaml", text);
        return KustomizationReader.Of(file.Manifests.Single().Root, file.Path);
    }

    [Test]
    public void Each_entry_points_at_the_text_that_wrote_it_and_resources_and_bases_keep_their_field()
    {
        var markup = Markup.Parse("""
            namespace: [|prod|]
            namePrefix: [|p-|]
            resources:
              - [|deploy.yaml|]
              - ""
            bases:
              - [|../base|]
            components:
              - [|../monitoring|]
            images:
              - name: nginx
                newTag: [|"1.27"|]
            replicas:
              - name: web
                count: [|3|]
            configMapGenerator:
              - name: [|settings|]
                files: [[|a=files/a.txt|]]
                envs: [[|files/app.env|]]
                env: [|files/old.env|]
            """);
        var model = Read(markup.Text);

        Assert.That((model.Namespace?.Value, model.Namespace?.Source?.Span), Is.EqualTo(("prod", (Text.TextSpan?)markup.Spans[0])));
        Assert.That((model.NamePrefix?.Value, model.NamePrefix?.Source?.Span), Is.EqualTo(("p-", (Text.TextSpan?)markup.Spans[1])));
        Assert.That(model.Resources.Select(r => (r.Field, r.Value)), Is.EqualTo(new[] { ("resources", "deploy.yaml"), ("bases", "../base") }), "a blank entry names nothing");
        Assert.That(model.Resources.Select(r => r.Source.Span), Is.EqualTo(new[] { markup.Spans[2], markup.Spans[3] }));
        Assert.That(model.Components.Single().Source.Span, Is.EqualTo(markup.Spans[4]));
        Assert.That(model.Images.Single().NewTag?.Source?.Span, Is.EqualTo(markup.Spans[5]));
        Assert.That(model.Replicas.Single().Count?.Source?.Span, Is.EqualTo(markup.Spans[6]));
        var generator = model.Generators.Single();
        Assert.That((generator.Kind, generator.Name?.Source?.Span), Is.EqualTo(("ConfigMap", (Text.TextSpan?)markup.Spans[7])));
        Assert.That(generator.Files.Single().Source?.Span, Is.EqualTo(markup.Spans[8]));
        Assert.That(generator.Envs.Select(e => e.Source?.Span), Is.EqualTo(new Text.TextSpan?[] { markup.Spans[9], markup.Spans[10] }), "envs, then the deprecated env");
        Assert.That(model.GeneratedNames, Is.EqualTo(new[] { ("ConfigMap", "settings") }));
    }

    [Test]
    public void Malformed_patch_and_generator_entries_are_kept_with_their_form_and_the_file_a_bare_string_names()
    {
        var model = Read("""
            patches:
              - bare.yaml
              - path: file.yaml
                target: {kind: Deployment}
              - patch: |-
                  - op: remove
                    path: /spec
              - target: {kind: Service}
              - path:
            patchesStrategicMerge:
              - strategic.yaml
              - {path: wrong.yaml}
            patchesJson6902:
              - ops.yaml
            secretGenerator:
              - just-a-name
            """);

        Assert.That(model.Patches.Select(p => (p.Form, p.Text?.Value)), Is.EqualTo(new (PatchForm, string?)[]
        {
            (PatchForm.Malformed, "bare.yaml"), (PatchForm.File, "file.yaml"), (PatchForm.Inline, "- op: remove\n  path: /spec"), (PatchForm.Missing, null), (PatchForm.Empty, null),
        }));
        Assert.That(model.Patches[1].Target, Is.Not.Null);
        Assert.That(model.PatchesStrategicMerge.Select(p => p.Form), Is.EqualTo(new[] { PatchForm.File, PatchForm.Malformed }));
        Assert.That(model.PatchesJson6902.Single().Form, Is.EqualTo(PatchForm.Malformed));
        Assert.That(model.Generators.Single() is { Kind: "Secret", Map: null, Name: null }, Is.True);
    }

    [Test]
    public void A_kustomization_file_is_read_once_for_the_structure_walk_the_graph_and_every_render_and_again_only_when_edited()
    {
        var workspace = WorkspaceLoader.Create(Root, [
            File("base/kustomization.yaml", "resources: [deploy.yaml]\nreplicas: [{name: web, count: 2}]\n"),
            File("base/deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 1}\n"),
            File("prod/kustomization.yaml", "resources: [../base]\nnamespace: prod\n"),
        ], new InMemoryFileSystem(), new WorkspaceOptions());

        var before = KustomizationReader.Reads;
        var graph = InclusionGraph.For(workspace);
        var renderer = KustomizeRenderer.For(workspace);
        var first = renderer.Render($"{Root}/prod", LoadRestriction.RepositoryRoot);
        var second = renderer.Render($"{Root}/prod", LoadRestriction.RepositoryRoot);

        Assert.That(KustomizationReader.Reads - before, Is.EqualTo(2), "two kustomization files, each read once");
        Assert.That(graph.NamespacesOf($"{Root}/base/deploy.yaml"), Is.EqualTo(new[] { "prod" }));
        Assert.That(graph.ReplicasFor("web"), Is.EqualTo(2));
        Assert.That(second.Objects.Single().Root.At("spec", "replicas")?.ToString(), Is.EqualTo("2"));
        Assert.That(first.Objects.Single().Namespace, Is.EqualTo("prod"));

        var edited = workspace.WithFile($"{Root}/prod/kustomization.yaml", File("prod/kustomization.yaml", "resources: [../base]\nnamespace: staging\n"));
        var afterEdit = KustomizeRenderer.For(edited).Render($"{Root}/prod", LoadRestriction.RepositoryRoot);

        Assert.That(afterEdit.Objects.Single().Namespace, Is.EqualTo("staging"));
        Assert.That(InclusionGraph.For(edited).NamespacesOf($"{Root}/base/deploy.yaml"), Is.EqualTo(new[] { "staging" }));
        Assert.That(KustomizationReader.Reads - before, Is.EqualTo(3), "only the edited file is read again");
    }
}
