using GitOpsAi.Core.Workspace;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Kustomize;

/// <summary>
/// What a value written in a base becomes in each overlay that changes it (for hover): the rendered objects that came
/// from the same document are walked along the same path (list items matched by name when they have one).
/// </summary>
public static class OverlayValues
{
    /// <summary>Markdown lines, one per overlay whose render differs from the written value; null when none does.</summary>
    public static string? Describe(WorkspaceSnapshot workspace, WorkspaceFile file, YamlMapping documentRoot, YamlScalar written)
    {
        if (PathTo(documentRoot, written) is not { } steps)
        {
            return null;
        }

        var here = new SourceRef(file.Path, written.Span);
        var lines = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (root, result) in RootRenders.All(workspace))
        {
            foreach (var rendered in result.Objects.Where(o => o.Origin.Path == file.Path && o.Origin.Span.Start == documentRoot.Span.Start))
            {
                var node = Navigate(rendered.Root, steps);
                if (node is null)
                {
                    lines.Add($"- {root.Name}: removed");
                }
                else if (node is RenderScalar scalar && (scalar.Source != here || scalar.Value != written.Value))
                {
                    var at = scalar.Source is { } source && result.SourceOf(source.Path) is { } text
                        ? $" (set at {WorkspaceFile.RelativeTo(workspace.Root, source.Path)}:{text.GetLinePosition(source.Span.Start).Line + 1})"
                        : string.Empty;
                    lines.Add($"- {root.Name}: `{scalar.Value}`{at}");
                }
            }
        }

        return lines.Count == 0 ? null : "**In the rendered output**\n\n" + string.Join("\n", lines);
    }

    private abstract record Step;

    private sealed record KeyStep(string Key) : Step;

    private sealed record ItemStep(int Index, string? Name) : Step;

    private static List<Step>? PathTo(YamlNode node, YamlNode target)
    {
        if (ReferenceEquals(node, target))
        {
            return [];
        }

        switch (node)
        {
            case YamlMapping mapping:
                foreach (var pair in mapping.Pairs)
                {
                    if (pair.KeyText is { } key && pair.Value.Span.ContainsOrTouches(target.Span.Start) && PathTo(pair.Value, target) is { } rest)
                    {
                        return [new KeyStep(key), .. rest];
                    }
                }

                break;
            case YamlSequence sequence:
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    var item = sequence.Items[i];
                    if (item.Span.ContainsOrTouches(target.Span.Start) && PathTo(item, target) is { } rest)
                    {
                        return [new ItemStep(i, (item as YamlMapping)?.GetString("name")), .. rest];
                    }
                }

                break;
        }

        return null;
    }

    private static RenderNode? Navigate(RenderNode node, List<Step> steps)
    {
        var current = node;
        foreach (var step in steps)
        {
            current = (step, current) switch
            {
                (KeyStep key, RenderMap map) => map[key.Key],
                (ItemStep { Name: { } name }, RenderSequence list) => list.Items.OfType<RenderMap>().FirstOrDefault(m => m.String("name") == name),
                (ItemStep item, RenderSequence list) => item.Index < list.Items.Count ? list.Items[item.Index] : null,
                _ => null,
            };
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }
}
