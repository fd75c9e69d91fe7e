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
    public SourceRef? Source { get; set; }

    public abstract RenderNode Clone();

    /// <summary>A deep copy of a parse-tree node, each node keeping its place in <paramref name="path"/>.</summary>
    public static RenderNode FromYaml(YamlNode node, string path) => node switch
    {
        YamlMapping mapping => RenderMap.FromYaml(mapping, path),
        YamlSequence sequence => FromSequence(sequence, path),
        YamlScalar scalar => FromScalar(scalar, path),
        _ => new RenderScalar(string.Empty, YamlScalarType.Null, new SourceRef(path, node.Span)),
    };

    /// <summary>Its own method: a lambda over the items here made a closure for every node converted, sequence or not.</summary>
    private static RenderSequence FromSequence(YamlSequence sequence, string path)
    {
        // By index: a foreach over the read-only list made an array enumerator for every sequence and mapping converted.
        var source = sequence.Items;
        var items = new List<RenderNode>(source.Count);
        for (var i = 0; i < source.Count; i++)
        {
            items.Add(FromYaml(source[i], path));
        }

        return RenderSequence.Owning(items, new SourceRef(path, sequence.Span));
    }

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
    public string Key { get; } = key;

    public RenderNode Value { get; set; } = value;

    public SourceRef? KeySource { get; set; } = keySource;
}

public sealed class RenderMap : RenderNode
{
    private List<RenderEntry>? _entries;

    // Until this map has entries of its own: the converted document's map it reads as (ConvertedDocuments), shared by
    // the overlays that render the same base and never changed.
    private readonly RenderMap? _template;

    public RenderMap() => _entries = [];

    /// <summary>A map made for <paramref name="capacity"/> entries (a copy knows how many: no growing through 4, 8, 16...).</summary>
    internal RenderMap(int capacity) => _entries = new List<RenderEntry>(capacity);

    private RenderMap(RenderMap template)
    {
        _template = template;
        Source = template.Source;
    }

    /// <summary>
    /// A map that reads as <paramref name="template"/> (never changed afterwards by anyone) and is copied on first use
    /// of <see cref="Entries"/>, one level at a time: what no transformer or patch reaches is never copied.
    /// </summary>
    internal static RenderMap CopyOnWrite(RenderMap template) => new(template);

    /// <summary>The entries, to read or to edit: a copy-on-write map first takes entries of its own (each value copy-on-write in turn).</summary>
    public List<RenderEntry> Entries => _entries ?? Own();

    /// <summary>
    /// The entries to read only, never to change (the writer, whole-tree scans): a copy-on-write map not yet edited reads
    /// its template's. A list, not an interface, for the loops that read every node (an enumerator per map otherwise).
    /// </summary>
    internal List<RenderEntry> EntriesToRead => _entries ?? _template!.EntriesToRead;

    private List<RenderEntry> Own()
    {
        var template = _template!.EntriesToRead;
        var entries = new List<RenderEntry>(template.Count);
        for (var i = 0; i < template.Count; i++)
        {
            var entry = template[i];
            entries.Add(new RenderEntry(entry.Key, CopyOnWrite(entry.Value), entry.KeySource));
        }

        // A render shared between threads (an editor's cached one) may be read by two at once: one list wins.
        return Interlocked.CompareExchange(ref _entries, entries, null) ?? entries;
    }

    /// <summary>A template's node as a copy's: maps and sequences copy-on-write, scalars shared (nothing changes a scalar in place).</summary>
    internal static RenderNode CopyOnWrite(RenderNode node) => node switch
    {
        RenderMap map => new RenderMap(map),
        RenderSequence sequence => RenderSequence.CopyOnWrite(sequence),
        _ => node,
    };

    public RenderNode? this[string key] => Find(key)?.Value;

    public RenderEntry? Find(string key)
    {
        foreach (var entry in Entries)
        {
            if (entry.Key == key)
            {
                return entry;
            }
        }

        return null;
    }

    public RenderMap? Map(string key) => this[key] as RenderMap;

    /// <summary>The value of <paramref name="key"/> to read only, never to edit or hand on: a copy-on-write map is not copied for it.</summary>
    internal RenderNode? ValueToRead(string key)
    {
        var entries = EntriesToRead;
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i].Key == key)
            {
                return entries[i].Value;
            }
        }

        return null;
    }

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
        var entries = EntriesToRead;
        var copy = new RenderMap(entries.Count) { Source = Source };
        foreach (var entry in entries)
        {
            copy.Entries.Add(new RenderEntry(entry.Key, entry.Value.Clone(), entry.KeySource));
        }

        return copy;
    }

    internal static RenderMap FromYaml(YamlMapping mapping, string path)
    {
        var pairs = mapping.Pairs;
        var map = new RenderMap(pairs.Count) { Source = new SourceRef(path, mapping.Span) };
        for (var i = 0; i < pairs.Count; i++)
        {
            var pair = pairs[i];
            if (pair.KeyText is not { } key || key == "<<")
            {
                continue;
            }

            // A later key wins, as in kyaml; merged (<<) pairs never override written ones.
            var value = FromYaml(pair.Value, path);
            if (map.Find(key) is { } existing)
            {
                if (!pair.IsMerged)
                {
                    existing.Value = value;
                }

                continue;
            }

            map.Entries.Add(new RenderEntry(key, value, new SourceRef(path, pair.Key.Span)));
        }

        return map;
    }
}

public sealed class RenderSequence : RenderNode
{
    private List<RenderNode>? _items;

    // Until this sequence has items of its own: the converted document's sequence it reads as (see RenderMap's).
    private readonly RenderSequence? _template;

    public RenderSequence(IEnumerable<RenderNode> items) => _items = items.ToList();

    private RenderSequence(List<RenderNode> items, SourceRef? source)
    {
        _items = items;
        Source = source;
    }

    private RenderSequence(RenderSequence template)
    {
        _template = template;
        Source = template.Source;
    }

    /// <summary>A sequence that takes <paramref name="items"/> as its own list (no copy: the caller made it for this sequence).</summary>
    internal static RenderSequence Owning(List<RenderNode> items, SourceRef? source) => new(items, source);

    /// <summary>See <see cref="RenderMap.CopyOnWrite(RenderMap)"/>.</summary>
    internal static RenderSequence CopyOnWrite(RenderSequence template) => new(template);

    /// <summary>The items, to read or to edit: a copy-on-write sequence first takes items of its own.</summary>
    public List<RenderNode> Items => _items ?? Own();

    /// <summary>The items to read only, never to change: a copy-on-write sequence not yet edited reads its template's.</summary>
    internal List<RenderNode> ItemsToRead => _items ?? _template!.ItemsToRead;

    private List<RenderNode> Own()
    {
        var template = _template!.ItemsToRead;
        var items = new List<RenderNode>(template.Count);
        for (var i = 0; i < template.Count; i++)
        {
            items.Add(RenderMap.CopyOnWrite(template[i]));
        }

        return Interlocked.CompareExchange(ref _items, items, null) ?? items;
    }

    public override RenderNode Clone()
    {
        var source = ItemsToRead;
        var items = new List<RenderNode>(source.Count);
        foreach (var item in source)
        {
            items.Add(item.Clone());
        }

        return new RenderSequence(items, Source);
    }
}

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
