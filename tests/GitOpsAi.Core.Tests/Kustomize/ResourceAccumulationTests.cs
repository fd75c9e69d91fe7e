using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Kustomize;

/// <summary>Adding resources and fixing name references over many objects: ids looked up in a set, candidates listed once per kind.</summary>
public sealed class ResourceAccumulationTests
{
    private const string Service = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n";

    [Test]
    public void An_object_two_resource_files_declare_is_reported_as_added_twice_and_rendered_once()
    {
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, new InMemoryFileSystem()
            .Add("app/kustomization.yaml", "resources:\n  - service.yaml\n  - copy.yaml\n  - other.yaml\n")
            .Add("app/service.yaml", Service)
            .Add("app/copy.yaml", Service)
            .Add("app/other.yaml", Service.Replace("name: web", "name: other")));

        var result = RootRenders.All(workspace).Single().Result;

        Assert.That(result.Objects.Select(o => o.Name), Is.EqualTo(new[] { "other", "web" }).Or.EqualTo(new[] { "web", "other" }));
        Assert.That(result.Diagnostics.Select(d => d.Diagnostic.Message), Has.One.Contains("Service web is added twice"));
    }

    [Test]
    public void A_files_objects_are_added_as_each_document_is_read_so_the_first_error_at_the_entry_is_the_one_reported()
    {
        // One error per entry is kept: the duplicate (second document) comes before the nameless object (third), as in
        // kustomize, which stops at the first. Reading the whole file before adding any object would report the third.
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, new InMemoryFileSystem()
            .Add("app/kustomization.yaml", "resources:\n  - service.yaml\n  - more.yaml\n")
            .Add("app/service.yaml", Service)
            .Add("app/more.yaml", Service.Replace("name: web", "name: first") + "---\n" + Service + "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {}\n---\n" + Service.Replace("name: web", "name: last")));

        var result = RootRenders.All(workspace).Single().Result;

        Assert.That(result.Diagnostics.Select(d => d.Diagnostic.Message), Has.One.Items);
        Assert.That(result.Diagnostics[0].Diagnostic.Message, Does.Contain("Service web is added twice"));
        Assert.That(result.Objects.Select(o => o.Name), Is.EquivalentTo(new[] { "web", "first", "last" }));
    }

    [Test]
    public void The_same_name_in_another_namespace_is_not_a_duplicate()
    {
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, new InMemoryFileSystem()
            .Add("app/kustomization.yaml", "resources:\n  - a.yaml\n  - b.yaml\n")
            .Add("app/a.yaml", Service.Replace("name: web", "name: web\n  namespace: a"))
            .Add("app/b.yaml", Service.Replace("name: web", "name: web\n  namespace: b")));

        var result = RootRenders.All(workspace).Single().Result;

        Assert.That(result.Objects, Has.Count.EqualTo(2));
        Assert.That(result.Diagnostics, Is.Empty);
    }

    [Test]
    public void Every_deployment_of_an_overlay_follows_the_hashed_name_of_its_generated_config_map()
    {
        var deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: NAME\nspec:\n  template:\n    spec:\n      volumes:\n        - name: settings\n          configMap:\n            name: settings\n";
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, new InMemoryFileSystem()
            .Add("app/kustomization.yaml", "resources:\n  - one.yaml\n  - two.yaml\nconfigMapGenerator:\n  - name: settings\n    literals:\n      - MODE=fast\n")
            .Add("app/one.yaml", deployment.Replace("NAME", "one"))
            .Add("app/two.yaml", deployment.Replace("NAME", "two")));

        var objects = RootRenders.All(workspace).Single().Result.Objects;
        var hashed = objects.Single(o => o.Kind == "ConfigMap").Name;

        Assert.That(hashed, Does.StartWith("settings-"));
        Assert.That(objects.Where(o => o.Kind == "Deployment").Select(o => o.Root.At("spec", "template", "spec", "volumes")), Has.All.Matches<RenderNode?>(
            volumes => ((RenderMap)((RenderSequence)volumes!).Items[0]).At("configMap", "name")!.ToString() == hashed));
    }
}
