using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Drift;

/// <summary>
/// Equal values in other spellings: what the API server stores for a value may be written differently from the
/// repository (<c>500m</c> for <c>0.5</c>, <c>1Gi</c> for <c>1024Mi</c>, <c>8080</c> for <c>"8080"</c> in an
/// int-or-string field, <c>1.0</c> for <c>1</c>). Those are not drift.
/// </summary>
public static class ValueEquivalence
{
    /// <summary>True when the desired scalar and the live value mean the same thing.</summary>
    /// <param name="isQuantity">True under resources, storage and other quantity fields, where <c>1Gi</c> equals <c>1024Mi</c>.</param>
    public static bool Equal(YamlScalar desired, JsonNode? live, bool isQuantity = false)
    {
        if (live is null)
        {
            return desired.IsNull;
        }

        if (live is not JsonValue value)
        {
            return false;
        }

        var liveText = value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => value.ToJsonString(),
        };

        if (desired.Type == YamlScalarType.Boolean || value.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            return desired.Type == YamlScalarType.Boolean && (desired.IsTrue ? "true" : "false") == liveText;
        }

        if (string.Equals(desired.Value, liveText, StringComparison.Ordinal))
        {
            return true;
        }

        var numeric = desired.Type is YamlScalarType.Integer or YamlScalarType.Float && value.GetValueKind() == JsonValueKind.Number;
        return (numeric || isQuantity) && Quantity.TryParse(desired.Value, out var a) && Quantity.TryParse(liveText, out var b) && a == b;
    }

    /// <summary>True for the fields whose values are resource quantities.</summary>
    public static bool IsQuantityPath(FieldPath path) =>
        path.Segments.Any(s => s.Field is "resources" or "requests" or "limits" or "capacity" or "hard" or "sizeLimit" or "storage" or "overhead");

    /// <summary>Two live scalars (managedFields keys, list merge keys) compared the same way.</summary>
    public static bool ScalarsEqual(JsonNode? a, JsonNode? b) =>
        a is JsonValue && b is JsonValue ? TextEqual(Text(a), Text(b)) : a is null && b is null;

    private static string Text(JsonNode node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : node.ToJsonString();

    private static bool TextEqual(string a, string b) => string.Equals(a, b, StringComparison.Ordinal);
}

/// <summary>A Kubernetes resource quantity (<c>500m</c>, <c>1.5Gi</c>, <c>2e3</c>) as an exact decimal.</summary>
public static class Quantity
{
    private static readonly (string Suffix, decimal Factor)[] Suffixes =
    [
        ("Ki", 1024m), ("Mi", 1024m * 1024), ("Gi", 1024m * 1024 * 1024), ("Ti", 1024m * 1024 * 1024 * 1024),
        ("Pi", 1024m * 1024 * 1024 * 1024 * 1024), ("Ei", 1024m * 1024 * 1024 * 1024 * 1024 * 1024),
        ("n", 0.000000001m), ("u", 0.000001m), ("m", 0.001m), ("k", 1000m), ("M", 1000_000m), ("G", 1000_000_000m),
        ("T", 1000_000_000_000m), ("P", 1000_000_000_000_000m), ("E", 1000_000_000_000_000_000m),
    ];

    public static bool TryParse(string text, out decimal value)
    {
        value = 0;
        var trimmed = text.Trim();
        if (trimmed.Length == 0 || !(char.IsDigit(trimmed[0]) || trimmed[0] is '.' or '+' or '-'))
        {
            return false;
        }

        var factor = 1m;
        foreach (var (suffix, multiplier) in Suffixes)
        {
            if (trimmed.EndsWith(suffix, StringComparison.Ordinal) && trimmed.Length > suffix.Length && char.IsDigit(trimmed[^(suffix.Length + 1)]))
            {
                factor = multiplier;
                trimmed = trimmed[..^suffix.Length];
                break;
            }
        }

        try
        {
            if (!decimal.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            value = number * factor;
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }
}
