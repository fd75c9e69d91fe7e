using GitOpsAi.Core.Diagnostics;

namespace GitOpsAi.Core.Kustomize;

/// <summary>
/// The <c>transformers</c> field. kustomize's own transformers configured in a file (<c>apiVersion: builtin</c>,
/// LabelTransformer and AnnotationsTransformer) are applied; plugins and anything else get one note at the entry.
/// </summary>
internal static class BuiltinTransformers
{
    public static void Run(RenderContext context, KustomizationModel kustomization, string directory, Accumulation accumulation)
    {
        foreach (var entry in kustomization.Transformers)
        {
            var documents = Documents(context, entry, directory);
            if (documents is null)
            {
                context.Add(CoreDiagnostics.KustomizeNotRendered, entry.Source, $"The transformer '{FirstLine(entry.Value)}' is not rendered by GitOpsAi; what it changes is missing from the rendered output.");
                continue;
            }

            foreach (var config in documents)
            {
                var kind = config.String("kind");
                var specs = (config["fieldSpecs"] as RenderSequence)?.Items.Select(FieldSpec.FromNode).OfType<FieldSpec>().ToList() ?? [];
                if (config.String("apiVersion") == "builtin" && kind == "LabelTransformer" && config.Map("labels") is { } labels)
                {
                    MetadataTransformers.SetAll(labels, specs, accumulation.Objects);
                }
                else if (config.String("apiVersion") == "builtin" && kind == "AnnotationsTransformer" && config.Map("annotations") is { } annotations)
                {
                    MetadataTransformers.SetAll(annotations, specs, accumulation.Objects);
                }
                else
                {
                    context.Add(CoreDiagnostics.KustomizeNotRendered, entry.Source, $"The transformer {kind} is not rendered by GitOpsAi; what it changes is missing from the rendered output.");
                }
            }
        }
    }

    private static List<RenderMap>? Documents(RenderContext context, KustomizationPath entry, string directory)
    {
        if (entry.Value.Contains('\n'))
        {
            return InlineDocuments.Parse(context, entry.Node, out var errors) is var parsed && !errors ? parsed.OfType<RenderMap>().ToList() : null;
        }

        if (KindCatalog.IsRemote(entry.Value) || context.ResolveFile(directory, entry.Value, entry.Source, "transformers") is not { IsFile: true } resolved)
        {
            return null;
        }

        var path = resolved.Target!;
        return context.Inputs.Yaml(path).Yaml.Documents.Where(d => d.RootMapping is not null).Select(d => (RenderMap)RenderNode.FromYaml(d.RootMapping!, path)).ToList();
    }

    private static string FirstLine(string value) => value.Split('\n')[0];
}
