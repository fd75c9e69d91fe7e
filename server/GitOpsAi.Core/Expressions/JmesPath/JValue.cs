using System.Globalization;
using System.Text;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Expressions.JmesPath;

internal enum JKind
{
    Null,
    Bool,
    Number,
    String,
    Array,
    Object,
}

/// <summary>
/// A JSON value as Kyverno sees a resource or a policy (what sigs.k8s.io/yaml makes of the YAML). Values read from a
/// file keep the node they came from, the key they sit under and their JSON-pointer-like path ("/spec/containers/0/"),
/// so a failure deep in a pattern can be reported at the exact text; computed values have none of these.
/// </summary>
internal abstract class JValue
{
    public static readonly JNull Null = new();

    /// <summary>The result of reading a key an object does not have: null everywhere, except that Kyverno's JMESPath reports it as "Unknown key".</summary>
    public static readonly JNull Missing = new() { IsMissing = true };

    public abstract JKind Kind { get; }

    /// <summary>The node the value was written as, or null for computed values.</summary>
    public YamlNode? Node { get; init; }

    /// <summary>The key node of the pair holding the value, when it is a mapping value.</summary>
    public YamlNode? KeyNode { get; init; }

    /// <summary>Where the value sits in its document: "/" for the root, "/spec/containers/0/" for a container.</summary>
    public string? Path { get; init; }

    public bool IsNull => Kind == JKind.Null;

    public bool IsMissing { get; private init; }

    /// <summary>JMESPath truthiness: false, null, "", [] and {} are false.</summary>
    public bool IsTruthy => this switch
    {
        JBool b => b.Value,
        JNull => false,
        JString s => s.Value.Length > 0,
        JArray a => a.Items.Count > 0,
        JObject o => o.Count > 0,
        _ => true,
    };

    /// <summary>The span to underline for this value: a scalar itself, a collection's key (or its first line).</summary>
    public TextSpan? ReportSpan()
    {
        if (Node is YamlScalar scalar)
        {
            return scalar.Span;
        }

        if (KeyNode is not null)
        {
            return KeyNode.Span;
        }

        return FirstLineSpan();
    }

    /// <summary>The span to underline when a key is missing inside this value: its key, or its first pair.</summary>
    public TextSpan? ReportSpanForMissingChild() => KeyNode?.Span ?? FirstLineSpan();

    private TextSpan? FirstLineSpan()
    {
        switch (Node)
        {
            case YamlMapping { Pairs.Count: > 0 } mapping:
                var first = mapping.Pairs[0];
                return TextSpan.FromBounds(first.Key.Span.Start, first.Value is YamlScalar ? first.Value.Span.End : first.Key.Span.End);
            case YamlNode node:
                return new TextSpan(node.Span.Start, Math.Min(node.Span.Length, 1));
            default:
                return null;
        }
    }

    public static JString String(string value) => new(value);

    public static JBool Bool(bool value) => value ? JBool.True : JBool.False;

    public static JNumber Number(double value) => new(value, value == Math.Floor(value) && Math.Abs(value) < 1e15);

    /// <summary>Converts a YAML tree (a resource, a policy) into JSON values that remember where they came from.</summary>
    public static JValue FromYaml(YamlNode? node, string path = "/", YamlNode? keyNode = null, int depth = 0)
    {
        if (depth > 200)
        {
            return Null;
        }

        switch (node)
        {
            case null:
                return new JNull { Path = path, KeyNode = keyNode };
            case YamlScalar scalar:
                return FromScalar(scalar, path, keyNode);
            case YamlSequence sequence:
            {
                var items = new List<JValue>(sequence.Items.Count);
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    items.Add(FromYaml(sequence.Items[i], path + i.ToString(CultureInfo.InvariantCulture) + "/", null, depth + 1));
                }

                return new JArray(items) { Node = sequence, KeyNode = keyNode, Path = path };
            }

            case YamlMapping mapping:
            {
                var result = new JObject { Node = mapping, KeyNode = keyNode, Path = path };
                // Keys written in the mapping win over keys merged in with <<.
                foreach (var pair in mapping.Pairs.OrderBy(p => p.IsMerged ? 0 : 1))
                {
                    var key = pair.Key is YamlScalar k ? k.Value : null;
                    if (key is null)
                    {
                        continue;
                    }

                    result.Set(key, FromYaml(pair.Value, path + EscapePathSegment(key) + "/", pair.Key, depth + 1));
                }

                return result;
            }

            default:
                return Null;
        }
    }

    private static string EscapePathSegment(string key) => key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static JValue FromScalar(YamlScalar scalar, string path, YamlNode? keyNode)
    {
        switch (scalar.Type)
        {
            case YamlScalarType.Null:
                return new JNull { Node = scalar, KeyNode = keyNode, Path = path };
            case YamlScalarType.Boolean:
                return new JBool(scalar.IsTrue) { Node = scalar, KeyNode = keyNode, Path = path };
            case YamlScalarType.Integer when YamlScalarResolver.TryGetInteger(scalar.Value, out var integer):
                return new JNumber(integer, isInteger: true) { Node = scalar, KeyNode = keyNode, Path = path };
            case YamlScalarType.Integer or YamlScalarType.Float:
                var text = scalar.Value.Replace("_", string.Empty, StringComparison.Ordinal);
                var number = text switch
                {
                    ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF" => double.PositiveInfinity,
                    "-.inf" or "-.Inf" or "-.INF" => double.NegativeInfinity,
                    ".nan" or ".NaN" or ".NAN" => double.NaN,
                    _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : double.NaN,
                };
                return new JNumber(number, isInteger: false) { Node = scalar, KeyNode = keyNode, Path = path };
            default:
                return new JString(scalar.Value) { Node = scalar, KeyNode = keyNode, Path = path };
        }
    }

    /// <summary>A copy without positions: policy content must never be mistaken for text of the analysed resource.</summary>
    public static JValue Strip(JValue value) => value switch
    {
        JObject o => new JObject(o.Entries.Select(e => new KeyValuePair<string, JValue>(e.Key, Strip(e.Value)))),
        JArray a => new JArray(a.Items.Select(Strip).ToList()),
        JString s => String(s.Value),
        JNumber n => new JNumber(n.Value, n.IsInteger),
        JBool b => Bool(b.Value),
        _ => Null,
    };

    /// <summary>Deep equality as Go's reflect.DeepEqual sees decoded JSON (numbers compare by value).</summary>
    public static bool DeepEquals(JValue a, JValue b)
    {
        switch (a, b)
        {
            case (JNull, JNull):
                return true;
            case (JBool x, JBool y):
                return x.Value == y.Value;
            case (JNumber x, JNumber y):
                return x.Value.Equals(y.Value);
            case (JString x, JString y):
                return string.Equals(x.Value, y.Value, StringComparison.Ordinal);
            case (JArray x, JArray y):
                if (x.Items.Count != y.Items.Count)
                {
                    return false;
                }

                for (var i = 0; i < x.Items.Count; i++)
                {
                    if (!DeepEquals(x.Items[i], y.Items[i]))
                    {
                        return false;
                    }
                }

                return true;
            case (JObject x, JObject y):
                if (x.Count != y.Count)
                {
                    return false;
                }

                foreach (var (key, value) in x.Entries)
                {
                    if (!y.TryGet(key, out var other) || !DeepEquals(value, other))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return false;
        }
    }

    /// <summary>JSON text as Go's encoding/json writes it (object keys sorted).</summary>
    public string ToJson()
    {
        var builder = new StringBuilder();
        WriteJson(builder);
        return builder.ToString();
    }

    public abstract void WriteJson(StringBuilder builder);

    /// <summary>The text Kyverno puts in place of a variable inside a longer string: strings as they are, others as JSON.</summary>
    public string ToSubstitutionText() => this is JString s ? s.Value : ToJson();

    /// <summary>What Go's fmt.Sprint prints for the decoded value (used by the In-family operators).</summary>
    public string ToSprint() => this switch
    {
        JString s => s.Value,
        JNumber n => n.ToString(),
        JBool b => b.Value ? "true" : "false",
        JNull => "<nil>",
        JArray a => "[" + string.Join(" ", a.Items.Select(i => i.ToSprint())) + "]",
        JObject o => "map[" + string.Join(" ", o.Entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Key + ":" + e.Value.ToSprint())) + "]",
        _ => string.Empty,
    };

    public override string ToString() => ToSubstitutionText();

    protected static void WriteJsonString(StringBuilder builder, string value)
    {
        builder.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                case '<':
                    builder.Append("\\u003c");
                    break;
                case '>':
                    builder.Append("\\u003e");
                    break;
                case '&':
                    builder.Append("\\u0026");
                    break;
                default:
                    if (c < 0x20)
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('"');
    }
}

internal sealed class JNull : JValue
{
    public override JKind Kind => JKind.Null;

    public override void WriteJson(StringBuilder builder) => builder.Append("null");
}

internal sealed class JBool(bool value) : JValue
{
    public static readonly JBool True = new(true);
    public static readonly JBool False = new(false);

    public bool Value { get; } = value;

    public override JKind Kind => JKind.Bool;

    public override void WriteJson(StringBuilder builder) => builder.Append(Value ? "true" : "false");
}

internal sealed class JNumber(double value, bool isInteger) : JValue
{
    public double Value { get; } = value;

    /// <summary>True for integers as YAML wrote them (Kyverno's int64), false for floats.</summary>
    public bool IsInteger { get; } = isInteger;

    public override JKind Kind => JKind.Number;

    public override void WriteJson(StringBuilder builder) => builder.Append(ToString());

    public override string ToString()
    {
        if (double.IsNaN(Value) || double.IsInfinity(Value))
        {
            return Value.ToString(CultureInfo.InvariantCulture);
        }

        if (Value == Math.Floor(Value) && Math.Abs(Value) < 1e21)
        {
            return ((decimal)Value).ToString("0", CultureInfo.InvariantCulture);
        }

        return Value.ToString("R", CultureInfo.InvariantCulture);
    }
}

internal sealed class JString(string value) : JValue
{
    public string Value { get; } = value;

    public override JKind Kind => JKind.String;

    public override void WriteJson(StringBuilder builder) => WriteJsonString(builder, Value);
}

internal sealed class JArray(IReadOnlyList<JValue> items) : JValue
{
    public IReadOnlyList<JValue> Items { get; } = items;

    public override JKind Kind => JKind.Array;

    public override void WriteJson(StringBuilder builder)
    {
        builder.Append('[');
        for (var i = 0; i < Items.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            Items[i].WriteJson(builder);
        }

        builder.Append(']');
    }
}

internal sealed class JObject : JValue
{
    private readonly List<KeyValuePair<string, JValue>> _entries;
    private readonly Dictionary<string, int> _index;

    public JObject()
    {
        _entries = [];
        _index = new(StringComparer.Ordinal);
    }

    public JObject(IEnumerable<KeyValuePair<string, JValue>> entries)
    {
        // Sized once: Kyverno builds one per rule and object (request context, images, mutations), and growing both
        // tables entry by entry was a visible share of the corpus check's allocations.
        var count = entries.TryGetNonEnumeratedCount(out var known) ? known : 0;
        _entries = new(count);
        _index = new(count, StringComparer.Ordinal);
        foreach (var (key, value) in entries)
        {
            Set(key, value);
        }
    }

    public override JKind Kind => JKind.Object;

    public int Count => _entries.Count;

    /// <summary>The entries in the order they were written.</summary>
    public IReadOnlyList<KeyValuePair<string, JValue>> Entries => _entries;

    public IEnumerable<string> Keys => _entries.Select(e => e.Key);

    public bool ContainsKey(string key) => _index.ContainsKey(key);

    public bool TryGet(string key, out JValue value)
    {
        if (_index.TryGetValue(key, out var i))
        {
            value = _entries[i].Value;
            return true;
        }

        value = JValue.Null;
        return false;
    }

    /// <summary>The value under <paramref name="key"/>, or null when absent.</summary>
    public JValue? Get(string key) => _index.TryGetValue(key, out var i) ? _entries[i].Value : null;

    public void Set(string key, JValue value)
    {
        if (_index.TryGetValue(key, out var i))
        {
            _entries[i] = new(key, value);
        }
        else
        {
            _index[key] = _entries.Count;
            _entries.Add(new(key, value));
        }
    }

    /// <summary>A shallow copy with the same position facts, to which entries can be added or replaced.</summary>
    public JObject With(params ReadOnlySpan<(string Key, JValue Value)> replacements)
    {
        var copy = new JObject(_entries) { Node = Node, KeyNode = KeyNode, Path = Path };
        foreach (var (key, value) in replacements)
        {
            copy.Set(key, value);
        }

        return copy;
    }

    public override void WriteJson(StringBuilder builder)
    {
        builder.Append('{');
        var first = true;
        foreach (var (key, value) in _entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (!first)
            {
                builder.Append(',');
            }

            first = false;
            WriteJsonString(builder, key);
            builder.Append(':');
            value.WriteJson(builder);
        }

        builder.Append('}');
    }
}
