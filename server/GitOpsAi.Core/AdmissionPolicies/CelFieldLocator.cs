using System.Collections.Concurrent;
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
        var reads = ReadsOf(expression);
        foreach (var path in reads.ObjectPaths)
        {
            var found = Walk(root, path);
            if (found is { } f && (best is null || f.Depth > best.Value.Depth))
            {
                best = f;
            }
        }

        if (depth < 3)
        {
            foreach (var name in reads.Variables)
            {
                var variable = variables.FirstOrDefault(v => v.Name == name);
                if (variable is not null && Deepest(variable.Expression.Text, root, variables, depth + 1) is { } f && (best is null || f.Depth > best.Value.Depth))
                {
                    best = f;
                }
            }
        }

        return best;
    }

    /// <summary>The keys of each path an expression writes from <c>object</c>, and the variables it reads, in order.</summary>
    private sealed record Reads(IReadOnlyList<string[]> ObjectPaths, IReadOnlyList<string> Variables);

    private const int MaxCached = 4096;

    // Parsed once per expression: every finding of every object located its field by running the regexes again.
    private static readonly ConcurrentDictionary<string, Reads> ReadsByExpression = new(StringComparer.Ordinal);

    private static Reads ReadsOf(string expression)
    {
        if (ReadsByExpression.TryGetValue(expression, out var known))
        {
            return known;
        }

        var reads = new Reads(
            ObjectPath().Matches(expression).Select(path => Keys(path.Groups["path"].Value)).ToList(),
            VariableReference().Matches(expression).Select(reference => reference.Groups["name"].Value).ToList());
        if (ReadsByExpression.Count < MaxCached)
        {
            ReadsByExpression.TryAdd(expression, reads);
        }

        return reads;
    }

    private static string[] Keys(string path) => Segment().Matches(path)
        .Select(segment => segment.Groups["field"].Success ? segment.Groups["field"].Value
            : segment.Groups["quoted"].Success ? segment.Groups["quoted"].Value
            : segment.Groups["index"].Value)
        .ToArray();

    private static (TextSpan Span, int Depth)? Walk(YamlMapping root, string[] keys)
    {
        YamlNode node = root;
        TextSpan? span = null;
        var depth = 0;
        foreach (var key in keys)
        {
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
