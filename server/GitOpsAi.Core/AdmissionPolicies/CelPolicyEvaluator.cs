using System.Text.RegularExpressions;
using GitOpsAi.Core.Expressions.Cel;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.AdmissionPolicies;

internal enum CelResultKind
{
    /// <summary>A validation evaluated to false: the object is refused (or warned about).</summary>
    Violation,

    /// <summary>
    /// An expression failed on the object as written (no such key). The API server defaults fields before admission,
    /// so it may not fail there: said as information, never as a verdict.
    /// </summary>
    Error,

    /// <summary>We cannot tell (an unsupported function): never a verdict, said as information.</summary>
    NotEvaluated,
}

internal sealed record CelPolicyResult(CelResultKind Kind, TextSpan? Span, string Message);

/// <summary>What is evaluated on an object: the same for a Kubernetes policy, a Kyverno ValidatingPolicy and a validate.cel rule.</summary>
internal sealed record CelValidationSet(IReadOnlyList<CelVariable> MatchConditions, IReadOnlyList<CelVariable> Variables, IReadOnlyList<CelValidation> Validations, bool FailOpen)
{
    public static CelValidationSet Of(CelPolicy policy) => new(policy.MatchConditions, policy.Variables, policy.Validations, policy.FailOpen);
}

/// <summary>The values an admission request gives a policy besides the object.</summary>
/// <param name="NamespaceIsPartial">
/// True when the repository does not define the namespace: <c>namespaceObject</c> then holds only its name, and
/// expressions that read more of it are not evaluated.
/// </param>
internal sealed record CelRequestContext(object? Params, object? NamespaceObject, bool NamespaceIsPartial = false)
{
    public static readonly CelRequestContext Empty = new(null, null);

    /// <summary>The namespace as the API server hands it to a policy: the repository's Namespace object, else its name alone.</summary>
    public static object? NamespaceObjectFor(string name, YamlMapping? defined) =>
        defined is not null ? CelValues.FromYaml(defined)
        : name.Length == 0 ? null
        : CelValues.Map(("apiVersion", "v1"), ("kind", "Namespace"), ("metadata", CelValues.Map(("name", name))));
}

/// <summary>
/// Evaluates a CEL policy on one object as the API server would for a CREATE of it: variables in order, then
/// matchConditions (all must hold), then each validation. Only what is decided is reported.
/// </summary>
internal static partial class CelPolicyEvaluator
{
    /// <summary>Not a CEL identifier (it has a space), so no expression can read it; it tells Run about the namespace.</summary>
    private const string PartialNamespace = "namespace is partial";

    /// <param name="obj">The object as CEL sees it.</param>
    /// <param name="located">The YAML findings are located in (the object, or the pod template an autogen rule reads).</param>
    public static IReadOnlyList<CelPolicyResult> Evaluate(CelValidationSet policy, object? obj, YamlMapping located, ObjectIdentity identity, CelRequestContext context)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        var scope = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["object"] = obj,
            ["oldObject"] = null,
            ["params"] = context.Params,
            ["namespaceObject"] = context.NamespaceObject,
            [PartialNamespace] = context.NamespaceIsPartial,
            ["request"] = Request(identity),
            ["variables"] = values,
        };

        var failedVariables = new Dictionary<string, CelOutcome>(StringComparer.Ordinal);
        foreach (var variable in policy.Variables)
        {
            var outcome = Run(variable.Expression.Text, scope, failedVariables);
            if (outcome.Kind == CelOutcomeKind.Value)
            {
                values[variable.Name] = outcome.Value;
            }
            else
            {
                failedVariables[variable.Name] = outcome;
            }
        }

        var results = new List<CelPolicyResult>();
        foreach (var condition in policy.MatchConditions)
        {
            var outcome = Run(condition.Expression.Text, scope, failedVariables);
            if (outcome.IsFalse)
            {
                return [];
            }

            if (!outcome.IsTrue)
            {
                AddProblem(results, policy, located, condition.Expression.Text, outcome, $"matchCondition '{condition.Name}'");
                return results;
            }
        }

        foreach (var validation in policy.Validations)
        {
            var outcome = Run(validation.Expression.Text, scope, failedVariables);
            if (outcome.IsTrue)
            {
                continue;
            }

            if (outcome.IsFalse)
            {
                var span = CelFieldLocator.Locate(validation.Expression.Text, located, policy.Variables);
                results.Add(new CelPolicyResult(CelResultKind.Violation, span, MessageOf(validation, scope, failedVariables)));
            }
            else
            {
                AddProblem(results, policy, located, validation.Expression.Text, outcome, "a validation");
            }
        }

        return results;
    }

    private static void AddProblem(List<CelPolicyResult> results, CelValidationSet policy, YamlMapping located, string expression, CelOutcome outcome, string what)
    {
        var span = CelFieldLocator.Locate(expression, located, policy.Variables);
        switch (outcome.Kind)
        {
            case CelOutcomeKind.Error when !policy.FailOpen:
                results.Add(new CelPolicyResult(CelResultKind.Error, span, $"{what} fails on this object as written ({outcome.Message}); unless the API server defaults what is missing, failurePolicy Fail refuses it."));
                break;
            case CelOutcomeKind.NotEvaluated:
                results.Add(new CelPolicyResult(CelResultKind.NotEvaluated, span, $"{what} was not evaluated: {outcome.Message}."));
                break;
            case CelOutcomeKind.Value:
                results.Add(new CelPolicyResult(CelResultKind.NotEvaluated, span, $"{what} was not evaluated: it gave {CelValues.Display(outcome.Value)}, not a bool."));
                break;
        }
    }

    /// <summary>An expression that reads a variable which failed fails the same way (Kubernetes evaluates variables lazily).</summary>
    private static CelOutcome Run(string expression, Dictionary<string, object?> scope, Dictionary<string, CelOutcome> failedVariables)
    {
        var reads = ReadsOf(expression);
        if (reads.UnknownBeforeApply is { } unknown)
        {
            return new CelOutcome(CelOutcomeKind.NotEvaluated, null, $"'{unknown}' is not known before the object is applied");
        }

        if (scope[PartialNamespace] is true && reads.NamespaceBeyondName)
        {
            return new CelOutcome(CelOutcomeKind.NotEvaluated, null, "it reads the namespace's labels or spec, and the repository does not define the namespace");
        }

        if (failedVariables.Count > 0)
        {
            foreach (var name in reads.Variables)
            {
                if (failedVariables.TryGetValue(name, out var failed))
                {
                    return failed;
                }
            }
        }

        return CelEvaluator.Evaluate(expression, scope);
    }

    /// <summary>What an expression reads that decides whether it is run: found once per expression, not per object.</summary>
    private sealed record Reads(string? UnknownBeforeApply, bool NamespaceBeyondName, IReadOnlyList<string> Variables);

    private const int MaxReads = 4096;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Reads> ReadsByExpression = new(StringComparer.Ordinal);

    private static Reads ReadsOf(string expression)
    {
        if (ReadsByExpression.TryGetValue(expression, out var known))
        {
            return known;
        }

        var reads = new Reads(
            UnknownBeforeApply().Match(expression) is { Success: true } unknown ? unknown.Value : null,
            NamespaceBeyondName().IsMatch(expression),
            VariableReference().Matches(expression).Select(m => m.Groups["name"].Value).ToList());
        if (ReadsByExpression.Count < MaxReads)
        {
            ReadsByExpression.TryAdd(expression, reads);
        }

        return reads;
    }

    private static string MessageOf(CelValidation validation, Dictionary<string, object?> scope, Dictionary<string, CelOutcome> failedVariables)
    {
        if (validation.MessageExpression is { } messageExpression
            && Run(messageExpression.Text, scope, failedVariables) is { Kind: CelOutcomeKind.Value, Value: string { Length: > 0 } fromExpression })
        {
            return fromExpression;
        }

        return validation.Message is { Length: > 0 } message ? message : $"failed expression: {validation.Expression.Text.Trim()}";
    }

    private static Dictionary<string, object?> Request(ObjectIdentity o) => CelValues.Map(
        ("operation", "CREATE"),
        ("kind", CelValues.Map(("group", o.Group), ("version", o.Version), ("kind", o.Kind))),
        ("resource", CelValues.Map(("group", o.Group), ("version", o.Version), ("resource", o.Resource))),
        ("name", o.Name),
        ("namespace", o.Namespace),
        ("dryRun", false));

    /// <summary>Who sends the request and what they may do is known only in the cluster.</summary>
    [GeneratedRegex(@"\brequest\s*\.\s*userInfo|\bauthorizer\b")]
    private static partial Regex UnknownBeforeApply();

    [GeneratedRegex(@"\bnamespaceObject\s*\.\s*\??\s*(?:spec|status|metadata\s*\.\s*\??\s*(?!name\b)\w+)")]
    private static partial Regex NamespaceBeyondName();

    [GeneratedRegex(@"\bvariables\s*\.\s*(?<name>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex VariableReference();
}
