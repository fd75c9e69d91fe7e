using System.Text;
using GitOpsAi.Core.Schemas;

namespace GitOpsAi.Core.Generation;

/// <summary>
/// A trimmed schema for a prompt: the fields of a kind to a few levels, with their types and which are required,
/// without descriptions. Enough for a model to use real field names; the gate checks the rest.
/// </summary>
internal static class SchemaOutline
{
    public static string For(SchemaRegistry schemas, string apiVersion, string kind, int maxDepth = 4, int maxLines = 120)
    {
        if (schemas.Find(apiVersion, kind) is not { } schema)
        {
            return $"{kind} ({apiVersion}): no schema known.";
        }

        var builder = new StringBuilder($"{kind} ({apiVersion}):\n");
        var lines = 0;
        Write(builder, schema.Root, 1, maxDepth, maxLines, ref lines);
        return builder.ToString();
    }

    private static void Write(StringBuilder builder, SchemaNode node, int depth, int maxDepth, int maxLines, ref int lines)
    {
        var target = node.Items is not null && node.Properties is null ? node.Items : node;
        if (target.Properties is null || depth > maxDepth)
        {
            return;
        }

        foreach (var (name, property) in target.Properties.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (name is "status" || lines++ >= maxLines)
            {
                continue;
            }

            var required = target.Required.Contains(name) ? ", required" : string.Empty;
            var values = property.Schema.Enum is { Count: > 0 and <= 8 } allowed ? $", one of {string.Join("|", allowed)}" : string.Empty;
            builder.Append(' ', depth * 2).Append(name).Append(": ").Append(TypeName(property.Schema)).Append(required).Append(values).Append('\n');
            Write(builder, property.Schema, depth + 1, maxDepth, maxLines, ref lines);
        }
    }

    private static string TypeName(SchemaNode node)
    {
        if (node.IntOrString)
        {
            return "int-or-string";
        }

        var type = node.Types.ToString().ToLowerInvariant().Replace(", ", "|", StringComparison.Ordinal);
        return node.Items is not null ? $"array of {TypeName(node.Items)}" : type == "none" ? "any" : type;
    }
}
