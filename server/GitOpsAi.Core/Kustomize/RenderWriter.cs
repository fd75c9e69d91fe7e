using System.Runtime.InteropServices;
using System.Text;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Kustomize;

/// <summary>
/// Writes rendered objects as YAML documents separated by <c>---</c>, as kubectl kustomize prints them (block style,
/// two-space indentation, sequences not indented under their key), keeping every value's type: a string that would
/// read as a number or boolean is quoted. With provenance, each line ends with <c># path:line</c> of its source.
/// </summary>
public static partial class RenderWriter
{
    public static string Write(IEnumerable<RenderedObject> objects, string? provenanceRoot = null, Func<string, SourceText?>? sources = null)
    {
        var writer = new Writer(provenanceRoot, sources, sourceMap: null, buildTree: false, new WrittenText(new StringBuilder()));
        var first = true;
        foreach (var rendered in objects)
        {
            if (!first)
            {
                writer.Output.Append("---\n");
            }

            first = false;
            writer.WriteMap(rendered.Root, 0, inSequence: false);
        }

        return writer.Output.Text!.ToString();
    }

    /// <summary>
    /// Writes one object with its source map, and builds the parse tree of the text while writing it: every key and
    /// value is placed where the writer put it, so the tree is the one <see cref="YamlParser"/> would give for the text
    /// (same values, styles and spans) without reading the text back. Null when the object has a key twice: the parser
    /// keeps the first and reports the second, so such a text is parsed instead.
    /// </summary>
    internal static (string Text, YamlFile? Tree) WriteWithTree(RenderedObject rendered, List<(TextSpan Output, SourceRef Source)> sourceMap)
    {
        var (file, isTree, _) = Written(rendered, sourceMap, textOnDemand: false, fingerprint: false);
        return (file.Source.Text, isTree ? file : null);
    }

    /// <summary>
    /// Writes one object with its source map as a file of its own: the tree built while writing (see
    /// <see cref="WriteWithTree"/>), or the text parsed when no tree could be built. With <paramref name="textOnDemand"/>,
    /// a built tree's text is not kept: it is written again if something asks for it (the cross-object rules, the
    /// schema and policy checks read the tree; a string per object was most of the writer's time at 50,000 resources).
    /// </summary>
    internal static YamlFile WriteFile(RenderedObject rendered, List<(TextSpan Output, SourceRef Source)> sourceMap, bool textOnDemand) =>
        Written(rendered, sourceMap, textOnDemand, fingerprint: false).File;

    /// <summary>
    /// <see cref="WriteFile(RenderedObject, List{ValueTuple{TextSpan, SourceRef}}, bool)"/> and, with
    /// <paramref name="fingerprint"/>, the text's fingerprint taken from the writer's buffer: a memo keyed by it
    /// (<see cref="WrittenChecks"/>) does not make a text wanted on demand.
    /// </summary>
    internal static (YamlFile File, TextFingerprint? Fingerprint) WriteFile(RenderedObject rendered, List<(TextSpan Output, SourceRef Source)> sourceMap, bool textOnDemand, bool fingerprint)
    {
        var (file, _, taken) = Written(rendered, sourceMap, textOnDemand, fingerprint);
        return (file, taken);
    }

    private static (YamlFile File, bool IsTree, TextFingerprint? Fingerprint) Written(RenderedObject rendered, List<(TextSpan Output, SourceRef Source)> sourceMap, bool textOnDemand, bool fingerprint)
    {
        // One builder per thread, cleared between objects: a new one per object grew through the same chunks every time
        // (about 0.8 GB of a 50,000-resource check). Dropped when one object made it large.
        // Only the length is kept when the text is made on demand and no fingerprint is asked for.
        var output = textOnDemand && !fingerprint ? null : CachedOutput ?? new StringBuilder(4096);
        CachedOutput = output is null ? CachedOutput : null;
        var writer = new Writer(null, null, sourceMap, buildTree: true, new WrittenText(output));
        var root = writer.WriteMap(rendered.Root, 0, inSequence: false);
        var length = writer.Output.Length;
        var isTree = !writer.TreeFailed && root is not null;
        var source = isTree && textOnDemand ? new SourceText(length, () => Write(rendered)) : new SourceText(output?.ToString() ?? Write(rendered));
        var taken = fingerprint ? TextFingerprint.Of(output!) : (TextFingerprint?)null;
        if (output is not null)
        {
            output.Clear();
            CachedOutput = output.Capacity <= MaxCachedOutput ? output : null;
        }
        if (!isTree)
        {
            return (YamlParser.Parse(source), false, taken);
        }

        var document = new YamlDocument(0, new TextSpan(0, length), root!, isAnalyzable: true);
        return (new YamlFile(source, [document], [], [], isHelmTemplate: false), true, taken);
    }

    /// <summary>How many texts wanted on demand were made on this thread (tests: a check that needs none makes none).</summary>
    [ThreadStatic]
    internal static int TextsMadeOnDemandOnThisThread;

    /// <summary>One object's text alone, as <see cref="WriteWithTree"/> writes it (a text written on demand).</summary>
    private static string Write(RenderedObject rendered)
    {
        TextsMadeOnDemandOnThisThread++;
        return Write([rendered]);
    }

    [ThreadStatic]
    private static StringBuilder? CachedOutput;

    private const int MaxCachedOutput = 256 * 1024;

    /// <summary>Writes the text; with <c>buildTree</c>, each Write method also returns the node it wrote (else null).</summary>
    private sealed partial class Writer(string? provenanceRoot, Func<string, SourceText?>? sources, List<(TextSpan Output, SourceRef Source)>? sourceMap, bool buildTree, WrittenText output)
    {
        public WrittenText Output { get; } = output;

        // This thread's tables, looked up once per object rather than once per key and value.
        private readonly WrittenScalars _keys = WrittenScalars.Keys;
        private readonly WrittenScalars _values = WrittenScalars.Values;
        private readonly WrittenScalars _notStrings = WrittenScalars.NotStrings;

        /// <summary>How a null is written on this thread (<c>null</c>, whatever text it was read from).</summary>
        [ThreadStatic]
        private static WrittenScalars.Written? NullWritten;

        /// <summary>True when the tree cannot stand for the text (a key written twice): the text is parsed instead.</summary>
        public bool TreeFailed { get; private set; }

        private void Map(int start, SourceRef? source)
        {
            if (sourceMap is not null && source is { } at && Output.Length > start)
            {
                sourceMap.Add((TextSpan.FromBounds(start, Output.Length), at));
            }
        }

        public YamlNode? WriteMap(RenderMap map, int indent, bool inSequence)
        {
            // An array of the exact size that the mapping keeps (a list copied into the node's array doubled the garbage).
            var pairs = buildTree ? new YamlPair[map.Entries.Count] : null;
            TreeFailed |= pairs is not null && !TreeFailed && KeyList.HasKeyTwice(new EntryKeys(map.Entries));
            var written = 0;
            long size = 1;
            var firstKeyStart = 0;
            var entries = CollectionsMarshal.AsSpan(map.Entries);
            for (var i = 0; i < entries.Length; i++)
            {
                var entry = entries[i];
                var (keyStart, key) = WriteKey(entry.Key, entry.KeySource ?? entry.Value.Source, indent, indented: !inSequence || i > 0);
                firstKeyStart = i == 0 ? keyStart : firstKeyStart;
                var value = WriteValue(entry.Value, indent, entry.KeySource, isMapValue: true);
                Map(keyStart, entry.Value.Source);
                if (pairs is not null)
                {
                    pairs[written++] = Pair(keyStart, key, value!);
                    size += 1 + _writtenSize;
                }
            }

            if (map.Entries.Count == 0)
            {
                Output.Append(inSequence ? string.Empty : new string(' ', indent));
                var node = Flow(isMapping: true);
                EndLine(map.Source);
                return node;
            }

            return Mapping(pairs, firstKeyStart, size);
        }

        /// <summary>The tree's mapping of the pairs written from <paramref name="firstKeyStart"/> (null when no tree is built).</summary>
        private YamlMapping? Mapping(YamlPair[]? pairs, int firstKeyStart, long size)
        {
            if (pairs is null)
            {
                return null;
            }

            var mapping = YamlMapping.Owning(TextSpan.FromBounds(firstKeyStart, pairs[^1].Value.Span.End), pairs);
            mapping.SetExpandedSize(size);
            _writtenSize = size;
            return mapping;
        }

        /// <summary>A key and its colon, indented unless it follows a sequence's dash; mapped to <paramref name="source"/>.</summary>
        private (int Start, WrittenScalars.Written Key) WriteKey(string key, SourceRef? source, int indent, bool indented)
        {
            if (indented)
            {
                Output.Append(' ', indent);
            }

            var keyStart = Output.Length;
            var written = _keys.Get(key, static key => Decide(key, StringPool.Key(key)));
            Output.Append(written.Text);
            Map(keyStart, source);
            Output.Append(':');
            return (keyStart, written);
        }

        /// <summary>The tree's pair for a key written at <paramref name="keyStart"/> and its value.</summary>
        private YamlPair Pair(int keyStart, WrittenScalars.Written key, YamlNode value)
        {
            TreeFailed |= key.ReadsBackOtherwise;
            return new YamlPair(new YamlScalar(new TextSpan(keyStart, key.Text.Length), key.TreeValue, key.Quoted ? YamlScalarStyle.DoubleQuoted : YamlScalarStyle.Plain, null, null), value);
        }

        /// <summary>An empty <c>{}</c> or <c>[]</c>, written here.</summary>
        private YamlNode? Flow(bool isMapping)
        {
            var start = Output.Length;
            Output.Append(isMapping ? "{}" : "[]");
            if (!buildTree)
            {
                return null;
            }

            var span = new TextSpan(start, 2);
            _writtenSize = 1;
            return isMapping ? new YamlMapping(span, [], isFlow: true, null, null) : new YamlSequence(span, [], isFlow: true, null, null);
        }

        /// <summary>
        /// The expanded size (as the parser counts it) of the node the last Write method returned: the writer knows what it
        /// wrote, where reading <see cref="YamlNode.ExpandedSize"/> back took a type check per key and value.
        /// </summary>
        private long _writtenSize;

        private YamlNode? WriteValue(RenderNode value, int indent, SourceRef? keySource, bool isMapValue)
        {
            // Scalars first: most values are, and each type test a value fails is a call in precompiled code.
            switch (value)
            {
                case RenderScalar scalar:
                    return WriteScalar(scalar.Value, scalar.Type, scalar.Source, indent);
                case RenderMap { Unread: { Pairs.Count: > 0 } parsed } unread when IsPlain(parsed):
                    EndLine(keySource ?? unread.Source);
                    return WriteParsedMap(parsed, unread.Source!.Value.Path, indent + 2, inSequence: false);
                case RenderMap { Entries.Count: > 0 } map:
                    EndLine(keySource ?? map.Source);
                    return WriteMap(map, indent + 2, inSequence: false);
                case RenderMap empty:
                {
                    Output.Append(' ');
                    var node = Flow(isMapping: true);
                    EndLine(empty.Source ?? keySource);
                    return node;
                }

                case RenderSequence { Unread: { ItemsSpan.Length: > 0 } parsed } unread:
                    EndLine(keySource ?? unread.Source);
                    return WriteParsedSequence(parsed, unread.Source!.Value.Path, isMapValue ? indent : indent + 2);
                case RenderSequence { Items.Count: > 0 } sequence:
                    EndLine(keySource ?? sequence.Source);
                    return WriteSequence(sequence, isMapValue ? indent : indent + 2);
                case RenderSequence emptyList:
                {
                    Output.Append(' ');
                    var node = Flow(isMapping: false);
                    EndLine(emptyList.Source ?? keySource);
                    return node;
                }

                default:
                    return null;
            }
        }

        private YamlNode? WriteScalar(string value, YamlScalarType type, SourceRef? source, int indent)
        {
            var written = type == YamlScalarType.String
                ? _values.Get(value, static value => Decide(value, treeValue: null))
                : NotAString(value, type);
            if (written.IsBlock)
            {
                return WriteBlock(value, source, written, indent + 2);
            }

            Output.Append(' ');
            var start = Output.Length;
            var (text, quoted) = (written.Text, written.Quoted);
            Output.Append(text);
            Map(start, source);
            EndLine(source);

            // A plain scalar reads back as its text ("null" for a null), a quoted one as the value it escapes.
            TreeFailed |= buildTree && written.ReadsBackOtherwise;
            _writtenSize = 1;
            return buildTree ? new YamlScalar(new TextSpan(start, text.Length), written.TreeValue, quoted ? YamlScalarStyle.DoubleQuoted : YamlScalarStyle.Plain, null, null) : null;
        }

        private YamlNode? WriteSequence(RenderSequence sequence, int indent)
        {
            var items = buildTree ? new YamlNode[sequence.Items.Count] : null;
            var written = 0;
            var start = -1;
            long size = 1;
            foreach (var item in CollectionsMarshal.AsSpan(sequence.Items))
            {
                Output.Append(' ', indent);
                var itemStart = Output.Length;
                start = start < 0 ? itemStart : start;
                Output.Append("- ");
                var node = WriteItem(item, indent);
                Map(itemStart, item.Source);
                if (items is not null)
                {
                    items[written++] = node!;
                    size += _writtenSize;
                }
            }

            return Sequence(items, start, size);
        }

        /// <summary>The tree's sequence of the items written from <paramref name="start"/> (null when no tree is built).</summary>
        private YamlSequence? Sequence(YamlNode[]? items, int start, long size)
        {
            if (items is null)
            {
                return null;
            }

            var sequence = YamlSequence.Owning(TextSpan.FromBounds(start, items[^1].Span.End), items);
            sequence.SetExpandedSize(size);
            _writtenSize = size;
            return sequence;
        }

        /// <summary>A sequence's item, after its dash.</summary>
        private YamlNode? WriteItem(RenderNode item, int indent)
        {
            switch (item)
            {
                case RenderMap { Unread: { Pairs.Count: > 0 } parsed } unread when IsPlain(parsed):
                    return WriteParsedMap(parsed, unread.Source!.Value.Path, indent + 2, inSequence: true);
                case RenderMap { Entries.Count: > 0 } map:
                    return WriteMap(map, indent + 2, inSequence: true);
                case RenderSequence { Unread: { ItemsSpan.Length: > 0 } parsed } unread:
                    Output.Length -= 1;
                    EndLine(unread.Source);
                    return WriteParsedSequence(parsed, unread.Source!.Value.Path, indent + 2);
                case RenderSequence { Items.Count: > 0 } nested:
                    Output.Length -= 1;
                    EndLine(nested.Source);
                    return WriteSequence(nested, indent + 2);
                default:
                    Output.Length -= 1;
                    return WriteValue(item, indent, null, isMapValue: false);
            }
        }

        private YamlNode? WriteBlock(string value, SourceRef? source, WrittenScalars.Written written, int indent)
        {
            var chomp = value.EndsWith("\n\n", StringComparison.Ordinal) ? "+" : value.EndsWith('\n') ? string.Empty : "-";
            var body = value.EndsWith('\n') ? value[..^1] : value;
            var lines = body.Split('\n');
            var indicator = lines[0].StartsWith(' ') ? "2" : string.Empty;
            var start = Output.Length;
            Output.Append(" |").Append(indicator).Append(chomp);
            EndLine(source);
            foreach (var line in chomp == "+" ? value[..^1].Split('\n') : lines)
            {
                if (line.Length > 0)
                {
                    Output.Append(' ', indent).Append(line);
                }

                Output.Append('\n');
            }

            Map(start, source);
            TreeFailed |= buildTree && written.ReadsBackOtherwise;
            _writtenSize = 1;
            return buildTree ? new YamlScalar(TextSpan.FromBounds(start + 1, Output.Length), written.TreeValue, YamlScalarStyle.Literal, null, null) : null;
        }

        private void EndLine(SourceRef? source)
        {
            if (provenanceRoot is not null && source is { } at && sources?.Invoke(at.Path) is { } text)
            {
                var line = text.GetLinePosition(Math.Min(at.Span.Start, text.Text.Length)).Line + 1;
                Output.Append(" # ").Append(Path.GetRelativePath(provenanceRoot, at.Path).Replace('\\', '/')).Append(':').Append(line.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            Output.Append('\n');
        }

        /// <summary>
        /// False for a string with characters written as they are that a YAML reader may not read back as written: the
        /// line breaks YAML 1.1 adds (U+0085, U+2028, U+2029), a byte order mark, surrogates, non-characters, and control
        /// characters (escaped in quotes, but a literal block holds them raw). Such a
        /// text is parsed rather than given a tree, so it is checked as before whatever the parser makes of it.
        /// </summary>
        private static bool ReadsBackAsWritten(string value, bool inBlock)
        {
            foreach (var c in value)
            {
                if ((inBlock && c < ' ' && c is not '\n' and not '\t') || c >= '\u0080' && (c < '\u00a0' || c is '\u2028' or '\u2029' or '\ufeff' or >= '\ufffe' || char.IsSurrogate(c)))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Block style for multi-line strings that a literal block can hold exactly.</summary>
        private static bool IsBlock(string value) =>
            value.Contains('\n') && !value.Split('\n').Any(l => l.EndsWith(' ') || l.EndsWith('\t') || l.Contains('\r')) && !value.StartsWith('\n');

        /// <summary>
        /// How a string is written: plain when it reads back as the same string, else double-quoted; a value (not a key,
        /// <paramref name="treeValue"/> null) of several lines as a literal block when one can hold it exactly. The tree
        /// holds the shared instance of the string (<paramref name="treeValue"/> when given: keys share their own pool).
        /// </summary>
        internal static WrittenScalars.Written Decide(string value, string? treeValue)
        {
            if (treeValue is null && IsBlock(value))
            {
                return new WrittenScalars.Written(value, value, false, StringPool.Value(value)) { IsBlock = true, ReadsBackOtherwise = !ReadsBackAsWritten(value, inBlock: true) };
            }

            var plain = IsPlainSafe(value);
            return new WrittenScalars.Written(value, plain ? value : Quote(value), !plain, treeValue ?? StringPool.Value(value)) { ReadsBackOtherwise = !plain && !ReadsBackAsWritten(value, inBlock: false) };
        }

        /// <summary>
        /// A number, boolean or null: written as its text (a null as <c>null</c>, any other as its value), which the tree
        /// holds; remembered by its value (a null once per thread) rather than shared through the pool each time.
        /// </summary>
        private WrittenScalars.Written NotAString(string value, YamlScalarType type) =>
            type == YamlScalarType.Null
                ? NullWritten ??= AsItsText("null")
                : _notStrings.Get(value, static value => AsItsText(value));

        private static WrittenScalars.Written AsItsText(string text) => new(text, text, false, StringPool.Value(text));

        private static bool IsPlainSafe(string value)
        {
            if (value.Length == 0 || value != value.Trim() || "-?:,[]{}#&*!|>'\"%@`".Contains(value[0]))
            {
                return false;
            }

            foreach (var c in value)
            {
                if (char.IsControl(c) || c is '#' or '\'' or '"' or '\\' || c > '\u007e')
                {
                    return false;
                }
            }

            if (value.Contains(": ", StringComparison.Ordinal) || value.EndsWith(':') || value.Contains(" #", StringComparison.Ordinal))
            {
                return false;
            }

            return YamlScalarResolver.ResolvePlain(value) == YamlScalarType.String && !IsYaml11Special(value);
        }

        private static readonly string[] Yaml11Words = ["y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"];

        /// <summary>Words YAML 1.1 readers (kubectl's) take for booleans: quoted so every reader sees a string.</summary>
        /// <remarks>A loop, not Array.Exists: its predicate captured the value, a closure and a delegate per scalar written.</remarks>
        private static bool IsYaml11Special(string value)
        {
            if (value.Length > 5)
            {
                return false;
            }

            foreach (var word in Yaml11Words)
            {
                if (string.Equals(word, value, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }

        private static string Quote(string value)
        {
            var builder = new StringBuilder("\"");
            foreach (var c in value)
            {
                switch (c)
                {
                    case '"': builder.Append("\\\""); break;
                    case '\\': builder.Append("\\\\"); break;
                    case '\n': builder.Append("\\n"); break;
                    case '\r': builder.Append("\\r"); break;
                    case '\t': builder.Append("\\t"); break;
                    case < ' ' or '\u007f': builder.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)); break;
                    default: builder.Append(c); break;
                }
            }

            return builder.Append('"').ToString();
        }
    }
}
