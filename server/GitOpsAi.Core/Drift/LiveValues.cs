using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitOpsAi.Core.Drift;

/// <summary>Small helpers over live values (System.Text.Json nodes, as the API server returns them).</summary>
public static class LiveValues
{
    /// <summary>A value as a message shows it: scalars bare, small objects and lists as compact JSON.</summary>
    public static string Display(JsonNode? node)
    {
        if (node is null)
        {
            return "null";
        }

        if (node is JsonValue value)
        {
            return value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
        }

        var json = node.ToJsonString();
        return json.Length <= 80 ? json : json[..77] + "...";
    }

    public static string? AsString(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    public static JsonObject? At(JsonObject root, params string[] path)
    {
        JsonNode? current = root;
        foreach (var field in path)
        {
            current = (current as JsonObject)?[field];
        }

        return current as JsonObject;
    }
}
