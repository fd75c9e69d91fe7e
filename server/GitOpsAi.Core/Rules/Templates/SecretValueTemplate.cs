using System.ComponentModel;
using System.Text.RegularExpressions;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Secrets;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Rules.Templates;

/// <summary>Where a <see cref="SecretValueTemplate"/> looks.</summary>
[Flags]
public enum SecretPlaces
{
    None = 0,

    /// <summary>Literal <c>env[].value</c> of every container of a workload.</summary>
    EnvValues = 1,

    /// <summary>A ConfigMap's <c>data</c> values.</summary>
    ConfigMapData = 2,

    /// <summary>The object's annotations and its pod template's annotations.</summary>
    Annotations = 4,
}

public sealed record SecretValueParameters
{
    [Description("Which evidence this rule reports: sensitiveName (a literal value under a name like *password*), knownFormat (AWS/GitHub/GitLab/Slack/Google/Stripe keys, private keys, JWTs, URLs with a password), assignment (password=... inside a text), highEntropy (long random-looking strings). A value is attributed to the first of these that applies.")]
    public IReadOnlyList<string> Evidence { get; init; } = ["sensitiveName", "knownFormat", "assignment"];

    [Description("Case-insensitive regular expressions of names (env var names, ConfigMap keys) whose literal values are secrets (Polaris's list; kube-linter's env-var-secret uses only '(?i).*secret.*').")]
    public IReadOnlyList<string> SensitiveNames { get; init; } =
        ["^AWS_SECRET_ACCESS_KEY$", "^GOOGLE_APPLICATION_CREDENTIALS$", "^AZURE_.+KEY$", "^OCI_CLI_KEY_CONTENT$", "password", "passwd", "token", "bearer", "secret", "api[_-]?key", "private[_-]?key", "credentials?$"];

    [Description("Case-insensitive regular expressions of names that are never secret even though they match sensitiveNames (references and settings such as PASSWORD_FILE, TOKEN_TTL, SECRET_NAME).")]
    public IReadOnlyList<string> IgnoreNames { get; init; } =
        ["[_.-]?(file|path|dir|name|ref|url|uri|pattern|regex|endpoint|host|port|ttl|expiry|expiration|timeout|length|size|enabled|enable|type|mode|header|algorithm|issuer|audience|policy|format|lifetime|duration|interval|mount|source|store|provider|field|prefix|suffix|namespace|key_?id|keyref|secretref)s?$"];

    [Description("Report every non-empty literal under a sensitive name, as Polaris and kube-linter do, even values that cannot be secrets (paths, URLs without credentials, numbers, booleans, placeholders).")]
    public bool ReportAnyLiteral { get; init; }

    [Description("Regular expressions of values that are never reported (e.g. known public identifiers).")]
    public IReadOnlyList<string> AllowValues { get; init; } = [];

    [Description("highEntropy: the shortest run of base64/base64url characters that is considered.")]
    public int MinEntropyLength { get; init; } = 20;

    [Description("highEntropy: the Shannon entropy (bits per character) a run must reach; random base64 of 20+ characters scores about 4.0 at 20 characters and 4.5 at 32 (the most a run of n characters can score is log2(n)).")]
    public double EntropyThreshold { get; init; } = 3.5;
}

/// <summary>
/// Secret-looking values where secrets do not belong: container env literals, ConfigMap data and annotations. Finds
/// literal values under sensitive names (Polaris sensitiveContainerEnvVar/sensitiveConfigmapContent, kube-linter
/// env-var-secret), well-known credential formats, password assignments and high-entropy strings, and never echoes a
/// value: messages show at most a short prefix and the length.
/// </summary>
public sealed partial class SecretValueTemplate(SecretPlaces places, SecretValueParameters? parameters = null) : RuleTemplate<SecretValueParameters>(parameters)
{

    public override string TemplateName => "secret-value";

    protected override void Check(RuleContext context, SecretValueParameters parameters)
    {
        var manifest = context.Manifest;
        if (manifest.IsSopsEncrypted)
        {
            return;
        }

        // By index: an enumerator per container, env list, data and annotations of every object was allocated for each
        // of the four secret rules (issue 13).
        if (places.HasFlag(SecretPlaces.EnvValues) && manifest.PodTemplate is { } pod)
        {
            var containers = pod.AllContainers;
            for (var c = 0; c < containers.Count; c++)
            {
                var container = containers[c];
                var items = container.Node.GetSequence("env")?.Items ?? [];
                for (var i = 0; i < items.Count; i++)
                {
                    if (items[i] is YamlMapping env && env.GetString("name") is { } name && env["value"] is YamlScalar { IsNull: false, Type: YamlScalarType.String } value)
                    {
                        var where = new Where("Container '{0}' sets environment variable {1} to", container.Name, name);
                        CheckValue(context, parameters, name, value, value, where, "take it from a Secret with valueFrom.secretKeyRef");
                    }
                }
            }
        }

        if (places.HasFlag(SecretPlaces.ConfigMapData) && manifest.Kind == "ConfigMap" && manifest.ApiVersion == "v1")
        {
            var pairs = manifest.Root.GetMapping("data")?.Pairs ?? [];
            for (var i = 0; i < pairs.Count; i++)
            {
                var pair = pairs[i];
                if (pair.KeyText is { } key && pair.Value is YamlScalar { IsNull: false } value)
                {
                    CheckValue(context, parameters, key, value, pair.Key, new Where("{2} key '{0}' holds", key, null, manifest), "ConfigMaps are not secret: move it to a Secret (sealed or external)");
                }
            }
        }

        if (places.HasFlag(SecretPlaces.Annotations))
        {
            CheckAnnotations(context, parameters, manifest.Metadata?.GetMapping("annotations"), string.Empty);
            CheckAnnotations(context, parameters, manifest.PodTemplate?.Metadata?.GetMapping("annotations"), "the pod template of ");
        }
    }

    /// <param name="ownerPrefix">What comes before the object's name in the message ("the pod template of ").</param>
    private void CheckAnnotations(RuleContext context, SecretValueParameters parameters, YamlMapping? annotations, string ownerPrefix)
    {
        var pairs = annotations?.Pairs ?? [];
        for (var i = 0; i < pairs.Count; i++)
        {
            var pair = pairs[i];
            if (pair.KeyText is { } key && pair.Value is YamlScalar { IsNull: false } value)
            {
                CheckValue(context, parameters, null, value, pair.Key, new Where("Annotation '{0}' of {1}{2} holds", key, ownerPrefix, context.Manifest), "annotations are readable by anyone who can read the object: keep secrets in a Secret");
            }
        }
    }

    /// <param name="name">The env var name or ConfigMap key, for name-based evidence (null for annotations).</param>
    /// <param name="keyNode">Where to report when the value spans several lines.</param>
    /// <param name="where">The start of the message, written only when there is one.</param>
    private static void CheckValue(RuleContext context, SecretValueParameters parameters, string? name, YamlScalar value, YamlNode keyNode, Where where, string advice)
    {
        var text = value.Value;
        if (parameters.AllowValues.Count > 0 && IsAllowed(context.Regexes, parameters.AllowValues, text))
        {
            return;
        }

        if (ClassifyRemembered(context.Regexes, parameters, name, text) is not { } match || !Wants(parameters, match.Evidence))
        {
            return;
        }

        var multiLine = text.Contains('\n');
        var line = multiLine ? $" on line {text[..match.Start].Count(c => c == '\n') + 1}" : string.Empty;
        var shown = match.Redacted(text);
        var message = match.Evidence switch
        {
            SecretEvidence.SensitiveName => $"{where} a literal value {shown}; {advice}.",
            SecretEvidence.KnownFormat => $"{where} {(multiLine ? "text containing" : string.Empty)} what looks like {match.What} {shown}{line}; {advice}.".Replace("  ", " ", StringComparison.Ordinal),
            SecretEvidence.Assignment => $"{where} text with {match.What} {shown}{line}; {advice}.",
            _ => $"{where} {(multiLine ? "text containing" : string.Empty)} a random-looking string {shown}{line} that may be a secret; {advice}, or allow the value in the rule's allowValues.".Replace("  ", " ", StringComparison.Ordinal),
        };
        var span = multiLine || value.Span.Length == 0 ? keyNode.Span : value.Span;
        context.Report(span, message);
    }

    // Its own method: the lambda's captures made a closure on every value checked, allowValues set or not.
    private static bool IsAllowed(RegexBudget regexes, IReadOnlyList<string> allowValues, string text) =>
        allowValues.Any(pattern => regexes.IsMatch(text, pattern));

    /// <summary>
    /// Where a value is, as the message will say it: <paramref name="Format"/> with <c>{0}</c>, <c>{1}</c> and <c>{2}</c>, the
    /// object's display name. Kept in pieces because nearly every value checked is not reported: the sentences were
    /// written for every env var and annotation of every object checked.
    /// </summary>
    private readonly record struct Where(string Format, string? First, string? Second, Manifests.Manifest? Object = null)
    {
        public override string ToString() => string.Format(System.Globalization.CultureInfo.InvariantCulture, Format, First, Second, Object?.DisplayName);
    }

    /// <summary><see cref="Classify"/>, remembered per configuration and parameters (<see cref="RememberedVerdicts.Answer"/>): a base's values are classified in its file and again in every overlay's render.</summary>
    internal static SecretMatch? ClassifyRemembered(RegexBudget regexes, SecretValueParameters parameters, string? name, string text) =>
        RememberedVerdicts.Answer(regexes, parameters, new NamedValue(name, text), (regexes, parameters), static (state, value) => Classify(state.regexes, state.parameters, value.Name, value.Text));

    /// <summary>
    /// The key of a remembered classification. A <c>(string?, string)</c> tuple compared its strings through the shared
    /// generic comparers, which looked up their statics on every lookup (about 1.2% of the 50k check's CPU, halved; issue 13).
    /// </summary>
    private readonly struct NamedValue(string? name, string text) : IEquatable<NamedValue>
    {
        public string? Name { get; } = name;

        public string Text { get; } = text;

        public bool Equals(NamedValue other) => string.Equals(Text, other.Text) && string.Equals(Name, other.Name);

        public override bool Equals(object? obj) => obj is NamedValue other && Equals(other);

        public override int GetHashCode() => HashCode.Combine(Name?.GetHashCode() ?? 0, Text.GetHashCode());
    }

    /// <summary>The strongest evidence that the value is a secret: known format, sensitive name, assignment, entropy.</summary>
    public static SecretMatch? Classify(RegexBudget regexes, SecretValueParameters parameters, string? name, string text)
    {
        // The peers take any "BEGIN ... PRIVATE KEY" line for a key, even with placeholder content or short dashes.
        if (parameters.ReportAnyLiteral && PeerPrivateKeyHeader().Match(text) is { Success: true } header)
        {
            return new SecretMatch(SecretEvidence.KnownFormat, "a private key", header.Index, header.Length);
        }

        if (SecretDetector.IsNotSecret(text))
        {
            return null;
        }

        if (SecretDetector.FirstKnownFormat(text) is { } known)
        {
            return known;
        }

        if (name is not null && !text.Contains('\n') && IsSensitiveName(regexes, parameters, name) && (parameters.ReportAnyLiteral ? text.Trim().Length > 0 : SecretDetector.IsLiteralSecretCandidate(text, name)))
        {
            var trimmedStart = text.Length - text.TrimStart().Length;
            return new SecretMatch(SecretEvidence.SensitiveName, "a literal value", trimmedStart, text.Trim().Length);
        }

        if (SecretDetector.Assignments(text).FirstOrDefault() is { } assignment)
        {
            return assignment;
        }

        // The weakest evidence is also the costliest to look for: only when this rule reports it.
        return Wants(parameters, SecretEvidence.HighEntropy)
            ? SecretDetector.FirstHighEntropy(text, parameters.MinEntropyLength, parameters.EntropyThreshold)
            : null;
    }

    private static bool Wants(SecretValueParameters parameters, SecretEvidence evidence) =>
        StringLists.Contains(parameters.Evidence, EvidenceName(evidence), StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the name is sensitive (remembered per configuration: <see cref="RememberedVerdicts"/>).</summary>
    internal static bool IsSensitiveName(RegexBudget regexes, SecretValueParameters parameters, string name) =>
        RememberedVerdicts.Get(regexes, parameters, name, (regexes, parameters), static (state, n) => MatchesSensitiveName(state.regexes, state.parameters, n));

    internal static bool MatchesSensitiveName(RegexBudget regexes, SecretValueParameters parameters, string name) =>
        parameters.SensitiveNames.Any(pattern => regexes.IsMatch(name, pattern, RegexOptions.IgnoreCase))
        && (parameters.ReportAnyLiteral || !parameters.IgnoreNames.Any(pattern => regexes.IsMatch(name, pattern, RegexOptions.IgnoreCase)));

    private static string EvidenceName(SecretEvidence evidence) => evidence switch
    {
        SecretEvidence.SensitiveName => "sensitiveName",
        SecretEvidence.KnownFormat => "knownFormat",
        SecretEvidence.Assignment => "assignment",
        _ => "highEntropy",
    };

    [GeneratedRegex(@"BEGIN[ A-Z0-9]*PRIVATE KEY", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex PeerPrivateKeyHeader();
}
