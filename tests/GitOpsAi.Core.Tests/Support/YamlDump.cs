using System.Text;

namespace GitOpsAi.Core.Tests.Support;

/// <summary>Everything a parse produced, as text, so two parses can be compared whole.</summary>
public static class YamlDump
{
    public static string Of(YamlFile file)
    {
        var builder = new StringBuilder();
        foreach (var document in file.Documents)
        {
            builder.Append($"doc {document.Index} {document.Span} {document.IsAnalyzable}\n");
            if (document.Root is not null)
            {
                Dump(document.Root, builder, 1);
            }
        }

        foreach (var comment in file.Comments)
        {
            builder.Append($"comment {comment.Span} {comment.Text} {comment.IsOwnLine}\n");
        }

        foreach (var diagnostic in file.Diagnostics)
        {
            builder.Append($"diag {diagnostic.Code} {diagnostic.Span} {diagnostic.Message}\n");
        }

        return builder.Append(file.IsHelmTemplate).ToString();
    }

    private static void Dump(YamlNode node, StringBuilder builder, int depth)
    {
        builder.Append(' ', depth).Append(node.KindName).Append(' ').Append(node.Span).Append(' ').Append(node.Anchor).Append(' ').Append(node.ExpandedSize);
        switch (node)
        {
            case YamlScalar scalar:
                builder.Append(" = ").Append(scalar.Value).Append(' ').Append(scalar.Style).Append('\n');
                break;
            case YamlMapping mapping:
                builder.Append('\n');
                foreach (var pair in mapping.Pairs)
                {
                    builder.Append(' ', depth).Append(pair.IsMerged ? "merged\n" : "pair\n");
                    Dump(pair.Key, builder, depth + 1);
                    Dump(pair.Value, builder, depth + 1);
                }

                break;
            case YamlSequence sequence:
                builder.Append('\n');
                foreach (var item in sequence.Items)
                {
                    Dump(item, builder, depth + 1);
                }

                break;
        }
    }
}
