using System.Text.Json.Nodes;

namespace GitOpsAi.Core.Yaml;

/// <summary>Converts a YAML tree to System.Text.Json nodes (for schemas written in YAML and CRDs found in the workspace).</summary>
public static class YamlToJson
{
    public static JsonNode? Convert(YamlNode? node) => node switch
    {
        null => null,
        YamlScalar scalar => ConvertScalar(scalar),
        YamlSequence sequence => new JsonArray(sequence.Items.Select(Convert).ToArray()),
        YamlMapping mapping => ConvertMapping(mapping),
        _ => null,
    };

    private static JsonObject ConvertMapping(YamlMapping mapping)
    {
        var result = new JsonObject();
        foreach (var pair in mapping.Pairs)
        {
            if (pair.KeyText is { } key)
            {
                result[key] = Convert(pair.Value);
            }
        }

        return result;
    }

    private static JsonNode? ConvertScalar(YamlScalar scalar)
    {
        switch (scalar.Type)
        {
            case YamlScalarType.Null:
                return null;
            case YamlScalarType.Boolean:
                return JsonValue.Create(scalar.IsTrue);
            case YamlScalarType.Integer when YamlScalarResolver.TryGetInteger(scalar.Value, out var integer):
                return JsonValue.Create(integer);
            case YamlScalarType.Integer or YamlScalarType.Float when YamlScalarResolver.TryGetNumber(scalar.Value, out var number) && double.IsFinite(number):
                return JsonValue.Create(number);
            default:
                return JsonValue.Create(scalar.Value);
        }
    }
}
