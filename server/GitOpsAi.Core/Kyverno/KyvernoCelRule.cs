using GitOpsAi.Core.AdmissionPolicies;
using GitOpsAi.Core.Expressions.Cel;
using GitOpsAi.Core.Expressions.JmesPath;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Kyverno;

/// <summary>
/// A ClusterPolicy/Policy rule's <c>validate.cel</c> (expressions with message or messageExpression, variables) and
/// its <c>celPreconditions</c>: evaluated by the same CEL engine as a ValidatingAdmissionPolicy.
/// </summary>
internal sealed record KyvernoCelRule(CelValidationSet Validations)
{
    /// <summary>Reads <c>validate.cel</c>; what cannot be evaluated becomes a reason the rule is skipped (said once, on the rule).</summary>
    public static KyvernoCelRule? Parse(JObject? cel, JValue? preconditions, TextSpan ruleSpan, List<string> reasons)
    {
        if (cel is null)
        {
            return null;
        }

        if (cel.Get("paramKind") is not null || cel.Get("paramRef") is not null)
        {
            reasons.Add("its CEL expressions take params (validate.cel.paramKind)");
        }

        var validations = new List<CelValidation>();
        foreach (var item in (cel.Get("expressions") as JArray)?.Items.OfType<JObject>() ?? [])
        {
            if (Text(item.Get("expression"), ruleSpan) is { } expression)
            {
                validations.Add(new CelValidation(expression, (item.Get("message") as JString)?.Value, Text(item.Get("messageExpression"), ruleSpan), (item.Get("reason") as JString)?.Value));
            }
        }

        if (validations.Count == 0)
        {
            reasons.Add("its validate.cel block has no expressions");
        }

        var set = new CelValidationSet(Named(preconditions, ruleSpan), Named(cel.Get("variables"), ruleSpan), validations, FailOpen: false);
        var expressions = set.MatchConditions.Concat(set.Variables).Select(v => v.Expression)
            .Concat(validations.SelectMany(v => v.MessageExpression is null ? [v.Expression] : new[] { v.Expression, v.MessageExpression }));
        foreach (var expression in expressions)
        {
            if (CelEvaluator.UnsupportedFunctions(expression.Text) is { Count: > 0 } functions)
            {
                reasons.Add($"it uses {string.Join(", ", functions.Select(f => f + "()"))} in CEL, which GitOpsAi does not evaluate");
            }
            else if (CelEvaluator.CompileProblem(expression.Text) is { } problem)
            {
                reasons.Add($"a CEL expression is not evaluated ({problem.Message})");
            }
        }

        return new KyvernoCelRule(set);
    }

    /// <summary>
    /// Evaluates the rule on the object CEL sees: for an auto-generated pod-controller rule, the controller with the pod
    /// template's metadata and spec in place of its own (what Kyverno's rewrite of <c>object.spec</c> amounts to).
    /// </summary>
    public RuleEvaluation Evaluate(ResourceInfo resource, YamlMapping? template)
    {
        var root = resource.Manifest.Root;
        var obj = resource.CelObject;
        if (template is not null && obj is Dictionary<string, object?> shared)
        {
            // A copy: the object as written is shared by every rule that reads it.
            var map = new Dictionary<string, object?>(shared, StringComparer.Ordinal);
            obj = map;
            var pod = resource.CelTemplate(template) as Dictionary<string, object?> ?? [];
            map.Remove("metadata");
            map.Remove("spec");
            foreach (var key in (string[])["metadata", "spec"])
            {
                if (pod.TryGetValue(key, out var part))
                {
                    map[key] = part;
                }
            }
        }

        // Kyverno reads the namespace from the cluster; the repository may define it (its labels are in ResourceInfo).
        var (identity, ns) = resource.CelRequest;
        var results = CelPolicyEvaluator.Evaluate(Validations, obj, template ?? root, identity, new CelRequestContext(null, ns, NamespaceIsPartial: true));
        if (results.FirstOrDefault(r => r.Kind != CelResultKind.Violation) is { } problem)
        {
            return RuleEvaluation.Errored(problem.Message);
        }

        return results.Count == 0
            ? RuleEvaluation.Passed
            : new RuleEvaluation(RuleStatus.Fail, results.Select(r => new Finding(r.Span, r.Message, "/")).ToList());
    }

    private static CelExpressionText? Text(JValue? value, TextSpan ruleSpan) =>
        value is JString { Value: { } text } && text.Trim().Length > 0 ? new CelExpressionText(text, value.Node?.Span ?? ruleSpan) : null;

    private static IReadOnlyList<CelVariable> Named(JValue? list, TextSpan ruleSpan) =>
        (list as JArray)?.Items.OfType<JObject>()
            .Select(v => (Name: (v.Get("name") as JString)?.Value ?? string.Empty, Expression: Text(v.Get("expression"), ruleSpan)))
            .Where(v => v.Expression is not null)
            .Select(v => new CelVariable(v.Name, v.Expression!))
            .ToList() ?? [];
}
