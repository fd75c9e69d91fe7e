using System.Text.RegularExpressions;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.AdmissionPolicies;

/// <summary>
/// Finds the field a CEL expression reads, so a finding underlines it: the deepest part of the paths the expression
/// writes from <c>object</c> (<c>object.spec.containers</c>, <c>object.metadata.?labels['app']</c>) that exists in
/// the object, following <c>variables.x</c> into the variable's own expression. Null when it reads nothing there.
/// </summary>
internal static partial class CelFieldLocator
{
    public static TextSpan? Locate(string expression, YamlMapping root, IReadOnlyList<CelVariable> variables) =>
        Deepest(expression, root, variables, depth: 0)?.Span;

    private static (TextSpan Span, int Depth)? Deepest(string expression, YamlMapping root, IReadOnlyList<CelVariable> variables, int depth)
    {
        (TextSpan Span, int Depth)? best = null;
        foreach (Match path in ObjectPath().Matches(expression))
        {
            var found = Walk(root, path.Groups["path"].Value);
            if (found is { } f && (best is null || f.Depth > best.Value.Depth))
            {
                best = f;
            }
        }

        if (depth < 3)
        {
            foreach (Match reference in VariableReference().Matches(expression))
            {
                var variable = variables.FirstOrDefault(v => v.Name == reference.Groups["name"].Value);
                if (variable is not null && Deepest(variable.Expression.Text, root, variables, depth + 1) is { } f && (best is null || f.Depth > best.Value.Depth))
                {
                    best = f;
                }
            }
        }

        return best;
    }

    private static (TextSpan Span, int Depth)? Walk(YamlMapping root, string path)
    {
        YamlNode node = root;
        TextSpan? span = null;
        var depth = 0;
        foreach (Match segment in Segment().Matches(path))
        {
            var key = segment.Groups["field"].Success ? segment.Groups["field"].Value
                : segment.Groups["quoted"].Success ? segment.Groups["quoted"].Value
                : segment.Groups["index"].Value;
            if (node is YamlMapping mapping && mapping.GetPair(key) is { } pair)
            {
                span = pair.Key.Span;
                node = pair.Value;
            }
            else if (node is YamlSequence sequence && int.TryParse(key, out var index) && index >= 0 && index < sequence.Items.Count)
            {
                node = sequence.Items[index];
                span = node.Span;
            }
            else
            {
                break;
            }

            depth++;
        }

        return span is { } s ? (s, depth) : null;
    }

    [GeneratedRegex("""\bobject(?<path>(?:\s*\.\s*\??\s*[A-Za-z_][A-Za-z0-9_]*(?!\s*\()|\s*\[\s*\??\s*(?:'[^']*'|"[^"]*"|\d+)\s*\])*)""")]
    private static partial Regex ObjectPath();

    [GeneratedRegex("""\.\s*\??\s*(?<field>[A-Za-z_][A-Za-z0-9_]*)|\[\s*\??\s*(?:'(?<quoted>[^']*)'|"(?<quoted>[^"]*)"|(?<index>\d+))\s*\]""")]
    private static partial Regex Segment();

    [GeneratedRegex(@"\bvariables\s*\.\s*(?<name>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex VariableReference();
}
