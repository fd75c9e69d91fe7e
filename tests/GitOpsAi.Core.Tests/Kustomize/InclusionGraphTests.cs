using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Tests.Support;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Kustomize;

/// <summary>The inclusion graph: which kustomization or Flux Kustomization includes which file, and what that gives its objects.</summary>
public sealed class InclusionGraphTests
{
    private const string Root = "/repo";

    private static WorkspaceFile File(string relative, string text) => WorkspaceFile.FromText($"{Root}/{relative}", Root, text);

    private static WorkspaceSnapshot Load(params WorkspaceFile[] files) => WorkspaceLoader.Create(Root, files, new InMemoryFileSystem(), new WorkspaceOptions());

    private static WorkspaceSnapshot Overlays() => Load(
        File("base/kustomization.yaml", "resources: [deploy.yaml]\nnamespace: base-ns\nreplicas: [{name: web, count: 3}]\nconfigMapGenerator: [{name: settings}]\n"),
        File("base/deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n"),
        File("base/patch.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n"),
        File("overlays/prod/kustomization.yaml", "resources: [../../base]\nnamespace: prod\npatches: [{path: ../../base/patch.yaml}]\n"),
        File("overlays/dev/kustomization.yaml", "resources: [../../base, https://github.com/o/r//deploy?ref=v1]\nnamespace: dev\n"),
        File("clusters/prod/apps.yaml", "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: apps, namespace: flux-system}\nspec:\n  path: ./overlays/prod\n  sourceRef: {kind: GitRepository, name: flux-system}\n"),
        File("clusters/prod/plain.yaml", "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: plain, namespace: flux-system}\nspec:\n  path: ./plain\n  targetNamespace: tools\n  sourceRef: {kind: GitRepository, name: flux-system}\n"),
        File("plain/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n"));

    [Test]
    public void A_base_included_by_two_overlays_gets_both_outer_namespaces_and_not_its_own()
    {
        var graph = InclusionGraph.For(Overlays());

        Assert.That(graph.NamespacesOf($"{Root}/base/deploy.yaml"), Is.EquivalentTo(new[] { "prod", "dev" }));
        Assert.That(graph.IncludedBy($"{Root}/overlays/prod/kustomization.yaml"), Is.EqualTo(new[] { $"{Root}/base/kustomization.yaml" }));
    }

    [Test]
    public void A_flux_kustomization_applies_every_file_its_path_reaches_and_a_plain_folder_gets_its_target_namespace()
    {
        var graph = InclusionGraph.For(Overlays());

        Assert.That(graph.FluxKustomizationsApplying($"{Root}/base/deploy.yaml"), Is.EqualTo(new[] { $"{Root}/clusters/prod/apps.yaml" }));
        Assert.That(graph.FluxKustomizationsApplying($"{Root}/plain/cm.yaml"), Is.EqualTo(new[] { $"{Root}/clusters/prod/plain.yaml" }));
        Assert.That(graph.NamespacesOf($"{Root}/plain/cm.yaml"), Is.EquivalentTo(new[] { "tools" }));
        Assert.That(graph.NamespacesOf($"{Root}/plain/new-unlisted.yaml"), Is.EquivalentTo(new[] { "tools" }));
        Assert.That(graph.IsIncludedDirectory($"{Root}/overlays/prod"), Is.True);
        Assert.That(graph.IsIncludedDirectory($"{Root}/overlays/dev"), Is.False);
    }

    [Test]
    public void A_graph_says_whether_any_file_is_opaque_without_being_given_a_path()
    {
        var withoutRemote = Load(
            File("base/kustomization.yaml", "resources: [deploy.yaml]\n"),
            File("base/deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n"));

        Assert.That(InclusionGraph.For(Overlays()).HasOpaqueFiles, Is.True, "overlays/dev pulls a remote base");
        Assert.That(InclusionGraph.For(withoutRemote).HasOpaqueFiles, Is.False);
    }

    [Test]
    public void Roles_remote_bases_replicas_and_generator_names_come_from_the_kustomizations()
    {
        var graph = InclusionGraph.For(Overlays());

        Assert.That(graph.RoleOf($"{Root}/base/patch.yaml"), Is.EqualTo(FileRole.Patch));
        Assert.That(graph.IsOpaque($"{Root}/overlays/dev/kustomization.yaml"), Is.True);
        Assert.That(graph.IsOpaque($"{Root}/base/deploy.yaml"), Is.True, "a base included by an overlay with remote resources");
        Assert.That(graph.IsOpaque($"{Root}/overlays/prod/kustomization.yaml"), Is.False);
        Assert.That(graph.OpaqueNamespaces, Is.EquivalentTo(new[] { "dev" }));
        Assert.That(graph.ReplicasFor("web")?.ToString(), Is.Not.Null);
        Assert.That(graph.GeneratorNames("ConfigMap"), Is.EquivalentTo(new[] { "settings" }));
        Assert.That(graph.GeneratorNames("Secret"), Is.Empty);
    }

    [Test]
    public void An_edit_to_an_ordinary_manifest_keeps_the_graph_and_an_edit_to_a_kustomization_builds_a_new_one()
    {
        var first = Overlays();
        var graph = InclusionGraph.For(first);

        var leafEdit = first.WithFile($"{Root}/base/deploy.yaml", File("base/deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web2}\n"));
        var kustomizationEdit = first.WithFile($"{Root}/overlays/prod/kustomization.yaml", File("overlays/prod/kustomization.yaml", "resources: [../../base]\nnamespace: production\n"));

        Assert.That(InclusionGraph.For(leafEdit), Is.SameAs(graph));
        Assert.That(InclusionGraph.For(kustomizationEdit).NamespacesOf($"{Root}/base/deploy.yaml"), Is.EquivalentTo(new[] { "production", "dev" }));
    }
}
