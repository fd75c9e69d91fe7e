using System.Text.Json;

namespace GitOpsAi.LanguageServer.Framework;

/// <summary>Walks nested JSON objects (client capabilities, settings) by member names.</summary>
internal static class JsonPaths
{
    /// <summary>The value at the path, or null when a member is missing or a step is not an object.</summary>
    public static JsonElement? At(this JsonElement element, IEnumerable<string> path)
    {
        var current = element;
        foreach (var segment in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(segment, out current))
            {
                return null;
            }
        }

        return current;
    }
}
