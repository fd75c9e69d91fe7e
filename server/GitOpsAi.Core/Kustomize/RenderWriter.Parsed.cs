using System.Runtime.InteropServices;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Kustomize;

/// <summary>
/// Writing the subtree of an unread <see cref="RenderMap"/> straight from its parse tree, as its conversion
/// (<see cref="RenderNode.FromYaml"/>) would be written: the same text, source map and tree. Most of a base's objects are
/// never read by an overlay's transformers below their first levels, and converting them only to write them was
/// 383 MB of the 50,000-resource check (issue 13). A mapping that conversion would change (a key twice, a merge) is
/// converted and written as a render node.
/// </summary>
public static partial class RenderWriter
{
    private sealed partial class Writer
    {
        /// <summary>A mapping of at least one pair that <see cref="IsPlain"/> accepted, from the file at <paramref name="path"/>.</summary>
        private YamlNode? WriteParsedMap(YamlMapping mapping, string path, int indent, bool inSequence)
        {
            var source = mapping.PairsSpan;
            var pairs = buildTree ? new YamlPair[source.Length] : null;
            long size = 1;
            var firstKeyStart = 0;
            for (var i = 0; i < source.Length; i++)
            {
                var pair = source[i];
                var keySource = new SourceRef(path, pair.Key.Span);
                var (keyStart, key) = WriteKey(pair.KeyText!, keySource, indent, indented: !inSequence || i > 0);
                firstKeyStart = i == 0 ? keyStart : firstKeyStart;
                var value = WriteParsedValue(pair.Value, path, indent, keySource, isMapValue: true);
                Map(keyStart, new SourceRef(path, pair.Value.Span));
                if (pairs is not null)
                {
                    pairs[i] = Pair(keyStart, key, value!);
                    size += 1 + _writtenSize;
                }
            }

            return Mapping(pairs, firstKeyStart, size);
        }

        private YamlNode? WriteParsedValue(YamlNode value, string path, int indent, SourceRef? keySource, bool isMapValue)
        {
            switch (value)
            {
                case YamlScalar scalar:
                {
                    var (text, type) = GoYamlReading.Read(scalar);
                    return WriteScalar(text, type, new SourceRef(path, scalar.Span), indent);
                }

                case YamlMapping mapping when !IsPlain(mapping):
                    return WriteValue(RenderMap.FromYaml(mapping, path), indent, keySource, isMapValue);
                case YamlMapping { PairsSpan.Length: > 0 } mapping:
                    EndLine(keySource ?? new SourceRef(path, mapping.Span));
                    return WriteParsedMap(mapping, path, indent + 2, inSequence: false);
                case YamlSequence { ItemsSpan.Length: > 0 } sequence:
                    EndLine(keySource ?? new SourceRef(path, sequence.Span));
                    return WriteParsedSequence(sequence, path, isMapValue ? indent : indent + 2);
                case YamlCollection empty:
                {
                    Output.Append(' ');
                    var node = Flow(isMapping: empty is YamlMapping);
                    EndLine(new SourceRef(path, empty.Span));
                    return node;
                }

                default:
                    // Conversion makes a null of any other node.
                    return WriteScalar(string.Empty, YamlScalarType.Null, new SourceRef(path, value.Span), indent);
            }
        }

        private YamlNode? WriteParsedSequence(YamlSequence sequence, string path, int indent)
        {
            var source = sequence.ItemsSpan;
            var items = buildTree ? new YamlNode[source.Length] : null;
            var start = -1;
            long size = 1;
            for (var i = 0; i < source.Length; i++)
            {
                var item = source[i];
                Output.Append(' ', indent);
                var itemStart = Output.Length;
                start = start < 0 ? itemStart : start;
                Output.Append("- ");
                YamlNode? node;
                switch (item)
                {
                    case YamlMapping { PairsSpan.Length: > 0 } map when IsPlain(map):
                        node = WriteParsedMap(map, path, indent + 2, inSequence: true);
                        break;
                    case YamlMapping map:
                        // Empty, or a mapping that conversion changes: written as the render node it converts to.
                        node = WriteItem(RenderMap.FromYaml(map, path), indent);
                        break;
                    case YamlSequence { ItemsSpan.Length: > 0 } nested:
                        Output.Length -= 1;
                        EndLine(new SourceRef(path, nested.Span));
                        node = WriteParsedSequence(nested, path, indent + 2);
                        break;
                    default:
                        Output.Length -= 1;
                        node = WriteParsedValue(item, path, indent, null, isMapValue: false);
                        break;
                }

                Map(itemStart, new SourceRef(path, item.Span));
                if (items is not null)
                {
                    items[i] = node!;
                    size += _writtenSize;
                }
            }

            return Sequence(items, start, size);
        }

        /// <summary>
        /// True when converting the mapping keeps every pair as it is, so its parse tree can be written for it: every key
        /// a scalar written once, none a <c>&lt;&lt;</c> merge (conversion drops those and lets a later key win).
        /// </summary>
        /// <remarks>Remembered on the mapping: the overlays that render a base each write its mappings.</remarks>
        private static bool IsPlain(YamlMapping mapping)
        {
            if (mapping.Recalled(CollectionMemo.ConvertsPairForPair) is { } known)
            {
                return known;
            }

            var plain = true;
            foreach (var pair in mapping.PairsSpan)
            {
                plain &= !pair.IsMerged && pair.KeyText is not (null or "<<");
            }

            plain = plain && !KeyList.HasKeyTwice(new PairKeys(mapping));
            mapping.Remember(CollectionMemo.ConvertsPairForPair, plain);
            return plain;
        }
    }

    /// <summary>The keys of a map, read without copying them (a struct per kind of map: the check below is compiled for each).</summary>
    private interface IKeyList
    {
        int Count { get; }

        string KeyAt(int index);
    }

    private readonly struct EntryKeys(List<RenderEntry> entries) : IKeyList
    {
        public int Count => entries.Count;

        public string KeyAt(int index) => CollectionsMarshal.AsSpan(entries)[index].Key;
    }

    private readonly struct PairKeys(YamlMapping mapping) : IKeyList
    {
        public int Count => mapping.PairsSpan.Length;

        public string KeyAt(int index) => mapping.PairsSpan[index].KeyText!;
    }

    private static class KeyList
    {
        /// <summary>
        /// True when two keys are the same: the text then has a key twice, which the parser reads differently (it keeps the
        /// first and reports the second), so no tree stands for it. The tree's keys hold the same characters as the
        /// entries' keys, so comparing these (strings, most often the same instance) gives the verdict the pairs would,
        /// without reading each written pair's key back (two type checks per pair, quadratic per map: a tenth of the
        /// writer's time at 50,000 resources). Small maps give each key one of 64 bits from its length and end
        /// characters: equal keys get the same bit, so only a key whose bit is already taken is compared with those before
        /// it (comparing every pair was a fifth of the precompiled writer's time). Larger maps use a set.
        /// </summary>
        public static bool HasKeyTwice<TKeys>(TKeys keys)
            where TKeys : struct, IKeyList
        {
            var count = keys.Count;
            if (count <= MaxComparedPairwise)
            {
                ulong taken = 0;
                for (var i = 0; i < count; i++)
                {
                    var key = keys.KeyAt(i);
                    var bit = 1UL << (int)(((uint)key.Length * 7 + (key.Length == 0 ? 0u : key[0] + 3u * key[^1])) & 63);
                    if ((taken & bit) != 0 && IsBefore(keys, i, key))
                    {
                        return true;
                    }

                    taken |= bit;
                }

                return false;
            }

            var seen = SeenKeys ??= new HashSet<string>(StringComparer.Ordinal);
            seen.Clear();
            var twice = false;
            for (var i = 0; i < count && !twice; i++)
            {
                twice = !seen.Add(keys.KeyAt(i));
            }

            // A set grown by one very large map is not kept for the rest of the thread's life.
            SeenKeys = seen.Count <= MaxKeptSeenKeys ? seen : null;
            return twice;
        }

        /// <summary>True when a key before <paramref name="index"/> equals <paramref name="key"/>.</summary>
        private static bool IsBefore<TKeys>(TKeys keys, int index, string key)
            where TKeys : struct, IKeyList
        {
            for (var j = 0; j < index; j++)
            {
                if (string.Equals(keys.KeyAt(j), key))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Up to this many keys, 64 bits leave few keys to compare; beyond, a set is cheaper.</summary>
        private const int MaxComparedPairwise = 16;

        private const int MaxKeptSeenKeys = 4096;

        [ThreadStatic]
        private static HashSet<string>? SeenKeys;
    }
}
