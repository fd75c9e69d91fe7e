using GitOpsAi.Core.Kustomize;

namespace GitOpsAi.Core.Tests.Kustomize;

/// <summary>
/// kustomize's legacy output order, sorted over keys read once per object: it must give exactly the order of the
/// definition (kind rank, group/version/kind, namespace with none last, name, then the order the objects were added in).
/// </summary>
public sealed class ResourceOrderTests
{
    private static readonly string?[] ApiVersions = ["v1", "apps/v1", "batch/v1", "example.com/v1alpha1", "/v1", null];
    private static readonly string?[] Kinds = ["Namespace", "ConfigMap", "Deployment", "Service", "Widget", "ValidatingWebhookConfiguration", "ServiceAccount", null];
    private static readonly string?[] Namespaces = [null, "a", "b", "~X", "default"];
    private static readonly string[] Names = ["web", "api", "Web", "web-1", ""];

    private static RenderedObject Object(Random random, int index)
    {
        var root = new RenderMap();
        if (ApiVersions[random.Next(ApiVersions.Length)] is { } apiVersion)
        {
            root.Set("apiVersion", RenderScalar.String(apiVersion, null));
        }

        if (Kinds[random.Next(Kinds.Length)] is { } kind)
        {
            root.Set("kind", RenderScalar.String(kind, null));
        }

        var metadata = root.GetOrCreateMap("metadata", null);
        metadata.Set("name", RenderScalar.String(Names[random.Next(Names.Length)], null));
        if (Namespaces[random.Next(Namespaces.Length)] is { } ns)
        {
            metadata.Set("namespace", RenderScalar.String(ns, null));
        }

        // Told apart by their origin: objects with equal keys must keep the order they were added in.
        return new RenderedObject(root, new SourceRef("objects.yaml", new Text.TextSpan(index, 1)));
    }

    /// <summary>The definition, as the LINQ chain that sorted before.</summary>
    private static List<RenderedObject> ByDefinition(IEnumerable<RenderedObject> objects, string[] first, string[] last) =>
        objects.OrderBy(o => Rank(o.Kind, first, last))
            .ThenBy(o => Gvk(o.ApiVersion ?? string.Empty, o.Kind), StringComparer.Ordinal)
            .ThenBy(o => o.Namespace ?? "~X", StringComparer.Ordinal)
            .ThenBy(o => o.Name, StringComparer.Ordinal)
            .ToList();

    private static int Rank(string? kind, string[] first, string[] last) =>
        kind is not null && Array.IndexOf(first, kind) is >= 0 and var f ? f - first.Length
        : kind is not null && Array.IndexOf(last, kind) is >= 0 and var l ? l + 1 : 0;

    private static string Gvk(string apiVersion, string? kind)
    {
        var slash = apiVersion.IndexOf('/');
        var group = slash > 0 ? apiVersion[..slash] : string.Empty;
        var version = slash > 0 ? apiVersion[(slash + 1)..] : apiVersion;
        return $"{(group.Length == 0 ? "~G" : group)}_{(version.Length == 0 ? "~V" : version)}_{kind ?? "~K"}";
    }

    private static readonly string[] LegacyFirst =
    [
        "Namespace", "ResourceQuota", "StorageClass", "CustomResourceDefinition", "ServiceAccount", "PodSecurityPolicy", "Role",
        "ClusterRole", "RoleBinding", "ClusterRoleBinding", "ConfigMap", "Secret", "Endpoints", "Service", "LimitRange",
        "PriorityClass", "PersistentVolume", "PersistentVolumeClaim", "Deployment", "StatefulSet", "CronJob", "PodDisruptionBudget",
    ];

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void Three_hundred_objects_with_many_equal_keys_come_out_in_the_definitions_order(int seed)
    {
        var random = new Random(seed);
        var objects = Enumerable.Range(0, 300).Select(i => Object(random, i)).ToList();

        var sorted = ResourceOrder.Sort(objects);

        Assert.That(sorted, Is.EqualTo(ByDefinition(objects, LegacyFirst, ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"])).AsCollection);
    }

    [Test]
    public void Two_kinds_with_the_same_group_version_kind_string_sort_as_one_by_namespace_and_name()
    {
        // "a/b_c" and "a_b/c" both read as a_b_c_Widget: the sort ranks each kind once, and equal keys must share a place.
        static RenderedObject Widget(string apiVersion, string name, int index)
        {
            var root = new RenderMap();
            root.Set("apiVersion", RenderScalar.String(apiVersion, null));
            root.Set("kind", RenderScalar.String("Widget", null));
            root.GetOrCreateMap("metadata", null).Set("name", RenderScalar.String(name, null));
            return new RenderedObject(root, new SourceRef("objects.yaml", new Text.TextSpan(index, 1)));
        }

        var objects = new List<RenderedObject> { Widget("a/b_c", "z", 0), Widget("a_b/c", "y", 1), Widget("a/b_c", "x", 2) };

        var sorted = ResourceOrder.Sort(objects);

        Assert.That(sorted.Select(o => o.Name), Is.EqualTo(new[] { "x", "y", "z" }));
    }

    [Test]
    public void The_outermost_kustomizations_legacy_sort_lists_give_the_ranks()
    {
        var random = new Random(7);
        var objects = Enumerable.Range(0, 200).Select(i => Object(random, i)).ToList();
        var options = new SortOptions(null, ["Widget", "Service"], ["Namespace"], null);

        var sorted = ResourceOrder.Sort(objects, options);

        Assert.That(sorted, Is.EqualTo(ByDefinition(objects, ["Widget", "Service"], ["Namespace"])).AsCollection);
    }
}
