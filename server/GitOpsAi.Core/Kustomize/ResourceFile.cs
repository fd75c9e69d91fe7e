using GitOpsAi.Core.Diagnostics;

namespace GitOpsAi.Core.Kustomize;

/// <summary>
/// The objects of a resource file: one per non-empty document, the items of a <c>List</c> each on their own. An object
/// without a kind or a name is an error, as in kustomize, and is left out.
/// </summary>
internal static class ResourceFile
{
    public static IEnumerable<RenderedObject> Read(RenderContext context, string path, SourceRef? includedAt)
    {
        var file = context.Inputs.Yaml(path);
        if (file.IsSkipped || file.Yaml.IsHelmTemplate || file.Yaml.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            context.Error(includedAt, $"'{file.RelativePath}' is not valid YAML; kustomize build would fail.");
            yield break;
        }

        foreach (var document in file.Yaml.Documents)
        {
            if (document.Root is null)
            {
                continue;
            }

            if (document.RootMapping is not { } mapping)
            {
                context.Error(includedAt, $"document {document.Index + 1} of '{file.RelativePath}' is not an object; kustomize build would fail.");
                continue;
            }

            var root = (RenderMap)RenderNode.FromYaml(mapping, path);
            if (root.Entries.Count == 0)
            {
                continue;
            }

            if (root.String("kind") is { } kind && kind.EndsWith("List", StringComparison.Ordinal) && root["items"] is RenderSequence items)
            {
                foreach (var item in items.Items.OfType<RenderMap>())
                {
                    if (Identified(context, item, file.RelativePath, includedAt))
                    {
                        yield return new RenderedObject(item, item.Source ?? new SourceRef(path, mapping.Span));
                    }
                }

                continue;
            }

            if (Identified(context, root, file.RelativePath, includedAt))
            {
                yield return new RenderedObject(root, new SourceRef(path, mapping.Span));
            }
        }
    }

    /// <summary>kustomize refuses an object without a kind or a metadata.name (the whole build fails).</summary>
    private static bool Identified(RenderContext context, RenderMap root, string file, SourceRef? includedAt)
    {
        var missing = root.String("kind") is null ? "kind" : root.At("metadata", "name") is not RenderScalar { IsNull: false } ? "metadata.name" : null;
        if (missing is not null)
        {
            context.Error(includedAt, $"an object in '{file}' has no {missing}; kustomize build would fail (missing {missing} in object).");
        }

        return missing is null;
    }
}
