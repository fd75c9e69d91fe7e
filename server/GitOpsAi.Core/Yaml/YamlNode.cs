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
    // table (a reference field in every node cost 8 bytes a node), and a flag here says whether to look there. A span
    // whose length does not fit the bits below (32 M characters and more, or negative) is kept there too.
    private static readonly ConditionalWeakTable<YamlNode, NodeProperties> RareProperties = new();

    // A node's own fields are 8 bytes, the span's start and one word of bits: 24 bytes a node before a derived class's
    // fields, so a scalar (plus its value) is 32 bytes. The word holds the span's length (bits 0-24; all ones: in the
    // side table), whether the side table has this node (bit 25), a scalar's style or a collection's flow flag (26-28;
    // a collection's is bit 26 only) and a scalar's resolved type (29-31, written once on first use); a collection keeps
    // two remembered verdicts in bits 27-30 instead.
    private const int LengthBits = 25;
    private const uint LongLength = (1u << LengthBits) - 1;
    private const uint PropertiesFlag = 1u << LengthBits;
    private const int StyleShift = 26;
    private const int TypeShift = 29;
    private const uint ThreeBits = 7;

    private readonly int _start;
    private uint _bits;

    private protected YamlNode(TextSpan span, string? tag, string? anchor, byte styleBits, byte typeBits)
    {
        _start = span.Start;
        var fits = span.Length >= 0 && (uint)span.Length < LongLength;
        _bits = (fits ? (uint)span.Length : LongLength) | ((uint)styleBits << StyleShift) | ((uint)typeBits << TypeShift);
        if (tag is not null || anchor is not null || !fits)
        {
            _bits |= PropertiesFlag;
            RareProperties.Add(this, new NodeProperties(tag, anchor, span.Length));
        }
    }

    public TextSpan Span
    {
        get
        {
            var length = _bits & LongLength;
            return length != LongLength ? new TextSpan(_start, (int)length) : new TextSpan(_start, Properties!.Length);
        }
    }

    /// <summary>An explicit tag such as <c>!!str</c>, or null.</summary>
    public string? Tag => Properties?.Tag;

    public string? Anchor => Properties?.Anchor;

    /// <summary>
    /// The number of nodes this node stands for once every alias is expanded (saturating). The parser refuses documents
    /// whose expansion is far larger than their text, which is what a "billion laughs" file is. A scalar stands for itself.
    /// </summary>
    public long ExpandedSize => this is YamlCollection collection ? collection.StoredExpandedSize : 1;

    public abstract string KindName { get; }

    /// <summary>A scalar's <see cref="YamlScalarStyle"/>; for a mapping or a sequence, 1 when it is written in brackets.</summary>
    private protected uint StyleBits => (_bits >> StyleShift) & ThreeBits;

    /// <summary>A scalar's resolved <see cref="YamlScalarType"/>: see <see cref="YamlScalar.Type"/>.</summary>
    private protected uint TypeBits
    {
        get => _bits >> TypeShift;

        // Only these three bits ever change after construction, and every thread writes the same value into them: a
        // thread that reads the word before another's write and writes after it writes the same word again.
        set => _bits = (_bits & ~(ThreeBits << TypeShift)) | ((value & ThreeBits) << TypeShift);
    }

    /// <summary>
    /// A collection's bits 27-30, which nothing else uses (its style is only the flow flag, bit 26, and it has no type):
    /// two remembered yes/no verdicts about the subtree (<see cref="CollectionMemo"/>), a bit that says "known" and one
    /// for the answer each. Only ever set, never cleared, and with an atomic or: threads remembering different verdicts
    /// at once keep both.
    /// </summary>
    private protected bool? Recalled(int slot)
    {
        var bits = Volatile.Read(ref _bits) >> (MemoShift + 2 * slot);
        return (bits & 1) != 0 ? (bits & 2) != 0 : null;
    }

    private protected void Remember(int slot, bool verdict) =>
        Interlocked.Or(ref _bits, (verdict ? 3u : 1u) << (MemoShift + 2 * slot));

    private const int MemoShift = 27;

    private NodeProperties? Properties => (_bits & PropertiesFlag) != 0 && RareProperties.TryGetValue(this, out var properties) ? properties : null;

    private sealed record NodeProperties(string? Tag, string? Anchor, int Length);
}

/// <summary>A mapping or a sequence: a node whose expanded size is counted when it is parsed.</summary>
public abstract class YamlCollection : YamlNode
{
    // Saturates at int.MaxValue, read back as long.MaxValue (a long cost 8 bytes a collection): the parser stops expanding
    // aliases at MaxAliasExpansion, so no document comes near it.
    private int _expandedSize = 1;

    private protected YamlCollection(TextSpan span, bool isFlow, string? tag, string? anchor)
        : base(span, tag, anchor, styleBits: isFlow ? (byte)1 : (byte)0, typeBits: 0)
    {
    }

    /// <remarks>Bit 26 alone: a collection's bits 27-30 hold remembered verdicts (<see cref="CollectionMemo"/>).</remarks>
    public bool IsFlow => (StyleBits & 1) != 0;

    internal long StoredExpandedSize => _expandedSize == int.MaxValue ? long.MaxValue : _expandedSize;

    internal void SetExpandedSize(long size) => _expandedSize = (int)Math.Clamp(size, 1, int.MaxValue);

    /// <summary>The verdict remembered about this subtree, if one was (see <see cref="Remember(CollectionMemo, bool)"/>).</summary>
    internal bool? Recalled(CollectionMemo memo) => Recalled((int)memo);

    /// <summary>
    /// Remembers a verdict about this subtree. A parse tree never changes, so the verdict holds for every render of every
    /// overlay that reads it: worked out once per file version, not once per object rendered from it.
    /// </summary>
    internal void Remember(CollectionMemo memo, bool verdict) => Remember((int)memo, verdict);
}

/// <summary>Yes/no verdicts the renderer remembers on a parsed collection (two fit: <see cref="YamlNode"/>'s spare bits).</summary>
internal enum CollectionMemo
{
    /// <summary>A mapping converts to a render map pair for pair (see the render writer's IsPlain).</summary>
    ConvertsPairForPair = 0,

    /// <summary>A mapping or sequence holds a <c>containers</c> or <c>initContainers</c> list somewhere below it.</summary>
    HoldsContainers = 1,
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
    private const byte Unresolved = 7;

    // The type is resolved on first use, from any thread (files are analysed in parallel and read each other's objects):
    // its three bits live in one word of the node, written whole, where a YamlScalarType? could be seen half-written.
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
                TypeBits = type = (uint)YamlScalarResolver.Resolve(this);
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

    private YamlMapping(TextSpan span, YamlPair[] ownPairs, bool isFlow, string? tag, string? anchor)
        : base(span, isFlow, tag, anchor)
    {
        _pairs = ownPairs;
    }

    /// <summary>A mapping that keeps the array as its own, not a copy: for a writer that fills an array of the exact size once.</summary>
    internal static YamlMapping Owning(TextSpan span, YamlPair[] pairs, bool isFlow = false, string? tag = null, string? anchor = null) => new(span, pairs, isFlow, tag, anchor);

    public IReadOnlyList<YamlPair> Pairs => _pairs;

    /// <summary>The pairs without the interface: for loops over every pair of every object (the render writer).</summary>
    internal ReadOnlySpan<YamlPair> PairsSpan => _pairs;

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

    private YamlSequence(TextSpan span, YamlNode[] ownItems, bool isFlow, string? tag, string? anchor)
        : base(span, isFlow, tag, anchor)
    {
        _items = ownItems;
    }

    /// <summary>A sequence that keeps the array as its own, not a copy: for a writer that fills an array of the exact size once.</summary>
    internal static YamlSequence Owning(TextSpan span, YamlNode[] items, bool isFlow = false, string? tag = null, string? anchor = null) => new(span, items, isFlow, tag, anchor);

    private readonly YamlNode[] _items;

    public IReadOnlyList<YamlNode> Items => _items;

    /// <summary>The items without the interface: for loops over every item of every object (the render writer).</summary>
    internal ReadOnlySpan<YamlNode> ItemsSpan => _items;

    public override string KindName => "array";
}
