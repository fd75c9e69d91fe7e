using GitOpsAi.Core.Text;

namespace GitOpsAi.Core.Yaml;

/// <summary>
/// A node of our YAML tree. Every node keeps its span in the original text; aliases are resolved to the anchored node
/// itself (shared, never copied), so a finding inside aliased content points at the text the user wrote once.
/// </summary>
public abstract class YamlNode
{
    // A repository holds millions of nodes, and almost none has a tag or an anchor: both live in one rarely made object.
    private readonly NodeProperties? _properties;

    protected YamlNode(TextSpan span, string? tag, string? anchor)
    {
        Span = span;
        _properties = tag is null && anchor is null ? null : new NodeProperties(tag, anchor);
    }

    public TextSpan Span { get; }

    /// <summary>An explicit tag such as <c>!!str</c>, or null.</summary>
    public string? Tag => _properties?.Tag;

    public string? Anchor => _properties?.Anchor;

    /// <summary>
    /// The number of nodes this node stands for once every alias is expanded (saturating). The parser refuses documents
    /// whose expansion is far larger than their text, which is what a "billion laughs" file is. A scalar stands for itself.
    /// </summary>
    public virtual long ExpandedSize => 1;

    public abstract string KindName { get; }

    private sealed record NodeProperties(string? Tag, string? Anchor);
}

/// <summary>A mapping or a sequence: a node whose expanded size is counted when it is parsed.</summary>
public abstract class YamlCollection : YamlNode
{
    private long _expandedSize = 1;

    protected YamlCollection(TextSpan span, string? tag, string? anchor)
        : base(span, tag, anchor)
    {
    }

    public override long ExpandedSize => _expandedSize;

    internal void SetExpandedSize(long size) => _expandedSize = size;
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

    // Resolved on first use, from any thread (files are analysed in parallel and read each other's objects): a byte
    // is written atomically, where a YamlScalarType? could be seen half-written (HasValue set, value not yet).
    private byte _type = Unresolved;
    private readonly byte _style;

    public YamlScalar(TextSpan span, string value, YamlScalarStyle style, string? tag, string? anchor)
        : base(span, tag, anchor)
    {
        _value = value;
        _style = (byte)style;
    }

    private readonly string _value;

    /// <summary>The value, not noted by a rule's read recorder (lookups note what they found instead).</summary>
    internal string UnrecordedValue => _value;

    public string Value
    {
        get
        {
            Rules.Reuse.ReadRecorder.Current?.Read(this);
            return _value;
        }
    }

    public YamlScalarStyle Style
    {
        get
        {
            Rules.Reuse.ReadRecorder.Current?.Read(this);
            return (YamlScalarStyle)_style;
        }
    }

    public bool IsPlain => Style == YamlScalarStyle.Plain && Tag is null;

    /// <summary>The YAML 1.2 core-schema type of the scalar (what <c>sigs.k8s.io/yaml</c> decodes it as, except YAML 1.1 booleans).</summary>
    public YamlScalarType Type
    {
        get
        {
            Rules.Reuse.ReadRecorder.Current?.Read(this);
            var type = _type;
            if (type == Unresolved)
            {
                _type = type = (byte)YamlScalarResolver.Resolve(this);
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

public sealed class YamlPair
{
    public YamlPair(YamlNode key, YamlNode value, bool isMerged = false)
    {
        Key = key;
        Value = value;
        IsMerged = isMerged;
    }

    public YamlNode Key { get; }

    public YamlNode Value { get; }

    /// <summary>The key text when the key is a scalar (almost always), else null.</summary>
    public string? KeyText => (Key as YamlScalar)?.Value;

    /// <summary>True when the pair came from a <c>&lt;&lt;: *anchor</c> merge rather than being written in this mapping.</summary>
    public bool IsMerged { get; }

    public override string ToString() => $"{Key}: {Value}";
}

public sealed class YamlMapping : YamlCollection
{
    // An array of the exact size: a list's object and spare capacity, per mapping, add up over a large repository.
    private readonly YamlPair[] _pairs;

    public YamlMapping(TextSpan span, IReadOnlyCollection<YamlPair> pairs, bool isFlow, string? tag, string? anchor)
        : base(span, tag, anchor)
    {
        _pairs = [.. pairs];
        IsFlow = isFlow;
    }

    public IReadOnlyList<YamlPair> Pairs
    {
        get
        {
            Rules.Reuse.ReadRecorder.Current?.Enumerated(this);
            return _pairs;
        }
    }

    public bool IsFlow { get; }

    public override string KindName => "object";

    public YamlPair? GetPair(string key)
    {
        Rules.Reuse.ReadRecorder.Current?.LookedUp(this, key);
        foreach (var pair in _pairs)
        {
            if (pair.Key is YamlScalar scalar && scalar.UnrecordedValue == key)
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
        : base(span, tag, anchor)
    {
        _items = [.. items];
        IsFlow = isFlow;
    }

    private readonly YamlNode[] _items;

    public IReadOnlyList<YamlNode> Items
    {
        get
        {
            Rules.Reuse.ReadRecorder.Current?.Enumerated(this);
            return _items;
        }
    }

    public bool IsFlow { get; }

    public override string KindName => "array";
}
