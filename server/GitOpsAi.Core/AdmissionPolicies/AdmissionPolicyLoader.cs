using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Workspace;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.AdmissionPolicies;

/// <summary>A <c>ValidatingAdmissionPolicyBinding</c>: which policy, on what, with which params and actions.</summary>
internal sealed record AdmissionPolicyBinding(
    string Name,
    string PolicyName,
    MatchResources? MatchResources,
    IReadOnlyList<string> Actions,
    string? ParamName,
    string? ParamNamespace,
    LabelSelectorSpec? ParamSelector,
    bool DenyWhenParamMissing,
    TextSpan NameSpan);

/// <summary>Reads Kubernetes' ValidatingAdmissionPolicy and ValidatingAdmissionPolicyBinding (admissionregistration.k8s.io).</summary>
internal static class AdmissionPolicyLoader
{
    public const string Group = "admissionregistration.k8s.io";

    public static string CodeOf(string policyName) => $"admission:{policyName}";

    public static bool IsPolicy(Manifest manifest) => manifest.Is(Group, "ValidatingAdmissionPolicy");

    public static bool IsBinding(Manifest manifest) => manifest.Is(Group, "ValidatingAdmissionPolicyBinding");

    public static CelPolicy LoadPolicy(WorkspaceFile file, Manifest manifest)
    {
        var spec = manifest.Spec;
        var name = manifest.Name ?? "(unnamed)";
        var paramKind = spec?.GetMapping("paramKind");
        return new CelPolicy
        {
            Name = name,
            Code = CodeOf(name),
            Source = DiagnosticSources.Policy,
            File = file,
            Manifest = manifest,
            MatchConstraints = MatchResources.From(spec?["matchConstraints"]),
            MatchConditions = Named(spec?.GetSequence("matchConditions")),
            Variables = Named(spec?.GetSequence("variables")),
            Validations = Validations(spec?.GetSequence("validations")),
            ParamKind = paramKind?.GetString("kind") is { } kind ? (paramKind.GetString("apiVersion") ?? "v1", kind) : null,
            FailOpen = string.Equals(spec?.GetString("failurePolicy"), "Ignore", StringComparison.Ordinal),
        };
    }

    public static AdmissionPolicyBinding LoadBinding(Manifest manifest)
    {
        var spec = manifest.Spec;
        var paramRef = spec?.GetMapping("paramRef");
        return new AdmissionPolicyBinding(
            manifest.Name ?? "(unnamed)",
            spec?.GetString("policyName") ?? string.Empty,
            MatchResources.From(spec?["matchResources"]),
            spec?.GetSequence("validationActions")?.Items.OfType<YamlScalar>().Select(s => s.Value).ToList() ?? [],
            paramRef?.GetString("name"),
            paramRef?.GetString("namespace"),
            LabelSelectorSpec.From(paramRef?["selector"]),
            !string.Equals(paramRef?.GetString("parameterNotFoundAction"), "Allow", StringComparison.Ordinal),
            (manifest.Metadata?["name"] ?? manifest.Root).Span);
    }

    /// <summary>matchConditions and variables: a list of <c>{name, expression}</c>.</summary>
    public static IReadOnlyList<CelVariable> Named(YamlSequence? items) =>
        items?.Items.OfType<YamlMapping>()
            .Select(m => (Name: m.GetString("name") ?? string.Empty, Expression: CelExpressionText.From(m["expression"])))
            .Where(v => v.Expression is not null)
            .Select(v => new CelVariable(v.Name, v.Expression!))
            .ToList() ?? [];

    public static IReadOnlyList<CelValidation> Validations(YamlSequence? items) =>
        items?.Items.OfType<YamlMapping>()
            .Select(m => (m, Expression: CelExpressionText.From(m["expression"])))
            .Where(v => v.Expression is not null)
            .Select(v => new CelValidation(v.Expression!, v.m.GetString("message"), CelExpressionText.From(v.m["messageExpression"]), v.m.GetString("reason")))
            .ToList() ?? [];
}
