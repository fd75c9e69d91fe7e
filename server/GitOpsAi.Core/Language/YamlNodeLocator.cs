using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Language;

/// <summary>The path from a document's root to the node under the cursor, found in the parse tree.</summary>
/// <param name="Path">Keys from the root ("[]" for list items) down to the innermost pair at the cursor.</param>
/// <param name="Pair">The innermost mapping pair containing the cursor, if any.</param>
/// <param name="OnKey">True when the cursor is on that pair's key rather than its value.</param>
/// <param name="Node">The innermost node containing the cursor.</param>
/// <param name="Owner">The mapping that holds <paramref name="Pair"/>.</param>
public sealed record NodeAtCursor(IReadOnlyList<string> Path, YamlPair? Pair, bool OnKey, YamlNode Node, YamlMapping? Owner);

public static class YamlNodeLocator
{
    public static NodeAtCursor? Find(YamlNode root, int offset)
    {
        if (!root.Span.ContainsOrTouches(offset))
        {
            return null;
        }

        var path = new List<string>();
        YamlPair? lastPair = null;
        YamlMapping? owner = null;
        var onKey = false;
        var current = root;
        for (var depth = 0; depth < YamlParser.MaxDepth; depth++)
        {
            YamlNode? next = null;
            if (current is YamlMapping mapping)
            {
                foreach (var pair in mapping.Pairs)
                {
                    if (pair.IsMerged)
                    {
                        continue;
                    }

                    if (pair.Key.Span.ContainsOrTouches(offset))
                    {
                        path.Add(pair.KeyText ?? "?");
                        return new NodeAtCursor(path, pair, true, pair.Key, mapping);
                    }

                    if (pair.Value.Span.ContainsOrTouches(offset) && pair.Value.Span.Start >= pair.Key.Span.End)
                    {
                        path.Add(pair.KeyText ?? "?");
                        lastPair = pair;
                        owner = mapping;
                        onKey = false;
                        next = pair.Value;
                        break;
                    }
                }
            }
            else if (current is YamlSequence sequence)
            {
                foreach (var item in sequence.Items)
                {
                    if (item.Span.ContainsOrTouches(offset))
                    {
                        path.Add("[]");
                        next = item;
                        break;
                    }
                }
            }

            if (next is null)
            {
                return new NodeAtCursor(path, lastPair, onKey, current, owner);
            }

            current = next;
        }

        return new NodeAtCursor(path, lastPair, onKey, current, owner);
    }
}
