using System.Text;
using GitOpsAi.Core.Schemas;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Workspace;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Language;

public sealed record HoverInfo(string Markdown, TextSpan Span);

/// <summary>
/// Hover over a key or value: the field's description, type, allowed values and whether it is required, from the
/// schema in force (bundled, or a CRD found in the workspace). Works on unparsable documents from the line text.
/// </summary>
public static class HoverService
{
    public static HoverInfo? Hover(WorkspaceSnapshot workspace, WorkspaceFile file, int offset)
    {
        var document = file.Yaml.DocumentAt(offset);
        if (document?.Root is YamlMapping root && document.IsAnalyzable)
        {
            var located = YamlNodeLocator.Find(root, offset);
            if (located?.Pair is null)
            {
                return null;
            }

            var identity = (root.GetString("apiVersion"), root.GetString("kind"));
            var kindSchema = SchemaPath.KindSchemaFor(workspace.Schemas, identity.Item1, identity.Item2, file.Path);
            // Only a key or a scalar (a value, or an item of a list) is hovered. Between the entries of a mapping or a
            // list (indentation, a trailing comment) the innermost pair is the enclosing one: describing it used to
            // show, say, "spec" with the span of a key lines away from the cursor. A list item's span is its own, not
            // that of the list's key.
            if (!located.OnKey && located.Node is not YamlScalar)
            {
                return null;
            }

            var span = located.OnKey ? located.Pair!.Value.Key.Span : located.Node.Span;
            var described = Describe(kindSchema, located.Path, span);

            // A value in a base that overlays change: what each of them renders.
            var value = located.OnKey ? located.Pair!.Value.Value as YamlScalar : located.Node as YamlScalar;
            if (value is not null && Kustomize.OverlayValues.Describe(workspace, file, root, value) is { } overlays)
            {
                return new HoverInfo(described is null ? overlays : described.Markdown + "\n\n" + overlays, described?.Span ?? span);
            }

            return described;
        }

        // Unparsable: use the key on the cursor's line.
        var context = YamlLineContextReader.Read(file.Source, LineKeyEnd(file.Source, offset), document?.Span ?? new TextSpan(0, file.Source.Length));
        if (context is null || context.ValueOfKey is null)
        {
            return null;
        }

        var fallbackSchema = SchemaPath.KindSchemaFor(workspace.Schemas, context.ApiVersion, context.Kind, file.Path);
        return Describe(fallbackSchema, context.Path.Append(context.ValueOfKey).ToList(), new TextSpan(offset, 0));
    }

    private static HoverInfo? Describe(KindSchema? kindSchema, IReadOnlyList<string> path, TextSpan span)
    {
        if (kindSchema is null || path.Count == 0)
        {
            return null;
        }

        if (path is ["kind"] or ["apiVersion"])
        {
            var description = kindSchema.Root.Description ?? $"{kindSchema.Kind} ({kindSchema.ApiVersion})";
            return new HoverInfo($"**{kindSchema.Kind}** `{kindSchema.ApiVersion}`\n\n{description}\n\n*Schema: {Origin(kindSchema)}*", span);
        }

        var parentPath = path.Take(path.Count - 1).ToList();
        var (parent, _) = SchemaPath.Resolve(kindSchema.Root, parentPath);
        var (schema, property) = SchemaPath.Resolve(kindSchema.Root, path);
        if (schema is null)
        {
            return null;
        }

        var name = path[^1] == "[]" ? path.Count > 1 ? path[^2] + "[]" : "item" : path[^1];
        var markdown = new StringBuilder();
        markdown.Append("**").Append(name).Append("**: `").Append(schema.DescribeType()).Append('`');
        if (parent?.Required.Contains(name) == true)
        {
            markdown.Append(" (required)");
        }

        markdown.Append("\n\n");
        if ((property?.EffectiveDescription ?? schema.Description) is { Length: > 0 } text)
        {
            markdown.Append(text).Append("\n\n");
        }

        if (schema.Enum is { Count: > 0 } values)
        {
            markdown.Append("Allowed values: ").Append(string.Join(", ", values.Select(v => $"`{v}`"))).Append("\n\n");
        }

        if (schema.DeprecationMessage is { } deprecation)
        {
            markdown.Append("**Deprecated.** ").Append(deprecation).Append("\n\n");
        }

        markdown.Append('*').Append(kindSchema.Kind).Append(' ').Append(kindSchema.ApiVersion).Append(": ").Append(string.Join('.', path).Replace(".[]", "[]", StringComparison.Ordinal)).Append('*');
        return new HoverInfo(markdown.ToString(), span);
    }

    private static string Origin(KindSchema schema) => schema.Origin switch
    {
        SchemaOrigin.Kubernetes => "Kubernetes",
        SchemaOrigin.Bundled => "bundled GitOps schema",
        SchemaOrigin.WorkspaceCrd => "CRD in this repository" + (schema.SourcePath is { } path ? $" ({Path.GetFileName(path)})" : string.Empty),
        SchemaOrigin.ClusterCrd => "CRD served by the connected cluster",
        _ => "schema folder",
    };

    /// <summary>The offset just after "key:" on the cursor's line, so the line reads as "completing the value of key".</summary>
    private static int LineKeyEnd(SourceText source, int offset)
    {
        var line = source.GetLinePosition(offset).Line;
        var start = source.GetLineStart(line);
        var text = source.GetLineText(line);
        var colon = text.IndexOf(": ", StringComparison.Ordinal);
        if (colon < 0 && text.EndsWith(":"))
        {
            colon = text.Length - 1;
        }

        return colon < 0 ? offset : start + Math.Min(text.Length, colon + 2);
    }
}
