using System.Runtime.CompilerServices;
using GitOpsAi.Core.Text;

namespace GitOpsAi.Core.Yaml;

/// <summary>
/// A node of our YAML tree. Every node keeps its span in the original text; aliases are resolved to the anchored node
/// itself (shared, never copied), so a finding inside aliased content points at the text the user wrote once.
/// </summary>
public abstract class YamlNode
{
    // A repository holds millions of nodes, and almost none has a tag or an anchor: those few nodes have theirs in a side
    // table (a reference field in every node cost 8 bytes a node), and a flag here says whether to look there.
    private static readonly ConditionalWeakTable<YamlNode, NodeProperties> RareProperties = new();

    // The flag and the one or two bytes each kind of node needs are kept here, next to the span, rather than in the
    // derived classes: a derived class's fields start after the base's padded size, so bytes there would cost 8 more.
    private readonly bool _hasProperties;

    /// <summary>A scalar's <see cref="YamlScalarStyle"/>; for a mapping or a sequence, 1 when it is written in brackets.</summary>
    private protected readonly byte StyleBits;

    /// <summary>A scalar's resolved <see cref="YamlScalarType"/>, written once on first use (see <see cref="YamlScalar.Type"/>).</summary>
    private protected byte TypeBits;

    // A collection's expanded size fits the four bytes the span and the bytes above leave before the padding (a long in
    // the collection cost 8 bytes a mapping). Saturates at int.MaxValue, read back as long.MaxValue: the parser stops
    // expanding aliases at MaxAliasExpansion, so no document comes near it.
    private int _expandedSize = 1;

    private protected YamlNode(TextSpan span, string? tag, string? anchor, byte styleBits, byte typeBits)
    {
        Span = span;
        StyleBits = styleBits;
        TypeBits = typeBits;
        if (tag is not null || anchor is not null)
        {
            _hasProperties = true;
            RareProperties.Add(this, new NodeProperties(tag, anchor));
        }
    }

    public TextSpan Span { get; }

    /// <summary>An explicit tag such as <c>!!str</c>, or null.</summary>
    public string? Tag => _hasProperties && RareProperties.TryGetValue(this, out var properties) ? properties.Tag : null;

    public string? Anchor => _hasProperties && RareProperties.TryGetValue(this, out var properties) ? properties.Anchor : null;

    /// <summary>
    /// The number of nodes this node stands for once every alias is expanded (saturating). The parser refuses documents
    /// whose expansion is far larger than their text, which is what a "billion laughs" file is. A scalar stands for itself.
    /// </summary>
    public long ExpandedSize => _expandedSize == int.MaxValue ? long.MaxValue : _expandedSize;

    private protected void StoreExpandedSize(long size) => _expandedSize = (int)Math.Clamp(size, 1, int.MaxValue);

    public abstract string KindName { get; }

    private sealed record NodeProperties(string? Tag, string? Anchor);
}

/// <summary>A mapping or a sequence: a node whose expanded size is counted when it is parsed.</summary>
public abstract class YamlCollection : YamlNode
{
    private protected YamlCollection(TextSpan span, bool isFlow, string? tag, string? anchor)
        : base(span, tag, anchor, styleBits: isFlow ? (byte)1 : (byte)0, typeBits: 0)
    {
    }

    public bool IsFlow => StyleBits != 0;

    internal void SetExpandedSize(long size) => StoreExpandedSize(size);
}

public enum YamlScalarStyle
{
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

/// <summary>The type a plain scalar resolves to. Quoted, block and <c>!!str</c>-tagged scalars are always strings.</summary>
public enum YamlScalarType
{
    String,
    Null,
    Boolean,
    Integer,
    Float,
}

public sealed class YamlScalar : YamlNode
{
    private const byte Unresolved = byte.MaxValue;

    // The type is resolved on first use, from any thread (files are analysed in parallel and read each other's objects):
    // a byte (TypeBits) is written atomically, where a YamlScalarType? could be seen half-written (HasValue set, value not yet).
    public YamlScalar(TextSpan span, string value, YamlScalarStyle style, string? tag, string? anchor)
        : base(span, tag, anchor, styleBits: (byte)style, typeBits: Unresolved)
    {
        Value = value;
    }

    public string Value { get; }

    public YamlScalarStyle Style => (YamlScalarStyle)StyleBits;

    public bool IsPlain => Style == YamlScalarStyle.Plain && Tag is null;

    /// <summary>The YAML 1.2 core-schema type of the scalar (what <c>sigs.k8s.io/yaml</c> decodes it as, except YAML 1.1 booleans).</summary>
    public YamlScalarType Type
    {
        get
        {
            var type = TypeBits;
            if (type == Unresolved)
            {
                TypeBits = type = (byte)YamlScalarResolver.Resolve(this);
            }

            return (YamlScalarType)type;
        }
    }

    public bool IsNull => Type == YamlScalarType.Null;

    /// <summary>True for a boolean scalar written <c>true</c>, <c>True</c> or <c>TRUE</c> (how YAML 1.2 tools decode it).</summary>
    public bool IsTrue => Type == YamlScalarType.Boolean && Value is "true" or "True" or "TRUE";

    public override string KindName => Type switch
    {
        YamlScalarType.Null => "null",
        YamlScalarType.Boolean => "boolean",
        YamlScalarType.Integer => "integer",
        YamlScalarType.Float => "number",
        _ => "string",
    };

    public override string ToString() => Value;
}

/// <summary>
/// A key and its value in a mapping. A value, not an object: a repository holds a million pairs, and a mapping keeps its
/// keys and values inline (see <see cref="YamlMapping.Pairs"/>), so a pair costs no allocation of its own.
/// </summary>
public readonly struct YamlPair : IEquatable<YamlPair>
{
    // Two references and nothing else, 16 bytes in a mapping's array: a bool beside them padded every pair to 24. The rare
    // pair that came from a <<: merge has its key wrapped in a MergedKey, which is how it says so.
    private readonly object _key;

    public YamlPair(YamlNode key, YamlNode value, bool isMerged = false)
    {
        _key = isMerged ? new MergedKey(key) : key;
        Value = value;
    }

    public YamlNode Key => _key is MergedKey merged ? merged.Node : Unsafe.As<YamlNode>(_key);

    public YamlNode Value { get; }

    /// <summary>The key text when the key is a scalar (almost always), else null.</summary>
    public string? KeyText => (Key as YamlScalar)?.Value;

    /// <summary>True when the pair came from a <c>&lt;&lt;: *anchor</c> merge rather than being written in this mapping.</summary>
    public bool IsMerged => _key is MergedKey;

    /// <summary>The same pair: the same key and value nodes (nodes compare by identity), merged or not alike.</summary>
    public bool Equals(YamlPair other) => ReferenceEquals(Key, other.Key) && ReferenceEquals(Value, other.Value) && IsMerged == other.IsMerged;

    public override bool Equals(object? obj) => obj is YamlPair other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(RuntimeHelpers.GetHashCode(Key), RuntimeHelpers.GetHashCode(Value), IsMerged);

    public static bool operator ==(YamlPair left, YamlPair right) => left.Equals(right);

    public static bool operator !=(YamlPair left, YamlPair right) => !left.Equals(right);

    public override string ToString() => $"{Key}: {Value}";

    private sealed class MergedKey(YamlNode node)
    {
        public YamlNode Node { get; } = node;
    }
}

public sealed class YamlMapping : YamlCollection
{
    // Pairs inline, in an array of the exact size: a pair object each (and a list's spare capacity) added up to a sixth of
    // a large repository's parse trees.
    private readonly YamlPair[] _pairs;

    public YamlMapping(TextSpan span, IReadOnlyCollection<YamlPair> pairs, bool isFlow, string? tag, string? anchor)
        : base(span, isFlow, tag, anchor)
    {
        _pairs = [.. pairs];
    }

    private YamlMapping(TextSpan span, YamlPair[] ownPairs)
        : base(span, isFlow: false, tag: null, anchor: null)
    {
        _pairs = ownPairs;
    }

    /// <summary>A block mapping that keeps the array as its own, not a copy: for a writer that fills an array of the exact size once.</summary>
    internal static YamlMapping Owning(TextSpan span, YamlPair[] pairs) => new(span, pairs);

    public IReadOnlyList<YamlPair> Pairs => _pairs;

    public override string KindName => "object";

    public YamlPair? GetPair(string key)
    {
        foreach (var pair in _pairs)
        {
            if (pair.Key is YamlScalar scalar && scalar.Value == key)
            {
                return pair;
            }
        }

        return null;
    }

    public YamlNode? this[string key] => GetPair(key)?.Value;

    public YamlMapping? GetMapping(string key) => this[key] as YamlMapping;

    public YamlSequence? GetSequence(string key) => this[key] as YamlSequence;

    /// <summary>The value of a scalar child, or null when absent, null or not a scalar.</summary>
    public string? GetString(string key) => this[key] is YamlScalar { IsNull: false } scalar ? scalar.Value : null;

    /// <summary>Follows a path of keys through nested mappings.</summary>
    public YamlNode? At(params ReadOnlySpan<string> path)
    {
        YamlNode? current = this;
        foreach (var key in path)
        {
            current = (current as YamlMapping)?[key];
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }
}

public sealed class YamlSequence : YamlCollection
{
    public YamlSequence(TextSpan span, IReadOnlyCollection<YamlNode> items, bool isFlow, string? tag, string? anchor)
        : base(span, isFlow, tag, anchor)
    {
        _items = [.. items];
    }

    private YamlSequence(TextSpan span, YamlNode[] ownItems)
        : base(span, isFlow: false, tag: null, anchor: null)
    {
        _items = ownItems;
    }

    /// <summary>A block sequence that keeps the array as its own, not a copy: for a writer that fills an array of the exact size once.</summary>
    internal static YamlSequence Owning(TextSpan span, YamlNode[] items) => new(span, items);

    private readonly YamlNode[] _items;

    public IReadOnlyList<YamlNode> Items => _items;

    public override string KindName => "array";
}
