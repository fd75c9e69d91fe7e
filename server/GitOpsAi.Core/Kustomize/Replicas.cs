using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Kustomize;

/// <summary>The <c>replicas</c> field: sets spec.replicas of the workloads with that (original or current) name.</summary>
internal static class Replicas
{
    public static void Apply(KustomizationModel kustomization, TransformerConfig config, List<RenderedObject> objects)
    {
        foreach (var (name, written) in kustomization.Replicas)
        {
            if (written is not { } count)
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
