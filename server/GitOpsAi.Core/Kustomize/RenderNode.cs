using GitOpsAi.Core.Text;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Kustomize;

/// <summary>Where a rendered value came from: the file and the span of the text that set it.</summary>
public readonly record struct SourceRef(string Path, TextSpan Span);

/// <summary>
/// A node of a rendered object. Unlike the parse tree it is mutable (transformers and patches edit it) and every node
/// remembers its <see cref="Source"/>: the base line, the patch line that replaced it, or the kustomization entry that set it.
/// </summary>
public abstract class RenderNode
{
    // A nullable SourceRef is 24 bytes (its path, span and flag, padded); kept as the path (null for none) and the span it
    // is 16: a render node (and a key, below) of every object of every root is 8 bytes smaller (issue 13).
    private string? _sourcePath;
    private TextSpan _sourceSpan;

    public SourceRef? Source
    {
        get => _sourcePath is null ? null : new SourceRef(_sourcePath, _sourceSpan);
        set
        {
            // An unread map or sequence converts its contents from the file its source names: read them before that changes.
            if (this is RenderMap { Unread: not null } map)
            {
                _ = map.Entries;
            }
            else if (this is RenderSequence { Unread: not null } sequence)
            {
                _ = sequence.Items;
            }

            (_sourcePath, _sourceSpan) = value is { } source ? (source.Path, source.Span) : (null, default);
        }
    }

    public abstract RenderNode Clone();

    /// <summary>A deep copy of a parse-tree node, each node keeping its place in <paramref name="path"/>.</summary>
    /// <remarks>Scalars first: most nodes are, and each type test that fails is a call (CastHelpers, 7% of rendering a 50,000-resource monorepo).</remarks>
    public static RenderNode FromYaml(YamlNode node, string path) => node switch
    {
        YamlScalar scalar => FromScalar(scalar, path),
        YamlMapping mapping => RenderMap.FromYaml(mapping, path),
        YamlSequence sequence => RenderSequence.FromYaml(sequence, path),
        _ => new RenderScalar(string.Empty, YamlScalarType.Null, new SourceRef(path, node.Span)),
    };

    private static RenderScalar FromScalar(YamlScalar scalar, string path)
    {
        var (value, type) = GoYamlReading.Read(scalar);
        return new RenderScalar(value, type, new SourceRef(path, scalar.Span)) { IsPlain = scalar.Style == YamlScalarStyle.Plain };
    }

    /// <summary>Sets <paramref name="source"/> on this node and every node below it (a value written wholesale by one line).</summary>
    public void SetSourceDeep(SourceRef? source)
    {
        Source = source;
        switch (this)
        {
            case RenderMap map:
                foreach (var entry in map.Entries)
                {
                    entry.KeySource = source;
                    entry.Value.SetSourceDeep(source);
                }

                break;
            case RenderSequence sequence:
                foreach (var item in sequence.Items)
                {
                    item.SetSourceDeep(source);
                }

                break;
        }
    }
}

/// <summary>A key and its value; the key keeps the place it was written, for provenance of whole fields.</summary>
public sealed class RenderEntry(string key, RenderNode value, SourceRef? keySource)
{
    // As RenderNode.Source: the path (null for none) and the span, not a 24-byte nullable.
    private string? _keyPath = keySource?.Path;
    private TextSpan _keySpan = keySource?.Span ?? default;

    public string Key { get; } = key;

    public RenderNode Value { get; set; } = value;

    public SourceRef? KeySource
    {
        get => _keyPath is null ? null : new SourceRef(_keyPath, _keySpan);
        set => (_keyPath, _keySpan) = value is { } source ? (source.Path, source.Span) : (null, default);
    }
}

public sealed class RenderMap : RenderNode
{
    private List<RenderEntry>? _entries;

    /// <summary>
    /// The parsed mapping this map was converted from, its entries made only when something reads them: most of a base's
    /// objects are never read below their first levels by an overlay's transformers, only written out, and converting every
    /// node of every base for every overlay that renders it was 383 MB of the 50,000-resource check (issue 13). The
    /// writer writes an unread map from the parse tree (<see cref="RenderWriter"/>).
    /// </summary>
    private readonly YamlMapping? _parsed;

    public RenderMap() => _entries = [];

    /// <summary>A map made for <paramref name="capacity"/> entries (a copy knows how many: no growing through 4, 8, 16...).</summary>
    internal RenderMap(int capacity) => _entries = new List<RenderEntry>(capacity);

    private RenderMap(YamlMapping parsed, SourceRef source)
    {
        Source = source;
        _parsed = parsed;
    }

    public List<RenderEntry> Entries => _entries ?? Read();

    /// <summary>The parsed mapping this map still is, entry for entry, while nothing has read its entries; else null.</summary>
    internal YamlMapping? Unread => _entries is null ? _parsed : null;

    public RenderNode? this[string key] => Find(key)?.Value;

    /// <remarks>
    /// An unread map answers a key it does not have from its parsed mapping (conversion leaves a key out only when no pair
    /// has it; it skips <c>&lt;&lt;</c> alone), and stays unread: a transformer that only looks for a field an object lacks
    /// (an env var without <c>valueFrom</c>, a volume without a <c>configMap</c>) converts nothing. Few such maps at
    /// 50,000 resources (4 MB): most lookups there find their field.
    /// </remarks>
    public RenderEntry? Find(string key) => Unread is { } parsed && parsed.GetPair(key) is null ? null : Find(Entries, key);

    /// <remarks>
    /// Over the list's span (no enumerator and version check per entry): every lookup of a rendered object's kind, name
    /// and fields comes here, 17% of rendering a 50,000-resource monorepo (issue 13). Keys read from files are mostly
    /// the same instances as the literals they are looked up with (the parser's key pool), so equality ends at the reference.
    /// </remarks>
    private static RenderEntry? Find(List<RenderEntry> entries, string key)
    {
        foreach (var entry in System.Runtime.InteropServices.CollectionsMarshal.AsSpan(entries))
        {
            if (ReferenceEquals(entry.Key, key) || entry.Key == key)
            {
                return entry;
            }
        }

        return null;
    }

    public RenderMap? Map(string key) => this[key] as RenderMap;

    public string? String(string key) => this[key] is RenderScalar { IsNull: false } scalar ? scalar.Value : null;

    public RenderNode? At(params ReadOnlySpan<string> path)
    {
        RenderNode? current = this;
        foreach (var key in path)
        {
            current = (current as RenderMap)?[key];
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }

    /// <summary>Replaces the value of <paramref name="key"/>, or appends the key when absent.</summary>
    public void Set(string key, RenderNode value, SourceRef? keySource = null)
    {
        if (Find(key) is { } entry)
        {
            entry.Value = value;
            return;
        }

        Entries.Add(new RenderEntry(key, value, keySource ?? value.Source));
    }

    public bool Remove(string key) => Entries.RemoveAll(e => e.Key == key) > 0;

    /// <summary>The mapping under <paramref name="key"/>, created (attributed to <paramref name="source"/>) when absent or null.</summary>
    public RenderMap GetOrCreateMap(string key, SourceRef? source)
    {
        if (this[key] is RenderMap existing)
        {
            return existing;
        }

        var created = new RenderMap { Source = source };
        Set(key, created, source);
        return created;
    }

    public override RenderNode Clone()
    {
        if (Unread is { } parsed)
        {
            return new RenderMap(parsed, Source!.Value);
        }

        var copy = new RenderMap(Entries.Count) { Source = Source };
        foreach (var entry in Entries)
        {
            copy.Entries.Add(new RenderEntry(entry.Key, entry.Value.Clone(), entry.KeySource));
        }

        return copy;
    }

    /// <summary>How many earlier keys a new mapping's keys were compared with on this thread (tests: a converted mapping, a generator's data).</summary>
    [ThreadStatic]
    internal static int KeysComparedOnThisThread;

    /// <summary>Up to this many pairs, a key is compared with the keys before it; beyond, they are found in a table.</summary>
    private const int MaxPairsScanned = 16;

    /// <summary>A map that stands for <paramref name="mapping"/> and converts its entries when they are first read.</summary>
    internal static RenderMap FromYaml(YamlMapping mapping, string path) => new(mapping, new SourceRef(path, mapping.Span));

    /// <summary>
    /// Converts the parsed entries (each value a map of its own that waits to be read, a sequence or a scalar). Render
    /// trees are edited by one thread, but a finished one may be read by several: the first conversion published wins.
    /// </summary>
    private List<RenderEntry> Read()
    {
        var entries = Convert(_parsed!, Source!.Value.Path);
        return Interlocked.CompareExchange(ref _entries, entries, null) ?? entries;
    }

    private static List<RenderEntry> Convert(YamlMapping mapping, string path)
    {
        var pairs = mapping.Pairs;
        var map = new List<RenderEntry>(pairs.Count);

        // Comparing each key with every key before it grew with the square of the mapping: 73 % of checking a ConfigMap
        // of 32,000 keys (rendered with a namespace), 12 s of CPU.
        var earlier = pairs.Count > MaxPairsScanned ? new Dictionary<string, RenderEntry>(pairs.Count, StringComparer.Ordinal) : null;
        for (var i = 0; i < pairs.Count; i++)
        {
            var pair = pairs[i];
            if (pair.KeyText is not { } key || key == "<<")
            {
                continue;
            }

            // A later key wins, as in kyaml; merged (<<) pairs never override written ones.
            var value = FromYaml(pair.Value, path);
            KeysComparedOnThisThread += earlier is null ? map.Count : 1;
            if ((earlier is null ? Find(map, key) : earlier.GetValueOrDefault(key)) is { } existing)
            {
                if (!pair.IsMerged)
                {
                    existing.Value = value;
                }

                continue;
            }

            var entry = new RenderEntry(key, value, new SourceRef(path, pair.Key.Span));
            map.Add(entry);
            earlier?.Add(key, entry);
        }

        return map;
    }
}

public sealed class RenderSequence : RenderNode
{
    private List<RenderNode>? _items;

    /// <summary>The parsed sequence this one was converted from, its items made only when read (as <see cref="RenderMap"/>'s entries).</summary>
    private readonly YamlSequence? _parsed;

    public RenderSequence(IEnumerable<RenderNode> items) => _items = items.ToList();

    private RenderSequence(List<RenderNode> items, SourceRef? source)
    {
        _items = items;
        Source = source;
    }

    private RenderSequence(YamlSequence parsed, SourceRef source)
    {
        Source = source;
        _parsed = parsed;
    }

    /// <summary>A sequence that takes <paramref name="items"/> as its own list (no copy: the caller made it for this sequence).</summary>
    internal static RenderSequence Owning(List<RenderNode> items, SourceRef? source) => new(items, source);

    /// <summary>A sequence that stands for <paramref name="sequence"/> and converts its items when they are first read.</summary>
    internal static RenderSequence FromYaml(YamlSequence sequence, string path) => new(sequence, new SourceRef(path, sequence.Span));

    public List<RenderNode> Items => _items ?? Read();

    /// <summary>The parsed sequence this one still is, item for item, while nothing has read its items; else null.</summary>
    internal YamlSequence? Unread => _items is null ? _parsed : null;

    public override RenderNode Clone()
    {
        if (Unread is { } parsed)
        {
            return new RenderSequence(parsed, Source!.Value);
        }

        var items = new List<RenderNode>(Items.Count);
        foreach (var item in Items)
        {
            items.Add(item.Clone());
        }

        return new RenderSequence(items, Source);
    }

    /// <remarks>By index: a foreach over the read-only list made an array enumerator for every sequence converted.</remarks>
    private List<RenderNode> Read()
    {
        var path = Source!.Value.Path;
        var source = _parsed!.ItemsSpan;
        var items = new List<RenderNode>(source.Length);
        for (var i = 0; i < source.Length; i++)
        {
            items.Add(FromYaml(source[i], path));
        }

        return Interlocked.CompareExchange(ref _items, items, null) ?? items;
    }
}

/// <remarks>
/// Never edited in place: a transformer or patch puts a new scalar where one changes, and a <see cref="RenderNode.Source"/>
/// is set only on a scalar just made. So one scalar can sit in many places (a namespace or label is written into every
/// object as the same scalar).
/// </remarks>
public sealed class RenderScalar : RenderNode
{
    public RenderScalar(string value, YamlScalarType type, SourceRef? source)
    {
        Value = value;
        Type = type;
        Source = source;
    }

    public string Value { get; }

    /// <summary>The YAML type the value has: a quoted <c>"8080"</c> stays a string.</summary>
    public YamlScalarType Type { get; }

    public bool IsNull => Type == YamlScalarType.Null;

    /// <summary>Written without quotes or block style: a kustomization file read as YAML 1.1 takes a plain <c>yes</c> for a boolean.</summary>
    public bool IsPlain { get; init; }

    public static RenderScalar String(string value, SourceRef? source) => new(value, YamlScalarType.String, source);

    public override RenderNode Clone() => new RenderScalar(Value, Type, Source) { IsPlain = IsPlain };

    public override string ToString() => Value;
}
