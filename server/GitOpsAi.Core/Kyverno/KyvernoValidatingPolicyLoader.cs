using GitOpsAi.Core.AdmissionPolicies;
using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Workspace;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Kyverno;

/// <summary>
/// Kyverno's CEL policies (<c>policies.kyverno.io</c> <c>ValidatingPolicy</c> and <c>NamespacedValidatingPolicy</c>):
/// the fields of a ValidatingAdmissionPolicy with the validation actions on the policy itself, so the CEL policy
/// engine evaluates them like Kubernetes' own.
/// </summary>
internal static class KyvernoValidatingPolicyLoader
{
    public const string Group = "policies.kyverno.io";

    public static bool IsValidatingPolicy(Manifest manifest) =>
        manifest.Group == Group && manifest.Kind is "ValidatingPolicy" or "NamespacedValidatingPolicy";

    public static CelPolicy Load(WorkspaceFile file, Manifest manifest)
    {
        var spec = manifest.Spec;
        var name = manifest.Name ?? "(unnamed)";
        var actions = spec?.GetSequence("validationActions")?.Items.OfType<YamlScalar>().Select(s => s.Value).ToList();
        return new CelPolicy
        {
            Name = name,
            Code = KyvernoPolicy.CodeOf(name),
            Source = DiagnosticSources.Kyverno,
            File = file,
            Manifest = manifest,
            MatchConstraints = MatchResources.From(spec?["matchConstraints"]),
            MatchConditions = AdmissionPolicyLoader.Named(spec?.GetSequence("matchConditions")),
            Variables = AdmissionPolicyLoader.Named(spec?.GetSequence("variables")),
            Validations = AdmissionPolicyLoader.Validations(spec?.GetSequence("validations")),
            FailOpen = string.Equals(spec?.GetString("failurePolicy"), "Ignore", StringComparison.Ordinal),

            // Kyverno requires the actions; a policy that omits them is read as Audit, the gentler reading.
            Actions = actions is { Count: > 0 } ? actions : ["Audit"],
            Namespace = manifest.Kind == "NamespacedValidatingPolicy" ? manifest.Namespace ?? "default" : null,
        };
    }
}
