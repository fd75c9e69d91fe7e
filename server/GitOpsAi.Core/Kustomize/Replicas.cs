using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Kustomize;

/// <summary>
/// The <c>replicas</c> field: sets spec.replicas of the workloads with that (original or current) name. An entry that
/// names no workload of a kind the replicas configuration knows is an error, as in kustomize.
/// </summary>
internal static class Replicas
{
    public static void Apply(RenderContext context, KustomizationModel kustomization, TransformerConfig config, List<RenderedObject> objects)
    {
        foreach (var (name, written, at) in kustomization.Replicas)
        {
            if (written is not { } count)
            {
                continue;
            }

            var matched = false;
            foreach (var target in objects.Where(o => o.HadName(name)))
            {
                foreach (var spec in config.Replicas.Where(s => s.Applies(target)))
                {
                    matched = true;
                    FieldWalker.Visit(target.Root, spec.Segments, spec.Create, count.Source, (parent, key) =>
                        parent.Set(key, new RenderScalar(count.Value, YamlScalarType.Integer, count.Source), count.Source));
                }
            }

            if (!matched)
            {
                var kinds = string.Join(", ", config.Replicas.Select(s => s.Kind).OfType<string>().Distinct());
                context.Error(at, $"replicas names '{name}', but no {kinds} has that name; kustomize build would fail.");
            }
        }
    }
}
