using System.Text;
using System.Text.Json.Nodes;

namespace GitOpsAi.Core.Drift;

/// <summary>
/// One step into an object: a field, or an item of a list — by its merge key (<c>containers[name=web]</c>, as
/// kubectl's strategic merge and managedFields' <c>k:{"name":"web"}</c> identify it) or, for atomic lists, by index.
/// </summary>
public readonly record struct PathSegment(string? Field, string? KeyField, JsonNode? KeyValue, int Index)
{
    public static PathSegment OfField(string name) => new(name, null, null, -1);

    public static PathSegment OfKey(string keyField, JsonNode? keyValue) => new(null, keyField, keyValue, -1);

    public static PathSegment OfIndex(int index) => new(null, null, null, index);

    public bool IsField => Field is not null;

    public bool IsKeyedItem => KeyField is not null;
}

/// <summary>A path from an object's root to a field, with the dotted form users write in configuration.</summary>
public sealed class FieldPath
{
    public static FieldPath Root { get; } = new([], string.Empty, string.Empty);

    private FieldPath(IReadOnlyList<PathSegment> segments, string dotted, string pattern)
    {
        Segments = segments;
        Dotted = dotted;
        Pattern = pattern;
    }

    public IReadOnlyList<PathSegment> Segments { get; }

    // Both forms are built once, as the path grows: noise tables and defaults ask for them for every field compared.
    public FieldPath Append(PathSegment segment) => new(
        [.. Segments, segment],
        segment.IsField ? (Dotted.Length == 0 ? segment.Field! : Dotted + "." + segment.Field) : Dotted,
        segment.IsField ? (Pattern.Length == 0 ? segment.Field! : Pattern + "." + segment.Field) : Pattern + "[]");

    public FieldPath Field(string name) => Append(PathSegment.OfField(name));

    public static FieldPath Of(params string[] fields) => fields.Aggregate(Root, (path, field) => path.Field(field));

    /// <summary>The field names alone (list items skipped): what noise tables and configuration match against.</summary>
    public string Dotted { get; }

    /// <summary>The field names with list items written as [] (e.g. <c>spec.template.spec.containers[].image</c>).</summary>
    public string Pattern { get; }

    /// <summary>How messages show the path: <c>spec.template.spec.containers[name=web].image</c>.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder();
        foreach (var segment in Segments)
        {
            if (segment.IsField)
            {
                builder.Append(builder.Length == 0 ? string.Empty : ".").Append(segment.Field);
            }
            else if (segment.IsKeyedItem)
            {
                builder.Append('[').Append(segment.KeyField).Append('=').Append(LiveValues.Display(segment.KeyValue)).Append(']');
            }
            else
            {
                builder.Append('[').Append(segment.Index).Append(']');
            }
        }

        return builder.ToString();
    }

    public bool StartsWith(string dottedPrefix) =>
        Dotted == dottedPrefix || Dotted.StartsWith(dottedPrefix + ".", StringComparison.Ordinal);

    /// <summary>
    /// True when this path is at or under a JSON pointer (<c>/spec/replicas</c>, as Argo's ignoreDifferences writes
    /// it) or a dotted path (<c>spec.replicas</c>); list items in the pattern may be written <c>[]</c> or left out.
    /// </summary>
    public bool IsUnder(string pointerOrDotted)
    {
        var text = pointerOrDotted.Trim();
        var parts = text.StartsWith('/')
            ? text.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))
            : text.Replace("[]", string.Empty, StringComparison.Ordinal).Split('.', StringSplitOptions.RemoveEmptyEntries);
        var fields = Segments.Where(s => s.IsField).Select(s => s.Field!).ToList();
        var wanted = parts.Where(p => !int.TryParse(p, out _) && p != "*").ToList();
        if (wanted.Count > fields.Count)
        {
            return false;
        }

        for (var i = 0; i < wanted.Count; i++)
        {
            if (wanted[i] != fields[i])
            {
                return false;
            }
        }

        return true;
    }
}
