using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Kustomize;

/// <summary>The <c>replicas</c> field: sets spec.replicas of the workloads with that (original or current) name.</summary>
internal static class Replicas
{
    public static void Apply(RenderMap kustomization, TransformerConfig config, List<RenderedObject> objects)
    {
        foreach (var entry in (kustomization["replicas"] as RenderSequence)?.Items.OfType<RenderMap>() ?? [])
        {
            if (entry.String("name") is not { } name || entry["count"] is not RenderScalar { IsNull: false } count)
            {
                continue;
            }

            foreach (var target in objects.Where(o => o.HadName(name)))
            {
                foreach (var spec in config.Replicas.Where(s => s.Applies(target)))
                {
                    FieldWalker.Visit(target.Root, spec.Segments, spec.Create, count.Source, (parent, key) =>
                        parent.Set(key, new RenderScalar(count.Value, YamlScalarType.Integer, count.Source), count.Source));
                }
            }
        }
    }
}
