using System.Runtime.InteropServices;
using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Text;
using YamlDotNet.Core;

namespace GitOpsAi.Core.Yaml;

/// <summary>
/// Parses YAML into our positioned tree. Each document (between <c>---</c> markers) is parsed on its own, so a syntax
/// error in one leaves the others analysable, and only a document's own text is re-read when it changes.
/// </summary>
public static class YamlParser
{
    /// <summary>How many nodes aliases may add to one document before it is treated as a YAML bomb.</summary>
    public const long MaxAliasExpansion = 100_000;

    /// <summary>No Kubernetes object nests anywhere near this deep; deeper input is refused rather than risk the stack.</summary>
    public const int MaxDepth = 500;

    public static YamlFile Parse(string text) => Parse(new SourceText(text));

    /// <summary>
    /// Parses <paramref name="source"/>. With <paramref name="previous"/> (the same file before an edit), documents whose
    /// text did not change are reused instead of re-parsed: those before the edit as they are, those after it moved by
    /// the edit's length. This is what keeps typing in a 10,000-line file cheap.
    /// </summary>
    public static YamlFile Parse(SourceText source, YamlFile? previous = null) => Parse(source, previous, ChunkReader.Fast);

    /// <param name="reader">Which readers a chunk goes through: the tests and the parse benchmark compare them.</param>
    internal static YamlFile Parse(SourceText source, YamlFile? previous, ChunkReader reader)
    {
        var text = source.Text;
        var bodyStart = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var ranges = DocumentSplitter.Split(text, bodyStart).ToList();
        var reused = previous is null ? null : ChunkReuse.Match(previous, text, ranges);

        // Chunks are independent: a large file's new chunks are parsed on all cores, then numbered in order.
        var parsed = new ParsedChunk?[ranges.Count];
        var fresh = Enumerable.Range(0, ranges.Count).Where(i => reused?[i] is null).ToList();
        ForEach(fresh, OnAllCores(fresh.Count, text), i => parsed[i] = ParseChunk(source, ranges[i].Start, ranges[i].End, reader));

        // A reused chunk after the edit is copied with shifted spans: in a big file, half its trees per keystroke, so those
        // copies are made on all cores too.
        var firstIndex = new int[ranges.Count];
        var moved = 0;
        for (int i = 0, documentCount = 0; i < ranges.Count; i++)
        {
            firstIndex[i] = documentCount;
            documentCount += (reused?[i] ?? parsed[i]!).Documents.Count;
            moved += reused?[i] is { } old && old.Start != ranges[i].Start ? 1 : 0;
        }

        var chunks = new ParsedChunk[ranges.Count];
        ForEach(Enumerable.Range(0, ranges.Count), OnAllCores(moved, text), i => chunks[i] = reused?[i] is { } old
            ? ChunkReuse.Move(old, ranges[i].Start - old.Start, firstIndex[i])
            : ChunkReuse.Renumber(parsed[i]!, firstIndex[i]));

        var documents = chunks.SelectMany(c => c.Documents).ToList();
        var comments = chunks.SelectMany(c => c.Comments).ToList();
        var diagnostics = chunks.SelectMany(c => c.Diagnostics).ToList();
        var notYaml = chunks.Any(c => c.SawTemplateBraces || c.SyntaxErrors > 0);
        var isJinja = notYaml && JinjaTemplateDetector.LooksLikeJinja(text);
        var isHelmTemplate = isJinja || chunks.Any(c => c.SawTemplateBraces) || (chunks.Any(c => c.SyntaxErrors > 0) && HelmTemplateDetector.LooksLikeGoTemplate(text));
        if (isJinja)
        {
            diagnostics.Clear();
            diagnostics.Add(CoreDiagnostics.JinjaTemplate.Create(new TextSpan(0, 0),
                "This file looks like a Jinja template ({% %} or {{ }} outside strings, as Ansible writes them); it is not YAML until rendered, so it was not analysed."));
        }
        else if (isHelmTemplate)
        {
            diagnostics.Clear();
            diagnostics.Add(CoreDiagnostics.HelmTemplate.Create(new TextSpan(0, 0),
                "This file looks like a Helm chart template ({{ }} outside strings); it is not YAML until rendered, so it was not analysed."));
        }

        return new YamlFile(source, documents, comments, diagnostics, isHelmTemplate) { Chunks = chunks };
    }

    private const int ParallelChunkThreshold = 48;
    private const int ParallelCharacterThreshold = 64 * 1024;

    /// <summary>True when this many chunks of a text this long are worth spreading over all cores.</summary>
    private static bool OnAllCores(int chunks, string text) => chunks >= ParallelChunkThreshold && text.Length >= ParallelCharacterThreshold;

    private static void ForEach(IEnumerable<int> chunks, bool onAllCores, Action<int> work)
    {
        if (onAllCores)
        {
            Parallel.ForEach(chunks, work);
            return;
        }

        foreach (var chunk in chunks)
        {
            work(chunk);
        }
    }

    /// <summary>Parses one chunk on its own; its documents are numbered from 0 until the file's chunks are put together.</summary>
    private static ParsedChunk ParseChunk(SourceText source, int start, int end, ChunkReader reader)
    {
        // Our own reader covers the YAML Kubernetes files are written in; the token events what else YamlDotNet's scanner
        // reads without its Parser; the rest (and every syntax error) is YamlDotNet's Parser's.
        var tokenEvents = reader == ChunkReader.Fast ? FastEventReader.TryRead(source.Text, start, end) : null;
        var valuesPooled = tokenEvents is not null;
        if (tokenEvents is null && reader != ChunkReader.YamlDotNetParser)
        {
            tokenEvents = TokenEventParser.TryParse(source.Text, start, end);
        }

        var builder = ChunkBuilder.Rent(source, start, end);
        builder.Build(tokenEvents ?? ParserEvents(source.Text, start, end), valuesPooled);
        if (tokenEvents is not null)
        {
            TokenEventParser.Release(tokenEvents);
        }

        CommentScanner.Scan(source.Text, start, end, builder.QuotedSpans, builder.Comments);

        // Kept for as long as the file is (50,000 chunks in a large repository): arrays of the exact size, shared when empty.
        var chunk = new ParsedChunk(start, end, Exact(builder.Documents), Exact(builder.Diagnostics), Exact(builder.Comments), builder.SawTemplateBraces, builder.SyntaxErrors, builder.SawAlias);
        builder.Return();
        return chunk;
    }

    private static T[] Exact<T>(List<T> list) => list.Count == 0 ? [] : [.. list];

    private static IEnumerable<YamlEvent> ParserEvents(string text, int start, int end)
    {
        var parser = new Parser(new Scanner(new SubstringReader(text, start, end), skipComments: true));
        while (parser.MoveNext())
        {
            yield return YamlEvent.From(parser.Current!);
        }
    }

    /// <summary>Which readers a chunk of YAML goes through, each falling back to the next.</summary>
    internal enum ChunkReader
    {
        /// <summary><see cref="FastEventReader"/>, then <see cref="TokenEventParser"/>, then YamlDotNet's Parser: what parsing uses.</summary>
        Fast,

        /// <summary><see cref="TokenEventParser"/>, then YamlDotNet's Parser.</summary>
        TokenEvents,

        /// <summary>YamlDotNet's Parser alone.</summary>
        YamlDotNetParser,
    }

    /// <summary>Builds the documents of one chunk of text from its parsing events, without recursion.</summary>
    private sealed class ChunkBuilder
    {
        // One builder per thread is reused chunk after chunk (its lists, stack and anchor table with it): 50,000 chunks in a
        // large repository would otherwise each allocate them only to copy them into exact arrays.
        [ThreadStatic]
        private static ChunkBuilder? _spare;

        private SourceText _source = null!;
        private string _text = null!;
        private int _start;
        private int _end;
        private readonly Dictionary<string, YamlNode> _anchors = new(StringComparer.Ordinal);
        private readonly Stack<Frame> _stack = new();

        // A completed collection's frame (and its lists) is reused for the next one, by the next chunk on this thread too:
        // half a million collections in a 50,000-resource repository would otherwise each allocate a frame and three
        // lists only to copy them into the node.
        [ThreadStatic]
        private static Stack<Frame>? _spareFrames;
        private long _aliasExpansion;
        private bool _aliasLimitHit;
        private bool _valuesPooled;
        private int _documentStart;
        private YamlNode? _root;

        private ChunkBuilder()
        {
        }

        public List<YamlDocument> Documents { get; } = [];

        public List<Diagnostic> Diagnostics { get; } = [];

        public List<TextSpan> QuotedSpans { get; } = [];

        /// <summary>Filled by the caller (the comment scanner) after <see cref="Build"/>, copied out before <see cref="Return"/>.</summary>
        public List<YamlComment> Comments { get; } = [];

        public bool SawTemplateBraces { get; private set; }

        /// <summary>True once an alias was resolved: only then can a node be shared by two places of a tree.</summary>
        public bool SawAlias { get; private set; }

        public int SyntaxErrors { get; private set; }

        /// <summary>The thread's builder (or a new one), empty, for the chunk from <paramref name="start"/> to <paramref name="end"/>.</summary>
        public static ChunkBuilder Rent(SourceText source, int start, int end)
        {
            var builder = _spare ?? new ChunkBuilder();
            _spare = null;
            builder._source = source;
            builder._text = source.Text;
            builder._start = start;
            builder._end = end;
            return builder;
        }

        /// <summary>
        /// Empties this builder (it keeps no node nor text) and keeps it for the thread's next chunk, unless a big chunk
        /// made its lists big. Call once its lists were copied out.
        /// </summary>
        public void Return()
        {
            const int MaxKeptCapacity = 1024;
            var keep = QuotedSpans.Capacity <= MaxKeptCapacity && Comments.Capacity <= MaxKeptCapacity
                && Documents.Capacity <= MaxKeptCapacity && Diagnostics.Capacity <= MaxKeptCapacity;
            Documents.Clear();
            Diagnostics.Clear();
            QuotedSpans.Clear();
            Comments.Clear();
            _anchors.Clear();
            _stack.Clear();
            _source = null!;
            _text = null!;
            _root = null;
            _aliasExpansion = 0;
            _aliasLimitHit = false;
            SawTemplateBraces = false;
            SawAlias = false;
            SyntaxErrors = 0;
            if (keep)
            {
                _spare = this;
            }
        }

        /// <param name="valuesPooled">
        /// True when every scalar's value already comes from the string pool (our own reader's do): not looked up twice.
        /// </param>
        public void Build(IEnumerable<YamlEvent> events, bool valuesPooled = false)
        {
            _valuesPooled = valuesPooled;
            _documentStart = _start;
            _root = null;
            YamlEvent? last = null; // the Parser's Current when it throws: the last event it gave
            var list = events as List<YamlEvent>;
            var read = 0;
            try
            {
                if (list is not null)
                {
                    // A list is read in place (an event is 80 bytes; the enumerator of an IEnumerable would be boxed too).
                    foreach (ref readonly var current in CollectionsMarshal.AsSpan(list))
                    {
                        read++;
                        Handle(current);
                    }
                }
                else
                {
                    foreach (var current in events)
                    {
                        last = current;
                        Handle(current);
                    }
                }
            }
            catch (YamlException exception)
            {
                SyntaxErrors++;
                Diagnostics.Add(SyntaxError(exception));
                AddDocument(_documentStart, _end, null, analyzable: false);
            }
            catch (Exception exception) when (exception is InvalidOperationException or ArgumentException or IndexOutOfRangeException or NullReferenceException)
            {
                // YamlDotNet occasionally fails with a non-YAML exception on malformed input; that is still a syntax error.
                SyntaxErrors++;
                last = list is not null && read > 0 ? list[read - 1] : last;
                var at = last is { } lastEvent ? Offset(lastEvent.End) : _start;
                Diagnostics.Add(CoreDiagnostics.YamlSyntax.Create(new TextSpan(at, Math.Min(1, _end - at)), "YAML syntax error: the document could not be parsed from here on; check quoting, brackets and indentation."));
                AddDocument(_documentStart, _end, null, analyzable: false);
            }
            catch (DepthLimitException exception)
            {
                Diagnostics.Add(CoreDiagnostics.TooDeep.Create(new TextSpan(exception.Offset, 1),
                    $"Nesting deeper than {MaxDepth} levels; this document was not analysed."));
                AddDocument(_documentStart, _end, null, analyzable: false);
            }
        }

        private void Handle(in YamlEvent current)
        {
            switch (current.Kind)
            {
                case YamlEventKind.DocumentStart:
                    _root = null;
                    _anchors.Clear();
                    _aliasExpansion = 0;
                    _aliasLimitHit = false;
                    if (Documents.Count > 0)
                    {
                        _documentStart = Offset(current.Start);
                    }

                    break;
                case YamlEventKind.DocumentEnd:
                    AddDocument(_documentStart, Math.Max(Offset(current.End), _root?.Span.End ?? _documentStart), _root, analyzable: !_aliasLimitHit);
                    _documentStart = Offset(current.End);
                    break;
                case YamlEventKind.StreamStart or YamlEventKind.StreamEnd:
                    break;
                default:
                    var completed = Accept(current);
                    if (completed is not null)
                    {
                        _root = completed;
                    }

                    break;
            }
        }

        private void AddDocument(int start, int end, YamlNode? root, bool analyzable)
        {
            if (root is YamlScalar { IsNull: true, Span.Length: 0 })
            {
                root = null; // an empty document
            }

            Documents.Add(new YamlDocument(Documents.Count, TextSpan.FromBounds(start, Math.Min(end, _end)), root, analyzable));
        }

        private int Offset(Mark mark) => _start + (int)Math.Min(mark.Index, _end - _start);

        /// <summary>Feeds one node event into the tree; returns the root when it completes.</summary>
        private YamlNode? Accept(in YamlEvent parsingEvent)
        {
            switch (parsingEvent.Kind)
            {
                case YamlEventKind.Scalar:
                    var value = CreateScalar(parsingEvent);
                    return Attach(value, value.Span.End);
                case YamlEventKind.Alias:
                    return Attach(ResolveAlias(parsingEvent), Offset(parsingEvent.End));
                case YamlEventKind.MappingStart:
                    PushFrame(NewFrame(parsingEvent, isMapping: true, Offset(parsingEvent.Start)));
                    if (parsingEvent.IsFlow && LooksLikeTemplateBraces(Offset(parsingEvent.Start)))
                    {
                        SawTemplateBraces = true;
                    }

                    return null;
                case YamlEventKind.SequenceStart:
                    PushFrame(NewFrame(parsingEvent, isMapping: false, Offset(parsingEvent.Start)));
                    return null;
                case YamlEventKind.MappingEnd or YamlEventKind.SequenceEnd:
                    // YamlDotNet marks a flow collection's end at its closing bracket, not after it.
                    var end = Offset(parsingEvent.End);
                    if (end < _end && _text[end] is ']' or '}')
                    {
                        end++;
                    }

                    var frame = _stack.Pop();
                    var collection = CompleteFrame(frame, end);
                    KeepForReuse(frame); // the node holds copies of the frame's lists
                    return Attach(collection, collection.Span.End);
                default:
                    return null;
            }
        }

        private static Frame NewFrame(in YamlEvent start, bool isMapping, int startOffset)
        {
            var frame = _spareFrames is { Count: > 0 } spare ? spare.Pop() : new Frame();
            frame.Reset(start, isMapping, startOffset);
            return frame;
        }

        private static void KeepForReuse(Frame frame)
        {
            // A frame that held a huge collection (a big ConfigMap) is let go rather than kept with its capacity.
            const int MaxKeptItems = 256;
            const int MaxKeptFrames = 64;
            _spareFrames ??= new Stack<Frame>();
            if (_spareFrames.Count < MaxKeptFrames && frame.Pairs.Capacity <= MaxKeptItems && frame.Items.Capacity <= MaxKeptItems)
            {
                frame.Clear();
                _spareFrames.Push(frame);
            }
        }

        private void PushFrame(Frame frame)
        {
            if (_stack.Count >= MaxDepth)
            {
                throw new DepthLimitException(frame.Start);
            }

            _stack.Push(frame);
        }

        /// <param name="writtenEnd">Where the node's own text ends: for an alias, the alias, not the anchored node it stands for.</param>
        private YamlNode? Attach(YamlNode node, int writtenEnd)
        {
            if (_stack.Count == 0)
            {
                return node;
            }

            var parent = _stack.Peek();
            parent.WrittenEnd = Math.Max(parent.WrittenEnd, writtenEnd);
            if (!parent.IsMapping)
            {
                parent.Items.Add(node);
            }
            else if (parent.PendingKey is null)
            {
                parent.PendingKey = node;
            }
            else
            {
                AddPair(parent, parent.PendingKey, node);
                parent.PendingKey = null;
            }

            return null;
        }

        private void AddPair(Frame mapping, YamlNode key, YamlNode value)
        {
            if (key is YamlScalar { Value: "<<", Style: YamlScalarStyle.Plain })
            {
                mapping.MergeSources.Add(value);
                return;
            }

            if (key is YamlScalar keyScalar)
            {
                if (mapping.Find(keyScalar.Value) is { } first)
                {
                    var firstLine = _source.GetLinePosition(first.Key.Span.Start).Line + 1;
                    Diagnostics.Add(CoreDiagnostics.DuplicateKey.Create(key.Span,
                        $"Duplicate key '{keyScalar.Value}': it is already defined on line {firstLine}. Kubernetes tools reject duplicate keys."));
                    return;
                }

                mapping.Add(keyScalar.Value, new YamlPair(key, value));
                return;
            }

            mapping.Pairs.Add(new YamlPair(key, value));
        }

        private YamlNode CompleteFrame(Frame frame, int endOffset)
        {
            YamlCollection node;
            long size = 1;
            if (frame.IsMapping)
            {
                if (frame.PendingKey is not null)
                {
                    // A key with no value event cannot happen with YamlDotNet, but stay total.
                    AddPair(frame, frame.PendingKey, new YamlScalar(new TextSpan(frame.PendingKey.Span.End, 0), string.Empty, YamlScalarStyle.Plain, null, null));
                }

                ApplyMerges(frame);
                foreach (var pair in frame.Pairs)
                {
                    size = Saturate(size + pair.Key.ExpandedSize + pair.Value.ExpandedSize);
                }

                var end = frame.IsFlow ? endOffset : frame.WrittenEnd;
                node = new YamlMapping(TextSpan.FromBounds(frame.Start, end), frame.Pairs, frame.IsFlow, frame.Tag, frame.Anchor);
            }
            else
            {
                foreach (var item in frame.Items)
                {
                    size = Saturate(size + item.ExpandedSize);
                }

                var end = frame.IsFlow ? endOffset : frame.WrittenEnd;
                node = new YamlSequence(TextSpan.FromBounds(frame.Start, end), frame.Items, frame.IsFlow, frame.Tag, frame.Anchor);
            }

            node.SetExpandedSize(size);
            Register(node);
            return node;
        }

        /// <summary>Applies <c>&lt;&lt;: *anchor</c> merge keys: merged pairs come after written ones and never override them.</summary>
        private static void ApplyMerges(Frame frame)
        {
            if (frame.MergeSources.Count == 0)
            {
                return;
            }

            var sources = new List<YamlMapping>();
            foreach (var source in frame.MergeSources)
            {
                if (source is YamlMapping mapping)
                {
                    sources.Add(mapping);
                }
                else if (source is YamlSequence sequence)
                {
                    sources.AddRange(sequence.Items.OfType<YamlMapping>());
                }
            }

            foreach (var source in sources)
            {
                foreach (var pair in source.Pairs)
                {
                    if (pair.KeyText is { } key && frame.Find(key) is null)
                    {
                        frame.Add(key, new YamlPair(pair.Key, pair.Value, isMerged: true));
                    }
                }
            }
        }

        private YamlScalar CreateScalar(in YamlEvent scalar)
        {
            var span = TextSpan.FromBounds(Offset(scalar.Start), Offset(scalar.End));
            var style = scalar.Style switch
            {
                ScalarStyle.SingleQuoted => YamlScalarStyle.SingleQuoted,
                ScalarStyle.DoubleQuoted => YamlScalarStyle.DoubleQuoted,
                ScalarStyle.Literal => YamlScalarStyle.Literal,
                ScalarStyle.Folded => YamlScalarStyle.Folded,
                _ => YamlScalarStyle.Plain,
            };
            if (style != YamlScalarStyle.Plain)
            {
                QuotedSpans.Add(span);
            }

            // A key is known by where it is: the events do not say (YamlDotNet's Scalar.IsKey is what made it intern keys).
            var isKey = _stack.TryPeek(out var parent) && parent.IsMapping && parent.PendingKey is null;
            var value = _valuesPooled ? scalar.Value! : isKey ? StringPool.Key(scalar.Value!) : StringPool.Value(scalar.Value!);
            var node = new YamlScalar(span, value, style, scalar.Tag, scalar.Anchor);
            Register(node);
            return node;
        }

        private YamlNode ResolveAlias(in YamlEvent alias)
        {
            SawAlias = true;
            var span = TextSpan.FromBounds(Offset(alias.Start), Offset(alias.End));
            if (!_anchors.TryGetValue(alias.Value!, out var target))
            {
                throw new SemanticErrorException(alias.Start, alias.End, $"The alias *{alias.Value!} refers to an anchor that is not defined before it.");
            }

            if (_aliasLimitHit)
            {
                return new YamlScalar(span, string.Empty, YamlScalarStyle.Plain, null, null);
            }

            _aliasExpansion = Saturate(_aliasExpansion + target.ExpandedSize);
            if (_aliasExpansion > MaxAliasExpansion)
            {
                _aliasLimitHit = true;
                Diagnostics.Add(CoreDiagnostics.AliasLimit.Create(span,
                    $"Aliases in this document expand to more than {MaxAliasExpansion:N0} nodes (a \"billion laughs\" YAML bomb?); the document was not analysed."));
                return new YamlScalar(span, string.Empty, YamlScalarStyle.Plain, null, null);
            }

            return target;
        }

        private void Register(YamlNode node)
        {
            if (node.Anchor is not null)
            {
                _anchors[node.Anchor] = node;
            }
        }

        private bool LooksLikeTemplateBraces(int offset) => offset + 1 < _text.Length && _text[offset] == '{' && _text[offset + 1] == '{';

        private Diagnostic SyntaxError(YamlException exception)
        {
            var start = Offset(exception.Start);
            var end = Offset(exception.End);
            var message = exception.Message;
            if (message.Contains("tab", StringComparison.OrdinalIgnoreCase))
            {
                var tab = _text.IndexOf('\t', start, _end - start);
                if (tab >= 0)
                {
                    start = tab;
                    end = tab + 1;
                }

                message = "Tabs are not allowed for indentation in YAML; use spaces.";
            }
            else
            {
                message = SyntaxMessages.Clarify(message);
            }

            if (end <= start)
            {
                end = Math.Min(_end, start + 1);
            }

            return CoreDiagnostics.YamlSyntax.Create(TextSpan.FromBounds(start, end), message);
        }

        private static long Saturate(long value) => value < 0 ? long.MaxValue : value;

        private sealed class Frame
        {
            /// <summary>Makes this (new or cleared) frame the start of a collection.</summary>
            public void Reset(in YamlEvent start, bool isMapping, int startOffset)
            {
                IsMapping = isMapping;
                Start = startOffset;
                Tag = start.Tag;
                Anchor = start.Anchor;
                IsFlow = start.IsFlow;
                WrittenEnd = startOffset;
            }

            /// <summary>Empties the frame, keeping its lists' capacity and no reference to the nodes it held.</summary>
            public void Clear()
            {
                Pairs.Clear();
                Items.Clear();
                MergeSources.Clear();
                PendingKey = null;
                _keyIndex = null;
            }

            public bool IsMapping { get; private set; }

            public bool IsFlow { get; private set; }

            public int Start { get; private set; }

            public string? Tag { get; private set; }

            public string? Anchor { get; private set; }

            public List<YamlPair> Pairs { get; } = [];

            public List<YamlNode> Items { get; } = [];

            public List<YamlNode> MergeSources { get; } = [];

            public YamlNode? PendingKey { get; set; }

            /// <summary>
            /// The end of the text written in this collection so far: where a block collection ends. Its last child's span
            /// cannot tell, because an alias or a merged pair points at the anchored text and a duplicate key is dropped.
            /// </summary>
            public int WrittenEnd { get; set; }

            // Most mappings are small: scan them; index only the large ones (ConfigMap data, dashboards).
            private Dictionary<string, YamlPair>? _keyIndex;

            public YamlPair? Find(string key)
            {
                if (_keyIndex is not null)
                {
                    return _keyIndex.TryGetValue(key, out var indexed) ? indexed : null;
                }

                foreach (var pair in Pairs)
                {
                    if (pair.KeyText == key)
                    {
                        return pair;
                    }
                }

                return null;
            }

            public void Add(string key, YamlPair pair)
            {
                Pairs.Add(pair);
                if (_keyIndex is not null)
                {
                    _keyIndex[key] = pair;
                }
                else if (Pairs.Count > 16)
                {
                    _keyIndex = new Dictionary<string, YamlPair>(StringComparer.Ordinal);
                    foreach (var existing in Pairs)
                    {
                        if (existing.KeyText is { } existingKey)
                        {
                            _keyIndex.TryAdd(existingKey, existing);
                        }
                    }
                }
            }
        }
    }

    private sealed class DepthLimitException(int offset) : Exception
    {
        public int Offset { get; } = offset;
    }
}
