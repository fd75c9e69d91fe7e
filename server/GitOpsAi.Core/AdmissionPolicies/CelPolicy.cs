using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Workspace;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.AdmissionPolicies;

/// <summary>A CEL expression as written in a policy, with the span of its text (where notes about it go).</summary>
internal sealed record CelExpressionText(string Text, TextSpan Span)
{
    public static CelExpressionText? From(YamlNode? node) =>
        node is YamlScalar { IsNull: false } scalar && scalar.Value.Trim().Length > 0 ? new CelExpressionText(scalar.Value, scalar.Span) : null;
}

internal sealed record CelVariable(string Name, CelExpressionText Expression);

internal sealed record CelValidation(CelExpressionText Expression, string? Message, CelExpressionText? MessageExpression, string? Reason);

/// <summary>What to do with a failed validation: <c>Deny</c>, <c>Warn</c>, <c>Audit</c> (Kubernetes and Kyverno spell them alike).</summary>
internal static class ValidationActions
{
    /// <summary>Deny blocks the request (an error that gates CI); Warn and Audit let it through but say so (a warning).</summary>
    public static Diagnostics.DiagnosticSeverity SeverityOf(IReadOnlyList<string> actions) =>
        actions.Any(a => string.Equals(a, "Deny", StringComparison.OrdinalIgnoreCase))
            ? Diagnostics.DiagnosticSeverity.Error
            : Diagnostics.DiagnosticSeverity.Warning;
}

/// <summary>
/// A validating policy written in CEL, whoever defines it: a Kubernetes <c>ValidatingAdmissionPolicy</c> or a Kyverno
/// <c>ValidatingPolicy</c> (same fields: matchConstraints, matchConditions, variables, validations). Parsed once per
/// manifest version.
/// </summary>
internal sealed class CelPolicy
{
    public required string Name { get; init; }

    /// <summary>The code its findings carry and .gitops-ai/rules.yaml configures (<c>admission:name</c>, <c>kyverno:name</c>).</summary>
    public required string Code { get; init; }

    public required string Source { get; init; }

    public required WorkspaceFile File { get; init; }

    public required Manifest Manifest { get; init; }

    public MatchResources? MatchConstraints { get; init; }

    public IReadOnlyList<CelVariable> MatchConditions { get; init; } = [];

    public IReadOnlyList<CelVariable> Variables { get; init; } = [];

    public IReadOnlyList<CelValidation> Validations { get; init; } = [];

    /// <summary>The kind of the params object (<c>spec.paramKind</c>), if the policy takes one.</summary>
    public (string ApiVersion, string Kind)? ParamKind { get; init; }

    /// <summary>True when <c>failurePolicy: Ignore</c>: an expression that errors lets the object through.</summary>
    public bool FailOpen { get; init; }

    /// <summary>The policy's own validation actions (Kyverno); a Kubernetes policy gets them from its binding.</summary>
    public IReadOnlyList<string> Actions { get; init; } = [];

    /// <summary>For a namespaced policy (Kyverno's NamespacedValidatingPolicy), the only namespace it sees.</summary>
    public string? Namespace { get; init; }

    /// <summary>What is evaluated on an object, made once per policy (not once per object).</summary>
    public CelValidationSet ValidationSet => _validationSet ??= CelValidationSet.Of(this);

    private CelValidationSet? _validationSet;

    public TextSpan NameSpan => (Manifest.Metadata?["name"] ?? Manifest.Root["kind"] ?? Manifest.Root).Span;

    /// <summary>Every expression of the policy, for the checks that need no object (syntax, unsupported functions).</summary>
    public IEnumerable<CelExpressionText> AllExpressions =>
        MatchConditions.Select(c => c.Expression)
            .Concat(Variables.Select(v => v.Expression))
            .Concat(Validations.SelectMany(v => v.MessageExpression is null ? [v.Expression] : new[] { v.Expression, v.MessageExpression }));
}
