using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Rules.Templates;

namespace GitOpsAi.Core.Rules.Catalog;

/// <summary>Secret rules: plain Secrets and secret-looking values committed to Git.</summary>
public static class SecretRules
{
    public static IReadOnlyList<RuleDefinition> All { get; } =
    [
        new()
        {
            Id = "plain-secret",
            Category = RuleCategory.Secrets,
            DefaultSeverity = DiagnosticSeverity.Error,
            Description = "Secrets committed with their values in plain text (not SOPS-encrypted, sealed or external).",
            Remediation = "Convert the Secret to a SealedSecret, an ExternalSecret or a SOPS-encrypted file, and rotate the values that were committed.",
            Scope = ["Secret"],
            Notes = "SOPS-encrypted documents, ENC[...] values, ${VAR} substitutions, empty values, public certificates and keys listed in nonSecretKeys (Argo CD repository url/type/name...) are not reported. The SealedSecret fix needs settings.sealedSecretsCertificate (and honours settings.sealedSecretsScope); the ExternalSecret fix uses settings.externalSecretStore; the editor hands its values over (clipboard, or a file outside the repository) only when the fix is picked, and never writes them into the repository. Also checked on rendered objects: a Secret a secretGenerator makes from literals (or env and data files) in Git, or an overlay patch fills with plain values, is reported at the line that put the values there (the generator's first literal or file entry, the patch line), naming the overlay; a Secret generated from a SOPS-encrypted file (values that decode to ENC[...], which Flux decrypts at apply time) is not, and a base Secret already reported at its own line is not reported again per overlay.",
            FixSafety = FixSafety.Unsafe,
            Template = new PlainSecretTemplate(),
        },
        new()
        {
            Id = "sensitive-env-var",
            Category = RuleCategory.Secrets,
            DefaultSeverity = DiagnosticSeverity.Error,
            Description = "Containers that set a secret as a literal environment variable value.",
            Remediation = "Take the value from a Secret with env[].valueFrom.secretKeyRef (or envFrom.secretRef) instead of writing it in the manifest.",
            Scope = [RuleScope.Workloads],
            Equivalents = ["polaris:sensitiveContainerEnvVar", "kube-linter:env-var-secret"],
            Notes = "Polaris flags names matching password, token, bearer, secret and a few cloud key names, and private-key values; kube-linter's env-var-secret flags names containing 'secret' with any non-empty value. Default: Polaris's names plus passwd, api key, private key and credentials, skipping values that cannot be secrets (paths, URLs without credentials, numbers, placeholders, ${VAR}) and reference-like names (PASSWORD_FILE, SECRET_NAME); well-known token formats are reported under any name. Set reportAnyLiteral: true for the peers' behaviour (it also takes any 'BEGIN ... PRIVATE KEY' line for a key, placeholder content included, as Polaris does), and sensitiveNames: ['secret'] for kube-linter's names.",
            Template = new SecretValueTemplate(SecretPlaces.EnvValues),
        },
        new()
        {
            Id = "sensitive-configmap-content",
            Category = RuleCategory.Secrets,
            DefaultSeverity = DiagnosticSeverity.Error,
            Description = "ConfigMaps that hold secrets: literal values under sensitive keys, credentials in known formats, or password assignments in embedded files.",
            Remediation = "Move the value to a Secret (sealed, external or SOPS-encrypted) and reference it from there.",
            Scope = ["ConfigMap"],
            Equivalents = ["polaris:sensitiveConfigmapContent"],
            Notes = "Polaris flags any key whose name matches password, token, bearer or secret, whatever the value. Default: the value must be able to hold a secret (not empty, a path, a URL without credentials, a number or a placeholder); set reportAnyLiteral: true for Polaris's behaviour (it also takes any 'BEGIN ... PRIVATE KEY' line for a key, placeholder content included).",
            Template = new SecretValueTemplate(SecretPlaces.ConfigMapData),
        },
        new()
        {
            Id = "secret-in-annotation",
            Category = RuleCategory.Secrets,
            DefaultSeverity = DiagnosticSeverity.Warning,
            Description = "Annotations whose values look like secrets (known token formats, password assignments or high-entropy strings).",
            Remediation = "Keep the secret in a Secret and refer to it by name; annotations are readable by anyone who can read the object.",
            Scope = [RuleScope.Any],
            Template = new SecretValueTemplate(SecretPlaces.Annotations, new SecretValueParameters { Evidence = ["knownFormat", "assignment", "highEntropy"] }),
        },
        new()
        {
            Id = "high-entropy-value",
            Category = RuleCategory.Secrets,
            DefaultSeverity = DiagnosticSeverity.Warning,
            Description = "Environment variable values and ConfigMap data that contain random-looking strings which may be secrets.",
            Remediation = "Move the value to a Secret if it is one, or add it to the rule's allowValues if it is not.",
            Scope = [RuleScope.Workloads, "ConfigMap"],
            Notes = "Values already reported by sensitive-env-var or sensitive-configmap-content (sensitive names, known formats, assignments) are not reported again. Hex strings, UUIDs, digests and base64 of plain words are ignored.",
            Template = new SecretValueTemplate(SecretPlaces.EnvValues | SecretPlaces.ConfigMapData, new SecretValueParameters { Evidence = ["highEntropy"] }),
        },
    ];
}
