using System.Text.Json;
using System.Text.Json.Nodes;
using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Drift;

/// <summary>
/// What a user can do about a drifted field: take the live value into Git (an edit of the file), or restore Git's
/// value in the cluster with a kubectl command we only write out as text — GitOpsAi never runs anything against a
/// cluster. Secrets get neither: their values are never read.
/// </summary>
public static class DriftActions
{
    public const string AcceptTitle = "Accept the live value into Git";
    public const string CopyRestoreTitle = "Copy the kubectl command that restores Git";

    /// <summary>Replaces the desired scalar with the live one, keeping the quoting style; null when that is not a one-value edit.</summary>
    public static CodeFix? AcceptLive(FieldDrift drift)
    {
        if (drift.Change != DriftChange.Changed || drift.IsSecretKey || drift.Anchor is not YamlScalar desired || drift.Live is not JsonValue live
            || !drift.Object.IsWrittenAsIs(desired))
        {
            return null;
        }

        var text = live.GetValueKind() == JsonValueKind.String ? live.GetValue<string>() : live.ToJsonString();
        var replacement = desired.Style switch
        {
            YamlScalarStyle.DoubleQuoted => JsonSerializer.Serialize(text),
            YamlScalarStyle.SingleQuoted => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'",
            YamlScalarStyle.Plain when live.GetValueKind() == JsonValueKind.String && !IsPlainSafe(live, text) => JsonSerializer.Serialize(text),
            YamlScalarStyle.Plain => text,
            _ => null,
        };

        return replacement is null ? null : new CodeFix($"{AcceptTitle} ({LiveValues.Display(live)})", [new TextEdit(desired.Span, replacement)]);
    }

    /// <summary>
    /// A kubectl patch that puts Git's value back (a strategic merge patch for built-in kinds, so list items are found by
    /// their merge key; a merge patch for custom resources without lists), or null when no single patch can do it.
    /// </summary>
    public static string? RestoreCommand(FieldDrift drift, string? context)
    {
        if (drift.IsSecretKey)
        {
            return null;
        }

        JsonNode? value = drift.Change == DriftChange.OnlyInCluster ? null : YamlToJson.Convert(drift.DesiredNode);
        if (drift.Change != DriftChange.OnlyInCluster && value is null)
        {
            return null;
        }

        var key = drift.Object.Key;
        var builtIn = key.Group.Length == 0 || key.Group.EndsWith(".k8s.io", StringComparison.Ordinal) || key.Group is "apps" or "batch" or "autoscaling" or "policy";
        var hasLists = drift.Path.Segments.Any(s => !s.IsField);
        if (!builtIn && hasLists)
        {
            return null;
        }

        var patch = Build(drift.Path.Segments, 0, value, drift.Change == DriftChange.OnlyInCluster);
        var resource = $"{key.Kind.ToLowerInvariant()}{(key.Group.Length == 0 ? string.Empty : "." + key.Group)}/{key.Name}";
        var contextFlag = context is null ? string.Empty : $" --context {context}";
        var namespaceFlag = key.Namespace is null ? string.Empty : $" -n {key.Namespace}";
        var json = patch.ToJsonString().Replace("'", "'\\''", StringComparison.Ordinal);
        return $"kubectl{contextFlag}{namespaceFlag} patch {resource} --type={(builtIn ? "strategic" : "merge")} -p '{json}'";
    }

    private static JsonNode Build(IReadOnlyList<PathSegment> segments, int index, JsonNode? value, bool delete)
    {
        var segment = segments[index];
        var last = index == segments.Count - 1;
        if (segment.IsField)
        {
            var inner = last ? (delete ? null : value?.DeepClone()) : Build(segments, index + 1, value, delete);
            return new JsonObject { [segment.Field!] = inner };
        }

        // A list item: the parent field holds a one-item list naming the item by its merge key.
        var item = last
            ? (delete ? new JsonObject { ["$patch"] = "delete" } : value?.DeepClone() as JsonObject ?? new JsonObject())
            : (JsonObject)Build(segments, index + 1, value, delete);
        item[segment.KeyField ?? "name"] = segment.KeyValue?.DeepClone();
        return new JsonArray(item);
    }

    // Per live value (the same instance while the cluster's object is unchanged): each keystroke asks again for every
    // drifted field of the edited file, and the answer parses YAML.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<JsonValue, object> PlainSafe = new();

    private static bool IsPlainSafe(JsonValue live, string text) => (bool)PlainSafe.GetValue(live, _ => IsPlainSafe(text));

    private static bool IsPlainSafe(string text) =>
        text.Length > 0 && !char.IsWhiteSpace(text[0]) && !char.IsWhiteSpace(text[^1]) && "-?:,[]{}#&*!|>'\"%@`".IndexOf(text[0]) < 0
        && !text.Contains(": ", StringComparison.Ordinal) && !text.Contains(" #", StringComparison.Ordinal)
        && YamlParser.Parse("k: " + text).Documents[0].RootMapping?["k"] is YamlScalar { Type: YamlScalarType.String } parsed && parsed.Value == text;
}
