using System.Text.Json.Nodes;

namespace GitOpsAi.Core.Drift;

/// <summary>
/// The fields a manager owns (a managedFields entry's <c>fieldsV1</c>), kept as a small tree of names instead of the JSON
/// it came in: most of a field set is <c>{}</c> leaves, which as JSON objects cost a table each (kubectl's entry of a
/// Deployment is some 50 of them); here every leaf is one shared instance. Names keep their prefixes: <c>f:spec</c>,
/// <c>k:{"name":"web"}</c>, <c>i:0</c>, and <c>.</c> for "the item itself".
/// </summary>
public sealed class FieldSet
{
    private static readonly FieldSet Leaf = new([], []);
    private static readonly FieldSet ItselfLeaf = new(["."], [Leaf]);

    private readonly string[] _names;
    private readonly FieldSet[] _children;

    private FieldSet(string[] names, FieldSet[] children)
    {
        _names = names;
        _children = children;
    }

    /// <summary>True for a set that names nothing below it (<c>{}</c> or <c>{".": {}}</c>): the manager owns the field as a whole.</summary>
    public bool IsAtomic => _names.Length == 0 || (_names.Length == 1 && _names[0] == ".");

    public IEnumerable<(string Name, FieldSet Child)> Entries => _names.Zip(_children);

    /// <summary>The set below <paramref name="name"/>, or null when it names no such field.</summary>
    public FieldSet? Child(string name)
    {
        var index = Array.IndexOf(_names, name);
        return index < 0 ? null : _children[index];
    }

    /// <summary>A field set from fieldsV1 JSON; null for none. A JSON null below a name counts as absent.</summary>
    public static FieldSet? From(JsonObject? fields)
    {
        if (fields is null)
        {
            return null;
        }

        if (fields.Count == 0)
        {
            return Leaf;
        }

        var names = new List<string>(fields.Count);
        var children = new List<FieldSet>(fields.Count);
        foreach (var (name, value) in fields)
        {
            if (value is null && !name.StartsWith("k:", StringComparison.Ordinal))
            {
                continue;
            }

            names.Add(name);
            children.Add(value is JsonObject child ? From(child)! : Leaf);
        }

        return names is ["."] ? ItselfLeaf : new FieldSet([.. names], [.. children]);
    }
}
