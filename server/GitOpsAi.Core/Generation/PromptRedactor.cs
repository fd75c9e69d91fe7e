using System.Text;
using System.Text.RegularExpressions;
using GitOpsAi.Core.Secrets;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Generation;

/// <summary>
/// Removes what must never leave the machine in a prompt: the values of Secrets, SealedSecret payloads, and any value
/// that is or looks like a credential (env values and annotations under a secret-sounding name, known token formats,
/// private keys, high-entropy strings). Values are replaced in place by <see cref="Redacted"/>, so the model still
/// sees the shape of the object. Text that is not YAML is redacted line by line.
/// </summary>
internal static partial class PromptRedactor
{
    public const string Redacted = "\"<redacted>\"";

    public static string Redact(string text)
    {
        var file = YamlParser.Parse(text);
        if (file.IsHelmTemplate || file.Diagnostics.Any(d => d.Severity == Diagnostics.DiagnosticSeverity.Error))
        {
            return RedactLines(text);
        }

        var spans = new List<TextSpan>();
        foreach (var document in file.Documents)
        {
            if (document.RootMapping is not { } root)
            {
                continue;
            }

            var kind = root.GetString("kind");
            if (kind == "Secret")
            {
                AllScalars(root["data"], spans);
                AllScalars(root["stringData"], spans);
            }
            else if (kind == "SealedSecret")
            {
                AllScalars(root.At("spec", "encryptedData"), spans);
                AllScalars(root.At("spec", "template", "data"), spans);
            }

            Walk(root, key: null, spans);
        }

        var builder = new StringBuilder(text);
        foreach (var span in spans.Distinct().OrderByDescending(s => s.Start))
        {
            builder.Remove(span.Start, span.Length).Insert(span.Start, Redacted);
        }

        return builder.ToString();
    }

    /// <summary>True when a value under this key (or the value itself) must not be sent.</summary>
    public static bool IsSensitive(string? key, string value) =>
        !SecretDetector.IsNotSecret(value) && !SecretDetector.IsPlaceholder(value) &&
        (key is not null && SensitiveName().IsMatch(key) && SecretDetector.IsLiteralSecretCandidate(value, key)
         || SecretDetector.KnownFormats(value).Any()
         || SecretDetector.Assignments(value).Any()
         || SecretDetector.HighEntropy(value, 24, 4.0).Any());

    private static void Walk(YamlNode node, string? key, List<TextSpan> spans)
    {
        switch (node)
        {
            case YamlMapping mapping:
                // An env entry: {name: DB_PASSWORD, value: ...} — the name is the key that matters.
                var envName = mapping.GetString("name");
                foreach (var pair in mapping.Pairs)
                {
                    var childKey = pair.KeyText == "value" && envName is not null ? envName : pair.KeyText;
                    Walk(pair.Value, childKey, spans);
                }

                break;
            case YamlSequence sequence:
                foreach (var item in sequence.Items)
                {
                    Walk(item, key, spans);
                }

                break;
            case YamlScalar scalar when scalar.Value.Length > 0 && IsSensitive(key, scalar.Value):
                spans.Add(scalar.Span);
                break;
        }
    }

    private static void AllScalars(YamlNode? node, List<TextSpan> spans)
    {
        switch (node)
        {
            case YamlMapping mapping:
                foreach (var pair in mapping.Pairs)
                {
                    AllScalars(pair.Value, spans);
                }

                break;
            case YamlSequence sequence:
                foreach (var item in sequence.Items)
                {
                    AllScalars(item, spans);
                }

                break;
            case YamlScalar { Span.Length: > 0 } scalar:
                spans.Add(scalar.Span);
                break;
        }
    }

    /// <summary>For text that does not parse: any "key: value" line whose key or value looks secret loses its value.</summary>
    private static string RedactLines(string text)
    {
        var lines = text.Split('\n');
        var inSecretData = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var match = KeyValueLine().Match(lines[i]);
            if (!match.Success)
            {
                continue;
            }

            var key = match.Groups["key"].Value;
            var value = match.Groups["value"].Value.Trim().TrimEnd('\r');
            if (key is "data" or "stringData" or "encryptedData")
            {
                inSecretData = true;
                continue;
            }

            if (match.Groups["indent"].Length == 0)
            {
                inSecretData = false;
            }

            if (value.Length > 0 && (inSecretData || IsSensitive(key, value.Trim('"', '\''))))
            {
                lines[i] = match.Groups["indent"].Value + match.Groups["dash"].Value + key + ": " + Redacted;
            }
        }

        return string.Join('\n', lines);
    }

    [GeneratedRegex(@"pass(word|wd|phrase)?|secret|token|api[-_]?key|credential|private[-_]?key|auth|bearer|cert(ificate)?[-_]?key", RegexOptions.IgnoreCase)]
    private static partial Regex SensitiveName();

    [GeneratedRegex(@"^(?<indent>\s*)(?<dash>-\s+)?(?<key>[\w.\-/]+):(?<value>.*)$")]
    private static partial Regex KeyValueLine();
}
