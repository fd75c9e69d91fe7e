using GitOpsAi.Core.Kustomize;

namespace GitOpsAi.Core.Kyverno.Mutation;

/// <summary>
/// One JSON patch operation with the options Kyverno applies them with (evanphx/json-patch
/// <c>EnsurePathExistsOnAdd</c> and <c>AllowMissingPathOnRemove</c>): an <c>add</c> creates the objects and lists on
/// its way, a <c>remove</c> of a path the object lacks does nothing. The operation itself is the renderer's.
/// </summary>
internal static class KyvernoJsonPatch
{
    public static string? Apply(RenderMap target, RenderNode operation)
    {
        if (operation is RenderMap map && map.String("path") is { } path)
        {
            var tokens = Tokens(path);
            switch (map.String("op"))
            {
                case "add":
                    EnsureParents(target, tokens);
                    break;
                case "remove" when !Exists(target, tokens):
                    return null;
            }
        }

        return JsonPatch.Apply(target, new RenderSequence([operation]));
    }

    private static string[] Tokens(string path) =>
        path.Length == 0 ? [] : path.TrimStart('/').Split('/').Select(t => t.Replace("~1", "/").Replace("~0", "~")).ToArray();

    private static RenderNode? Child(RenderNode node, string token) => node switch
    {
        RenderMap map => map[token],
        RenderSequence list when int.TryParse(token, out var index) && index >= 0 && index < list.Items.Count => list.Items[index],
        _ => null,
    };

    private static bool Exists(RenderNode root, string[] tokens)
    {
        RenderNode? current = root;
        foreach (var token in tokens)
        {
            current = current is null ? null : Child(current, token);
        }

        return current is not null;
    }

    private static void EnsureParents(RenderNode root, string[] tokens)
    {
        var current = root;
        for (var i = 0; i < tokens.Length - 1; i++)
        {
            var next = Child(current, tokens[i]);
            if (next is null || StrategicMerge.IsNull(next))
            {
                if (current is not RenderMap map)
                {
                    return; // the patch itself reports the path
                }

                var listNext = tokens[i + 1] == "-" || int.TryParse(tokens[i + 1], out _);
                next = listNext ? new RenderSequence([]) : new RenderMap();
                map.Set(tokens[i], next);
            }

            current = next;
        }
    }
}
