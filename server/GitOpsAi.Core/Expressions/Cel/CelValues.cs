using System.Globalization;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Expressions.Cel;

/// <summary>
/// Turns YAML into the values the CEL library works on, as the API server's CEL sees a decoded object: maps are
/// <c>Dictionary&lt;string, object?&gt;</c>, lists <c>object?[]</c>, integers <c>long</c>, floats <c>double</c>.
/// The library selects fields and indexes only on exactly these types, so nothing else may reach it.
/// </summary>
internal static class CelValues
{
    /// <summary>Deeper than any real manifest; a hostile file nested deeper is cut there rather than overflowing the stack.</summary>
    private const int MaxDepth = 200;

    public static object? FromYaml(YamlNode? node) => FromYaml(node, 0);

    private static object? FromYaml(YamlNode? node, int depth)
    {
        if (depth > MaxDepth)
        {
            return null;
        }

        switch (node)
        {
            case YamlMapping mapping:
                var map = new Dictionary<string, object?>(mapping.Pairs.Count, StringComparer.Ordinal);
                foreach (var pair in mapping.Pairs)
                {
                    if (pair.Key is YamlScalar key)
                    {
                        // Later keys win, as in the decoder the API server uses.
                        map[key.Value] = FromYaml(pair.Value, depth + 1);
                    }
                }

                return map;
            case YamlSequence sequence:
                var list = new object?[sequence.Items.Count];
                for (var i = 0; i < list.Length; i++)
                {
                    list[i] = FromYaml(sequence.Items[i], depth + 1);
                }

                return list;
            case YamlScalar scalar:
                return FromScalar(scalar);
            default:
                return null;
        }
    }

    private static object? FromScalar(YamlScalar scalar) => scalar.Type switch
    {
        YamlScalarType.Null => null,
        YamlScalarType.Boolean => scalar.Value is "true" or "True" or "TRUE",
        YamlScalarType.Integer when long.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => l,
        YamlScalarType.Integer or YamlScalarType.Float when double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        YamlScalarType.Float => scalar.Value.ToLowerInvariant() switch
        {
            ".inf" or "+.inf" => double.PositiveInfinity,
            "-.inf" => double.NegativeInfinity,
            _ => double.NaN,
        },
        _ => scalar.Value,
    };

    /// <summary>A map built in code (request, namespaceObject): values must already be CEL values.</summary>
    public static Dictionary<string, object?> Map(params (string Key, object? Value)[] entries)
    {
        var map = new Dictionary<string, object?>(entries.Length, StringComparer.Ordinal);
        foreach (var (key, value) in entries)
        {
            map[key] = value;
        }

        return map;
    }

    /// <summary>How a value reads in a message: CEL literal syntax, short.</summary>
    public static string Display(object? value) => value switch
    {
        null => "null",
        string s => $"'{s}'",
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        object?[] list => "[" + string.Join(", ", list.Take(5).Select(Display)) + (list.Length > 5 ? ", ..." : "") + "]",
        Dictionary<string, object?> map => "{" + string.Join(", ", map.Take(5).Select(p => $"'{p.Key}': {Display(p.Value)}")) + (map.Count > 5 ? ", ..." : "") + "}",
        _ => value.ToString() ?? "",
    };
}
