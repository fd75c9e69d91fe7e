using System.Text.RegularExpressions;
using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Expressions.Cel;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Schemas;

/// <summary>
/// Evaluates a schema node's <c>x-kubernetes-validations</c> rules on the YAML node it validates, as the API server
/// does for a create: <c>self</c> is the node's value. Transition rules (they read <c>oldSelf</c>) run only on update,
/// so they are skipped with a note; a rule we cannot evaluate says so and gives no verdict.
/// </summary>
internal static partial class SchemaRuleChecker
{
    /// <param name="notes">Rules already noted in this document, so a note appears once, not at every object of a list.</param>
    public static void Check(YamlNode node, IReadOnlyList<SchemaValidationRule> rules, TextSpan span, string path, List<Diagnostic> output, HashSet<string> notes)
    {
        var scope = new Dictionary<string, object?>(StringComparer.Ordinal) { ["self"] = CelValues.FromYaml(node) };
        foreach (var rule in rules)
        {
            if (OldSelf().IsMatch(rule.Rule))
            {
                if (notes.Add(rule.Rule))
                {
                    output.Add(CoreDiagnostics.ValidationRuleNotEvaluated.Create(span,
                        $"The rule '{Shorten(rule.Rule)}' on {path} compares with the stored object (oldSelf), which exists only on update; it is not evaluated here."));
                }

                continue;
            }

            var outcome = CelEvaluator.Evaluate(rule.Rule, scope);
            if (outcome.IsFalse)
            {
                output.Add(CoreDiagnostics.ValidationRule.Create(span, $"{path}: {MessageOf(rule, scope)}"));
            }
            else if (!outcome.IsTrue && notes.Add(rule.Rule))
            {
                var why = outcome.Kind == CelOutcomeKind.Value ? $"it gave {CelValues.Display(outcome.Value)}, not a bool" : outcome.Message;
                output.Add(CoreDiagnostics.ValidationRuleNotEvaluated.Create(span, $"The rule '{Shorten(rule.Rule)}' on {path} was not evaluated: {why}."));
            }
        }
    }

    private static string MessageOf(SchemaValidationRule rule, Dictionary<string, object?> scope)
    {
        if (rule.MessageExpression is { } expression && CelEvaluator.Evaluate(expression, scope) is { Kind: CelOutcomeKind.Value, Value: string { Length: > 0 } message })
        {
            return message;
        }

        return rule.Message is { Length: > 0 } text ? text : $"failed rule: {rule.Rule.Trim()}";
    }

    private static string Shorten(string rule)
    {
        var flat = string.Join(' ', rule.Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= 80 ? flat : flat[..77] + "...";
    }

    [GeneratedRegex(@"\boldSelf\b")]
    private static partial Regex OldSelf();
}
