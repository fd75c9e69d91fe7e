using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Kustomize;

/// <summary>
/// The id kustomize refuses to add twice (issue 13 made it cheaper to read): kind, API group (not version), name, and
/// namespace with none counting as "default". Judged here as the tuple of the object's own properties judged it.
/// </summary>
public sealed class ObjectIdTests
{
    private static readonly string[] ApiVersions = ["v1", "apps/v1", "apps/v2", "batch/v1", "/v1", "apps/", "", "a/b/c"];
    private static readonly string?[] Kinds = ["Service", "Deployment", null];
    private static readonly string?[] Names = ["web", "api", "", null];
    private static readonly string?[] Namespaces = [null, "default", "apps", ""];

    [Test]
    public void Two_objects_have_the_same_id_exactly_when_their_kind_group_name_and_namespace_agree()
    {
        var objects = new List<RenderedObject>();
        var random = new Random(13);
        for (var i = 0; i < 400; i++)
        {
            objects.Add(Object(Pick(random, ApiVersions), Pick(random, Kinds), Pick(random, Names), Pick(random, Namespaces)));
        }

        foreach (var a in objects)
        {
            foreach (var b in objects)
            {
                var expected = Definition(a).Equals(Definition(b));
                Assert.That(ObjectId.Of(a).Equals(ObjectId.Of(b)), Is.EqualTo(expected), $"{a} / {b}");
                if (expected)
                {
                    Assert.That(ObjectId.Of(a).GetHashCode(), Is.EqualTo(ObjectId.Of(b).GetHashCode()));
                }
            }
        }
    }

    [Test]
    public void An_object_in_another_version_of_its_group_is_added_twice_and_one_in_another_group_is_not()
    {
        const string Deployment = "kind: Deployment\nmetadata:\n  name: web\n";
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, new InMemoryFileSystem()
            .Add("app/kustomization.yaml", "resources:\n  - a.yaml\n  - b.yaml\n  - c.yaml\n")
            .Add("app/a.yaml", "apiVersion: apps/v1\n" + Deployment)
            .Add("app/b.yaml", "apiVersion: apps/v1beta2\n" + Deployment + "  namespace: default\n")
            .Add("app/c.yaml", "apiVersion: example.com/v1\n" + Deployment));

        var result = RootRenders.All(workspace).Single().Result;

        Assert.That(result.Diagnostics.Select(d => d.Diagnostic.Message), Has.One.Contains("Deployment web is added twice"));
        Assert.That(result.Objects.Select(o => o.ApiVersion), Is.EquivalentTo(new[] { "apps/v1", "example.com/v1" }));
    }

    private static (string? Kind, string Group, string Name, string Namespace) Definition(RenderedObject o) => (o.Kind, o.Group, o.Name, o.Namespace ?? "default");

    private static T Pick<T>(Random random, T[] values) => values[random.Next(values.Length)];

    private static RenderedObject Object(string apiVersion, string? kind, string? name, string? @namespace)
    {
        var root = new RenderMap();
        root.Set("apiVersion", RenderScalar.String(apiVersion, null));
        if (kind is not null)
        {
            root.Set("kind", RenderScalar.String(kind, null));
        }

        var metadata = root.GetOrCreateMap("metadata", null);
        if (name is not null)
        {
            metadata.Set("name", RenderScalar.String(name, null));
        }

        if (@namespace is not null)
        {
            metadata.Set("namespace", RenderScalar.String(@namespace, null));
        }

        return new RenderedObject(root, new SourceRef("/repo/a.yaml", default));
    }
}
