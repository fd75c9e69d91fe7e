using GitOpsAi.Core.Diagnostics;

namespace GitOpsAi.Core.Kustomize;

/// <summary>
/// The objects of a resource file: one per non-empty document, the items of a <c>List</c> each on their own. An object
/// without a kind or a name is an error, as in kustomize, and is left out.
/// </summary>
internal static class ResourceFile
{
    /// <summary>
    /// Hands the file's objects to <paramref name="add"/> in document order, each as soon as it is read (so the caller's
    /// errors and this file's come in the order they did). A static callback with its state, not an iterator: every
    /// resource file of every build went through a state machine; <paramref name="into"/> gets room for every document once.
    /// </summary>
    public static void Read<TState>(RenderContext context, string path, SourceRef? includedAt, List<RenderedObject> into, TState state, Action<RenderedObject, TState> add)
    {
        var file = context.Inputs.Yaml(path);
        if (file.IsSkipped || file.Yaml.IsHelmTemplate || HasError(file.Yaml.Diagnostics))
        {
            context.Error(includedAt, $"'{file.RelativePath}' is not valid YAML; kustomize build would fail.");
            return;
        }

        var documents = file.Yaml.Documents;
        into.EnsureCapacity(into.Count + documents.Count);
        for (var d = 0; d < documents.Count; d++)
        {
            var document = documents[d];
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
                foreach (var node in items.Items)
                {
                    if (node is RenderMap item && Identified(context, item, file.RelativePath, includedAt))
                    {
                        add(new RenderedObject(item, item.Source ?? new SourceRef(path, mapping.Span)), state);
                    }
                }

                continue;
            }

            if (Identified(context, root, file.RelativePath, includedAt))
            {
                add(new RenderedObject(root, new SourceRef(path, mapping.Span)), state);
            }
        }
    }

    private static bool HasError(IReadOnlyList<Diagnostic> diagnostics)
    {
        for (var i = 0; i < diagnostics.Count; i++)
        {
            if (diagnostics[i].Severity == DiagnosticSeverity.Error)
            {
                return true;
            }
        }

        return false;
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
