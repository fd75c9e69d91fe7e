using System.Text;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Secrets;

/// <summary>One key of a Secret: where it was written (data or stringData), its node, and its bytes when they decode.</summary>
public sealed record SecretEntry(string Key, string Field, YamlPair Pair, byte[]? Value)
{
    /// <summary>The value as written (base64 for data, plain for stringData).</summary>
    public string Written => (Pair.Value as YamlScalar)?.Value ?? string.Empty;

    public bool IsNull => Pair.Value is YamlScalar { IsNull: true };
}

/// <summary>
/// A v1 Secret read from its manifest: identity, type, labels and annotations in their written order, and every
/// data/stringData entry with its decoded bytes (stringData wins over data for the same key, as the API server does).
/// </summary>
public sealed class SecretObject
{
    private SecretObject(Manifest manifest, IReadOnlyList<SecretEntry> entries)
    {
        Manifest = manifest;
        Entries = entries;
    }

    public Manifest Manifest { get; }

    public string? Name => Manifest.Name;

    public string? Namespace => Manifest.Namespace;

    public string? Type => Manifest.Root.GetString("type");

    public string? Immutable => Manifest.Root["immutable"] is YamlScalar { Type: YamlScalarType.Boolean } scalar ? scalar.Value.ToLowerInvariant() : null;

    public IReadOnlyList<SecretEntry> Entries { get; }

    /// <summary>The entries that win (stringData over data), in written order, without nulls.</summary>
    public IReadOnlyList<SecretEntry> EffectiveEntries =>
        Entries.Where(e => !e.IsNull && !(e.Field == "data" && Entries.Any(o => o.Field == "stringData" && o.Key == e.Key && !o.IsNull))).ToList();

    /// <summary>True when every entry decoded (data is valid base64) and every entry is a scalar.</summary>
    public bool AllDecoded => Entries.All(e => e.IsNull || e.Value is not null);

    public IReadOnlyList<KeyValuePair<string, string>> Labels => Pairs(Manifest.Metadata?.GetMapping("labels"));

    public IReadOnlyList<KeyValuePair<string, string>> Annotations => Pairs(Manifest.Metadata?.GetMapping("annotations"));

    public static bool IsSecret(Manifest manifest) => manifest.Kind == "Secret" && manifest.ApiVersion == "v1";

    public static SecretObject Read(Manifest manifest)
    {
        var entries = new List<SecretEntry>();
        foreach (var field in new[] { "data", "stringData" })
        {
            if (manifest.Root.GetMapping(field) is not { } mapping)
            {
                continue;
            }

            foreach (var pair in mapping.Pairs)
            {
                if (pair.KeyText is not { } key)
                {
                    continue;
                }

                entries.Add(new SecretEntry(key, field, pair, Decode(field, pair.Value)));
            }
        }

        return new SecretObject(manifest, entries);
    }

    private static byte[]? Decode(string field, YamlNode node)
    {
        if (node is not YamlScalar scalar || scalar.IsNull)
        {
            return null;
        }

        if (field == "stringData")
        {
            return Encoding.UTF8.GetBytes(scalar.Value);
        }

        try
        {
            return Convert.FromBase64String(scalar.Value); // ignores line breaks and spaces, as Go's decoder does line breaks
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static IReadOnlyList<KeyValuePair<string, string>> Pairs(YamlMapping? mapping) =>
        mapping is null
            ? []
            : mapping.Pairs.Where(p => p.KeyText is not null && p.Value is YamlScalar { IsNull: false }).Select(p => KeyValuePair.Create(p.KeyText!, ((YamlScalar)p.Value).Value)).ToList();
}

/// <summary>Writes YAML scalars so they read back as the same strings.</summary>
public static class YamlText
{
    private static readonly System.Text.Json.JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The string as a plain scalar when that is unambiguous, else double-quoted (JSON escapes are valid YAML).</summary>
    public static string Scalar(string value)
    {
        if (IsPlainSafe(value))
        {
            return value;
        }

        return System.Text.Json.JsonSerializer.Serialize(value, Json);
    }

    private static bool IsPlainSafe(string value)
    {
        if (value.Length == 0 || value.Length > 200 || char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]))
        {
            return false;
        }

        if ("-?:,[]{}#&*!|>'\"%@`~=".Contains(value[0]) || value.Contains(": ", StringComparison.Ordinal) || value.Contains(" #", StringComparison.Ordinal) || value.EndsWith(':'))
        {
            return false;
        }

        if (value.Any(c => char.IsControl(c) || c > '~'))
        {
            return false;
        }

        // Anything that would resolve to another type under YAML 1.1 or 1.2 (true, no, ~, 1e3, 0x1F, 1_000, 12:30...).
        var lower = value.ToLowerInvariant();
        if (lower is "true" or "false" or "yes" or "no" or "on" or "off" or "y" or "n" or "null" or "~")
        {
            return false;
        }

        return !(char.IsAsciiDigit(value[0]) || value[0] is '.' or '+'); // numbers, dates and times stay quoted
    }
}
