namespace GitOpsAi.Core.Kustomize;

/// <summary>
/// The kustomization fields that rewrite identity and metadata: <c>namespace</c>, <c>namePrefix</c>/<c>nameSuffix</c>,
/// <c>labels</c>, <c>commonLabels</c> and <c>commonAnnotations</c>. Each value they write points at the kustomization line.
/// </summary>
internal static class MetadataTransformers
{
    /// <summary>Kinds kustomize never prefixes or suffixes.</summary>
    private static readonly HashSet<string> NoPrefixKinds = new(StringComparer.Ordinal) { "CustomResourceDefinition", "APIService", "Namespace" };

    public static void Namespace(RenderContext context, KustomizationModel kustomization, TransformerConfig config, List<RenderedObject> objects)
    {
        if (kustomization.Namespace is not { } node || node.Value.Length == 0)
        {
            return;
        }

        var value = node.Value;
        var namespaces = objects.Where(o => o.Kind == "Namespace" && o.ApiVersion == "v1").ToList();
        if (namespaces.Count > 1)
        {
            context.Error(node.Source, $"namespace: {value} would rename {namespaces.Count} Namespace objects to the same name (kustomize: namespace transformation produces ID conflict).");
        }

        // One scalar written everywhere: no render edits a scalar in place (see RenderScalar), and one per object and
        // field (with the labels' below) was 18 MB of a render-roots round of the 50k monorepo.
        var written = RenderScalar.String(value, node.Source);
        foreach (var target in objects)
        {
            var (kind, apiVersion) = (target.Kind, target.ApiVersion);
            if (kind == "Namespace" && apiVersion == "v1" && target.Root.Map("metadata") is { } namespaceMetadata)
            {
                // kustomize renames the v1 Namespace object itself to the kustomization's namespace.
                namespaceMetadata.Set("name", written);
            }

            var group = Manifests.ApiGroupVersion.GroupOf(apiVersion);
            if (!KindCatalog.IsClusterScopedForKustomize(kind, group))
            {
                // By index, and visitors without closures: this runs for every object of every kustomization with a namespace.
                for (var i = 0; i < config.Namespace.Count; i++)
                {
                    var spec = config.Namespace[i];
                    if (!spec.Applies(kind, apiVersion))
                    {
                        continue;
                    }

                    FieldWalker.Visit(target.Root, spec.Segments, spec.Create, node.Source, (spec.Create, written), static (parent, key, set) =>
                    {
                        if (set.Create || parent[key] is RenderScalar)
                        {
                            parent.Set(key, set.written, set.written.Source);
                        }
                    });
                }
            }

            foreach (var path in ServiceNamespacePaths(group, kind))
            {
                FieldWalker.Visit(target.Root, path, create: false, node.Source, written, static (parent, key, written) =>
                {
                    if (parent[key] is RenderScalar)
                    {
                        parent.Set(key, written);
                    }
                });
            }

            target.RememberId();
        }
    }

    private static IEnumerable<string[]> ServiceNamespacePaths(string group, string? kind) => (group, kind) switch
    {
        ("admissionregistration.k8s.io", "ValidatingWebhookConfiguration" or "MutatingWebhookConfiguration") => [["webhooks", "clientConfig", "service", "namespace"]],
        ("apiregistration.k8s.io", "APIService") => [["spec", "service", "namespace"]],
        ("apiextensions.k8s.io", "CustomResourceDefinition") => [["spec", "conversion", "webhook", "clientConfig", "service", "namespace"]],
        _ => [],
    };

    public static void PrefixSuffix(KustomizationModel kustomization, TransformerConfig config, List<RenderedObject> objects)
    {
        var (prefix, suffix) = (kustomization.NamePrefix, kustomization.NameSuffix);
        if ((prefix?.Value.Length ?? 0) == 0 && (suffix?.Value.Length ?? 0) == 0)
        {
            return;
        }

        var source = prefix?.Value.Length > 0 ? prefix.Source : suffix!.Source;
        foreach (var target in objects.Where(o => !NoPrefixKinds.Contains(o.Kind ?? string.Empty)))
        {
            foreach (var spec in config.NamePrefix.Where(s => s.Applies(target)))
            {
                FieldWalker.Visit(target.Root, spec.Segments, create: false, source, (parent, key) =>
                {
                    if (parent[key] is RenderScalar { IsNull: false } name)
                    {
                        parent.Set(key, RenderScalar.String((prefix?.Value ?? string.Empty) + name.Value + (suffix?.Value ?? string.Empty), source));
                    }
                });
            }

            target.AddAffixes(prefix?.Value ?? string.Empty, suffix?.Value ?? string.Empty);
            target.RememberId();
        }
    }

    public static void Labels(KustomizationModel kustomization, TransformerConfig config, List<RenderedObject> objects)
    {
        foreach (var entry in kustomization.Labels)
        {
            var specs = new List<FieldSpec>();
            if (entry.IncludeSelectors)
            {
                specs.AddRange(config.CommonLabels);
            }
            else
            {
                specs.Add(FieldSpec.Parse("||metadata/labels|create"));
                if (entry.IncludeTemplates)
                {
                    specs.AddRange(config.TemplateLabels);
                }
            }

            specs.AddRange(entry.Fields);
            SetAll(entry.Pairs, specs, objects);
        }

        if (kustomization.CommonLabels is { } common)
        {
            SetAll(common, config.CommonLabels, objects);
        }
    }

    public static void Annotations(KustomizationModel kustomization, TransformerConfig config, List<RenderedObject> objects)
    {
        if (kustomization.CommonAnnotations is { } annotations)
        {
            SetAll(annotations, config.CommonAnnotations, objects);
        }
    }

    /// <summary>Writes every pair of <paramref name="values"/> (as strings) at each place the field specs reach.</summary>
    internal static void SetAll(RenderMap values, IReadOnlyList<FieldSpec> specs, IEnumerable<RenderedObject> objects)
    {
        if (values.Entries.Count == 0)
        {
            return;
        }

        // Equal specs apply to the same objects, so removing duplicates once keeps the order a per-object Where().Distinct()
        // gave, without a filter, a set and a closure per object.
        var distinct = specs.Distinct().ToList();

        // Each value as one string scalar written everywhere (no render edits a scalar in place, see RenderScalar): one
        // per object, field and pair (with the namespace's) was 18 MB of a render-roots round of the 50k monorepo.
        var written = new RenderScalar[values.Entries.Count];
        for (var i = 0; i < written.Length; i++)
        {
            var value = values.Entries[i].Value;
            written[i] = RenderScalar.String(value is RenderScalar { IsNull: false } scalar ? scalar.Value : string.Empty, value.Source);
        }

        foreach (var target in objects)
        {
            var (kind, apiVersion) = (target.Kind, target.ApiVersion);
            foreach (var spec in distinct)
            {
                if (!spec.Applies(kind, apiVersion))
                {
                    continue;
                }

                Set(target, spec, values, written);
            }
        }
    }

    /// <summary>Writes the pairs where one spec reaches in one object (the visitor takes the values as its state: no closure per object and spec).</summary>
    private static void Set(RenderedObject target, FieldSpec spec, RenderMap values, RenderScalar[] written)
    {
        FieldWalker.Visit(target.Root, spec.Segments, spec.Create, values.Source, (spec.Create, values, written), static (parent, key, set) =>
        {
            var (create, values, written) = set;
            if (parent[key] is not RenderMap map)
            {
                if (!create && parent[key] is null)
                {
                    return;
                }

                map = new RenderMap { Source = values.Source };
                parent.Set(key, map, values.Source);
            }

            // Room for several pairs at once (labels were added key by key, the list growing through 4, 8, 16). Not for
            // one: the list grows if the key is new, and a base's one label is mostly written on its objects already,
            // where making room doubled a full list for nothing (the labels of every object of a 50,000-resource check).
            if (values.Entries.Count > 1)
            {
                map.Entries.EnsureCapacity(map.Entries.Count + values.Entries.Count);
            }
            for (var i = 0; i < written.Length; i++)
            {
                var pair = values.Entries[i];
                map.Set(pair.Key, written[i], pair.KeySource);
            }
        });
    }
}
