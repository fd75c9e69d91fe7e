using System.Security.Cryptography;
using System.Text;

namespace GitOpsAi.Core.Secrets;

/// <summary>
/// Renders the replacements for a plain Secret: a SealedSecret (values sealed offline, as kubeseal does) or an
/// ExternalSecret skeleton plus the local values file its values go to. Output is YAML text without a trailing newline.
/// </summary>
public static class SecretConversions
{
    public const string SealedSecretApiVersion = "bitnami.com/v1alpha1";
    public const string DefaultExternalSecretApiVersion = "external-secrets.io/v1";
    public const string StorePlaceholder = "change-me-secret-store";

    /// <summary>Annotations kubeseal strips because they hold a copy of the plain object.</summary>
    private static readonly string[] LastAppliedAnnotations = ["kubectl.kubernetes.io/last-applied-configuration", "kubecfg.ksonnet.io/last-applied-configuration"];

    /// <summary>
    /// The SealedSecret kubeseal would write for this Secret with <c>--scope <paramref name="configuredScope"/></c>: a
    /// non-default scope is written into the annotations; with the default (strict) the Secret's own scope annotations
    /// decide. Returns null with a reason when it cannot be sealed (undecodable data, no namespace for a scoped seal).
    /// </summary>
    public static string? SealedSecret(SecretObject secret, RSA publicKey, SealingScope configuredScope, string newLine, out string? problem)
    {
        problem = null;
        if (secret.Name is not { } name)
        {
            problem = "the Secret has no metadata.name";
            return null;
        }

        if (!secret.AllDecoded)
        {
            problem = "a data value is not valid base64";
            return null;
        }

        var annotations = CopiedAnnotations(secret);
        if (configuredScope != SealingScope.Strict)
        {
            annotations = annotations.Where(a => a.Key is not (KubesealCrypto.NamespaceWideAnnotation or KubesealCrypto.ClusterWideAnnotation)).ToList();
            annotations.Add(KeyValuePair.Create(configuredScope == SealingScope.ClusterWide ? KubesealCrypto.ClusterWideAnnotation : KubesealCrypto.NamespaceWideAnnotation, "true"));
        }

        var scope = KubesealCrypto.ScopeFromAnnotations(annotations.ToDictionary(a => a.Key, a => a.Value));
        if (scope != SealingScope.ClusterWide && string.IsNullOrEmpty(secret.Namespace))
        {
            problem = $"a {KubesealCrypto.ScopeName(scope)} seal needs the Secret's namespace and it has none";
            return null;
        }

        var label = KubesealCrypto.Label(secret.Namespace, name, scope);
        var scopeAnnotations = annotations.Where(a => a.Key is KubesealCrypto.NamespaceWideAnnotation or KubesealCrypto.ClusterWideAnnotation).ToList();

        var yaml = new YamlWriter(newLine);
        yaml.Line(0, "apiVersion: " + SealedSecretApiVersion);
        yaml.Line(0, "kind: SealedSecret");
        yaml.Line(0, "metadata:");
        WriteIdentity(yaml, 2, name, secret.Namespace);
        WriteMap(yaml, 2, "annotations", scopeAnnotations);
        yaml.Line(0, "spec:");
        yaml.Line(2, "encryptedData:");
        foreach (var entry in secret.EffectiveEntries)
        {
            yaml.Line(4, $"{YamlText.Scalar(entry.Key)}: {KubesealCrypto.Seal(publicKey, entry.Value!, label)}");
        }

        yaml.Line(2, "template:");
        yaml.Line(4, "metadata:");
        WriteIdentity(yaml, 6, name, secret.Namespace);
        WriteMap(yaml, 6, "labels", secret.Labels);
        WriteMap(yaml, 6, "annotations", annotations);
        if (secret.Type is { } type)
        {
            yaml.Line(4, "type: " + YamlText.Scalar(type));
        }

        if (secret.Immutable is { } immutable)
        {
            yaml.Line(4, "immutable: " + immutable);
        }

        return yaml.ToString();
    }

    /// <summary>The remote key the ExternalSecret reads and the values file tells the user to create.</summary>
    public static string RemoteKey(SecretObject secret) =>
        string.IsNullOrEmpty(secret.Namespace) ? secret.Name ?? "secret" : $"{secret.Namespace}-{secret.Name}";

    /// <summary>An ExternalSecret that recreates the Secret (same name, type, labels and annotations) from the store, one data entry per key.</summary>
    public static string ExternalSecret(SecretObject secret, string? store, string storeKind, string apiVersion, string newLine)
    {
        var name = secret.Name ?? "secret";
        var remoteKey = RemoteKey(secret);
        var yaml = new YamlWriter(newLine);
        yaml.Line(0, "apiVersion: " + apiVersion);
        yaml.Line(0, "kind: ExternalSecret");
        yaml.Line(0, "metadata:");
        WriteIdentity(yaml, 2, name, secret.Namespace);
        yaml.Line(0, "spec:");
        yaml.Line(2, "refreshInterval: 1h");
        yaml.Line(2, "secretStoreRef:");
        yaml.Line(4, "kind: " + YamlText.Scalar(storeKind));
        yaml.Line(4, store is null
            ? $"name: {StorePlaceholder} # set this to the {storeKind} that holds '{remoteKey}' (settings.externalSecretStore in .gitops-ai/rules.yaml)"
            : "name: " + YamlText.Scalar(store));
        yaml.Line(2, "target:");
        yaml.Line(4, "name: " + YamlText.Scalar(name));
        yaml.Line(4, "creationPolicy: Owner");
        if (secret.Immutable == "true")
        {
            yaml.Line(4, "immutable: true");
        }

        var annotations = CopiedAnnotations(secret);
        if (secret.Type is not null || secret.Labels.Count > 0 || annotations.Count > 0)
        {
            yaml.Line(4, "template:");
            if (secret.Type is { } type)
            {
                yaml.Line(6, "type: " + YamlText.Scalar(type));
            }

            if (secret.Labels.Count > 0 || annotations.Count > 0)
            {
                yaml.Line(6, "metadata:");
                WriteMap(yaml, 8, "labels", secret.Labels);
                WriteMap(yaml, 8, "annotations", annotations);
            }
        }

        yaml.Line(2, "data:");
        foreach (var entry in secret.EffectiveEntries)
        {
            yaml.Line(4, "- secretKey: " + YamlText.Scalar(entry.Key));
            yaml.Line(6, "remoteRef:");
            yaml.Line(8, "key: " + YamlText.Scalar(remoteKey));
            yaml.Line(8, "property: " + YamlText.Scalar(entry.Key));
        }

        return yaml.ToString();
    }

    /// <summary>The values, one <c>key=value</c> line each (dotenv; multi-line values double-quoted with \n escapes,
    /// binary values base64 with a note), with a header saying where they go and that the file must not be committed.</summary>
    public static string ValuesFile(SecretObject secret, string sourceFile, string? store, string storeKind, string newLine)
    {
        var builder = new StringBuilder();
        void Line(string text) => builder.Append(text).Append(newLine);
        Line($"# The values of Secret {(secret.Namespace is null ? string.Empty : secret.Namespace + "/")}{secret.Name}, moved out of {sourceFile} by GitOpsAi.");
        Line($"# Upload them to the {storeKind} '{store ?? StorePlaceholder}' as the secret '{RemoteKey(secret)}' with one property per key,");
        Line("# then delete this file. It is listed in the .gitignore next to it: never commit it.");
        foreach (var entry in secret.EffectiveEntries)
        {
            if (entry.Value is not { } bytes)
            {
                Line($"# {entry.Key} is not valid base64 in the manifest; copied as written.");
                Line($"{entry.Key}={entry.Written.Trim()}");
                continue;
            }

            string text;
            try
            {
                text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                Line($"# {entry.Key} is binary; its value below is base64.");
                Line($"{entry.Key}={Convert.ToBase64String(bytes)}");
                continue;
            }

            if (text.Any(c => char.IsControl(c) || c is '"' or '\\' or '#' or '\'' or ' ') || text != text.Trim())
            {
                text = "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal) + "\"";
            }

            Line($"{entry.Key}={text}");
        }

        return builder.ToString();
    }

    /// <summary>
    /// The Secret's annotations that carry over to its replacement: all but the last-applied copies and any whose value
    /// looks like a secret (the replacement's annotations are in clear text, so a token there would stay readable).
    /// </summary>
    private static List<KeyValuePair<string, string>> CopiedAnnotations(SecretObject secret) =>
        secret.Annotations.Where(a => !LastAppliedAnnotations.Contains(a.Key) && !LooksSecret(a.Key, a.Value)).ToList();

    /// <summary>A known secret format, a <c>password=...</c> assignment, or a literal under a name that says it is secret.</summary>
    public static bool LooksSecret(string key, string value) =>
        SecretDetector.KnownFormats(value).Any()
        || SecretDetector.Assignments(value).Any()
        || (SecretAnnotationName.IsMatch(key) && SecretDetector.IsLiteralSecretCandidate(value, key));

    private static readonly System.Text.RegularExpressions.Regex SecretAnnotationName = new(
        "(password|passwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credential|auth)",
        System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    private static void WriteIdentity(YamlWriter yaml, int indent, string name, string? @namespace)
    {
        yaml.Line(indent, "name: " + YamlText.Scalar(name));
        if (!string.IsNullOrEmpty(@namespace))
        {
            yaml.Line(indent, "namespace: " + YamlText.Scalar(@namespace));
        }
    }

    private static void WriteMap(YamlWriter yaml, int indent, string key, IReadOnlyList<KeyValuePair<string, string>> entries)
    {
        if (entries.Count == 0)
        {
            return;
        }

        yaml.Line(indent, key + ":");
        foreach (var (k, v) in entries)
        {
            yaml.Line(indent + 2, $"{YamlText.Scalar(k)}: {YamlText.Scalar(v)}");
        }
    }

    private sealed class YamlWriter(string newLine)
    {
        private readonly StringBuilder _builder = new();

        public void Line(int indent, string text)
        {
            if (_builder.Length > 0)
            {
                _builder.Append(newLine);
            }

            _builder.Append(' ', indent).Append(text);
        }

        public override string ToString() => _builder.ToString();
    }
}
