using YamlDotNet.Core;
using Tokens = YamlDotNet.Core.Tokens;

namespace GitOpsAi.Core.Yaml;

/// <summary>
/// Turns YamlDotNet's scanner tokens into the events YamlDotNet's <see cref="Parser"/> gives (as <see cref="YamlEvent"/>
/// values), for the YAML that Kubernetes files are written in: block and flow mappings and sequences, implicit keys,
/// empty values, anchors, aliases, tags and several documents.
/// <para>
/// Why not the Parser itself: it marks the scalar event of every mapping key as a key, and that event's constructor then
/// looks the key up in the runtime's intern pool (<c>String.IsInterned</c>), under a lock that all parsing threads share;
/// and it allocates an event object per node. <c>ChunkBuilder</c> knows a key by its position.
/// </para>
/// <para>
/// Anything else (directives, a key-value pair inside a flow sequence, a key without a value indicator inside a flow
/// mapping, deep nesting, any token order not listed here, any syntax error) makes <see cref="TryParse"/> return null, and
/// the chunk is parsed by YamlDotNet's Parser instead: errors and rare syntax keep its exact messages and trees.
/// </para>
/// </summary>
internal sealed class TokenEventParser
{
    /// <summary>Deeper nesting is left to the Parser, which does not recurse (this class does, once per collection).</summary>
    private const int MaxDepth = 64;

    /// <summary>The tag handles every document knows without a %TAG directive, and what they stand for.</summary>
    private const string SecondaryTagPrefix = "tag:yaml.org,2002:";

    /// <summary>
    /// A list that held a chunk's events is kept for the thread's next chunk, unless a big document made it big (4,096
    /// events, about 400 KB, hold any Kubernetes resource of a few hundred lines; every pool thread keeps one).
    /// </summary>
    private const int MaxKeptCapacity = 1 << 12;

    [ThreadStatic]
    private static List<YamlEvent>? _spareList;

    private readonly IScanner _scanner;
    private readonly List<YamlEvent> _events;
    private Tokens.Token? _current;
    private int _depth;

    private TokenEventParser(IScanner scanner)
    {
        _scanner = scanner;
        _events = Rent();
    }

    /// <summary>The thread's spare event list (empty), or a new one: <see cref="FastEventReader"/> fills the same lists.</summary>
    public static List<YamlEvent> Rent()
    {
        var events = _spareList ?? [];
        _spareList = null;
        return events;
    }

    /// <summary>
    /// The events of <paramref name="text"/> from <paramref name="start"/> to <paramref name="end"/>, or null when the
    /// Parser must read them. Give the list back with <see cref="Release"/> once read.
    /// </summary>
    public static List<YamlEvent>? TryParse(string text, int start, int end)
    {
        var parser = new TokenEventParser(new Scanner(new SubstringReader(text, start, end), skipComments: true));
        try
        {
            parser.ParseStream();
        }
        catch (Exception)
        {
            // NotHandledHere, or a scanner or tag error: the Parser reads this chunk again and reports it its own way.
            Release(parser._events);
            return null;
        }

        return parser._events;
    }

    /// <summary>Keeps a list that was read for the thread's next chunk (unless a huge file made it huge).</summary>
    public static void Release(List<YamlEvent> events)
    {
        if (events.Capacity <= MaxKeptCapacity)
        {
            events.Clear();
            _spareList = events;
        }
    }

    // stream ::= STREAM-START document* STREAM-END, where a document is implicit (starts with its content) or explicit (---).
    private void ParseStream()
    {
        var streamStart = Peek() as Tokens.StreamStart ?? throw new NotHandledHere();
        _events.Add(new YamlEvent(YamlEventKind.StreamStart, streamStart.Start, streamStart.End));
        Skip();
        for (var first = true; ; first = false)
        {
            var token = Peek();
            while (!first && token is Tokens.DocumentEnd)
            {
                Skip(); // extra '...' lines between documents
                token = Peek();
            }

            var implicitStart = first
                ? token is not (Tokens.DocumentStart or Tokens.DocumentEnd or Tokens.StreamEnd)
                : token is Tokens.Scalar or Tokens.BlockMappingStart;
            if (implicitStart)
            {
                _events.Add(new YamlEvent(YamlEventKind.DocumentStart, token.Start, token.End));
                ParseNode(block: true, indentlessSequence: false);
            }
            else if (token is Tokens.DocumentStart)
            {
                _events.Add(new YamlEvent(YamlEventKind.DocumentStart, token.Start, token.End));
                Skip();
                if (Peek() is Tokens.DocumentStart or Tokens.DocumentEnd or Tokens.StreamEnd)
                {
                    _events.Add(EmptyScalar(_scanner.CurrentPosition)); // '---' with nothing after it
                }
                else
                {
                    ParseNode(block: true, indentlessSequence: false);
                }
            }
            else
            {
                ParseStreamEnd(token);
                return;
            }

            ParseDocumentEnd();
        }
    }

    private void ParseStreamEnd(Tokens.Token token)
    {
        if (token is Tokens.DocumentEnd)
        {
            Skip();
            token = Peek();
        }

        if (token is not Tokens.StreamEnd || _scanner.MoveNextWithoutConsuming())
        {
            throw new NotHandledHere();
        }

        _events.Add(new YamlEvent(YamlEventKind.StreamEnd, token.Start, token.End));
    }

    private void ParseDocumentEnd()
    {
        var token = Peek();
        if (token is Tokens.DocumentEnd)
        {
            _events.Add(new YamlEvent(YamlEventKind.DocumentEnd, token.Start, token.End));
            Skip();
        }
        else if (token is Tokens.StreamEnd or Tokens.DocumentStart)
        {
            _events.Add(new YamlEvent(YamlEventKind.DocumentEnd, token.Start, token.Start));
        }
        else
        {
            throw new NotHandledHere(); // content after the document's root node
        }
    }

    // node ::= ALIAS | properties? content, where properties are an anchor and a tag in either order.
    private void ParseNode(bool block, bool indentlessSequence, bool flowMappingValue = false)
    {
        var token = Peek();
        if (token is Tokens.AnchorAlias alias)
        {
            _events.Add(new YamlEvent(YamlEventKind.Alias, alias.Start, alias.End, alias.Value.Value));
            Skip();
            return;
        }

        var start = token.Start;
        var anchor = AnchorName.Empty;
        var tag = TagName.Empty;
        while (true)
        {
            if (anchor.IsEmpty && token is Tokens.Anchor anchorToken)
            {
                anchor = anchorToken.Value;
            }
            else if (tag.IsEmpty && token is Tokens.Tag tagToken)
            {
                tag = Resolve(tagToken);
            }
            else
            {
                break;
            }

            Skip();
            token = Peek();
        }

        if (token is Tokens.Anchor or Tokens.Tag or Tokens.AnchorAlias)
        {
            throw new NotHandledHere(); // a second anchor or tag, or properties on an alias
        }

        var tagText = YamlEvent.TagOf(tag);
        var anchorText = YamlEvent.AnchorOf(anchor);
        switch (token)
        {
            case Tokens.BlockEntry when indentlessSequence:
                _events.Add(new YamlEvent(YamlEventKind.SequenceStart, start, token.End, Tag: tagText, Anchor: anchorText));
                Nested(ParseIndentlessSequence);
                return;
            case Tokens.Scalar when flowMappingValue && !anchor.IsEmpty:
                // After an anchored value in a flow mapping the Parser looks two tokens ahead, past the ',' that follows,
                // and reports an error there: leave it to the Parser to keep that error.
                throw new NotHandledHere();
            case Tokens.Scalar scalar:
                _events.Add(new YamlEvent(YamlEventKind.Scalar, start, scalar.End, scalar.Value, scalar.Style, tagText, anchorText));
                Skip();
                return;
            case Tokens.FlowSequenceStart:
                _events.Add(new YamlEvent(YamlEventKind.SequenceStart, start, token.End, Tag: tagText, Anchor: anchorText, IsFlow: true));
                Nested(ParseFlowSequence);
                return;
            case Tokens.FlowMappingStart:
                _events.Add(new YamlEvent(YamlEventKind.MappingStart, start, token.End, Tag: tagText, Anchor: anchorText, IsFlow: true));
                Nested(ParseFlowMapping);
                return;
            case Tokens.BlockSequenceStart when block:
                _events.Add(new YamlEvent(YamlEventKind.SequenceStart, start, token.End, Tag: tagText, Anchor: anchorText));
                Nested(ParseBlockSequence);
                return;
            case Tokens.BlockMappingStart when block:
                _events.Add(new YamlEvent(YamlEventKind.MappingStart, start, token.End, Tag: tagText, Anchor: anchorText));
                Nested(ParseBlockMapping);
                return;
            case not null when !anchor.IsEmpty || !tag.IsEmpty:
                // Properties with no content: an empty scalar, which the Parser ends at the end of the next token.
                _events.Add(new YamlEvent(YamlEventKind.Scalar, start, token.End, string.Empty, ScalarStyle.Plain, tagText, anchorText));
                return;
            default:
                throw new NotHandledHere();
        }
    }

    // block_sequence ::= BLOCK-SEQUENCE-START (BLOCK-ENTRY node?)* BLOCK-END
    private void ParseBlockSequence()
    {
        Skip(); // BLOCK-SEQUENCE-START
        while (true)
        {
            var token = Peek();
            if (token is Tokens.BlockEnd)
            {
                _events.Add(new YamlEvent(YamlEventKind.SequenceEnd, token.Start, token.End));
                Skip();
                return;
            }

            if (token is not Tokens.BlockEntry)
            {
                throw new NotHandledHere();
            }

            Skip();
            if (Peek() is Tokens.BlockEntry or Tokens.BlockEnd)
            {
                _events.Add(EmptyScalar(token.End)); // "-" with nothing after it
            }
            else
            {
                ParseNode(block: true, indentlessSequence: false);
            }
        }
    }

    // indentless_sequence ::= (BLOCK-ENTRY node?)+ — a sequence as a mapping value, its '-' at the key's indentation.
    private void ParseIndentlessSequence()
    {
        while (true)
        {
            var token = Peek();
            if (token is not Tokens.BlockEntry)
            {
                _events.Add(new YamlEvent(YamlEventKind.SequenceEnd, token.Start, token.End)); // ends at whatever follows, which stays unread
                return;
            }

            Skip();
            if (Peek() is Tokens.BlockEntry or Tokens.Key or Tokens.Value or Tokens.BlockEnd)
            {
                _events.Add(EmptyScalar(token.End));
            }
            else
            {
                ParseNode(block: true, indentlessSequence: false);
            }
        }
    }

    // block_mapping ::= BLOCK-MAPPING-START (KEY node? (VALUE node?)?)* BLOCK-END
    private void ParseBlockMapping()
    {
        Skip(); // BLOCK-MAPPING-START
        while (true)
        {
            var token = Peek();
            if (token is Tokens.BlockEnd)
            {
                _events.Add(new YamlEvent(YamlEventKind.MappingEnd, token.Start, token.End));
                Skip();
                return;
            }

            if (token is not Tokens.Key)
            {
                throw new NotHandledHere(); // a value with no key, or an alias the scanner did not mark as a key
            }

            ParseBlockEntryPart(token);
            token = Peek();
            if (token is Tokens.Value)
            {
                ParseBlockEntryPart(token);
            }
            else
            {
                _events.Add(EmptyScalar(token.Start)); // a key with no ':' (an explicit '? key')
            }
        }
    }

    /// <summary>The node after a block mapping's KEY or VALUE indicator, or an empty scalar where there is none.</summary>
    private void ParseBlockEntryPart(Tokens.Token indicator)
    {
        Skip();
        if (Peek() is Tokens.Key or Tokens.Value or Tokens.BlockEnd)
        {
            _events.Add(EmptyScalar(indicator.End));
        }
        else
        {
            ParseNode(block: true, indentlessSequence: true);
        }
    }

    // flow_sequence ::= FLOW-SEQUENCE-START (node (FLOW-ENTRY node)* FLOW-ENTRY?)? FLOW-SEQUENCE-END
    private void ParseFlowSequence()
    {
        Skip(); // FLOW-SEQUENCE-START
        for (var first = true; !AtFlowEnd<Tokens.FlowSequenceEnd>(first, YamlEventKind.SequenceEnd, out var token); first = false)
        {
            if (token is Tokens.Key)
            {
                throw new NotHandledHere(); // [a: b], a single-pair mapping inside a flow sequence
            }

            ParseNode(block: false, indentlessSequence: false);
        }
    }

    // flow_mapping ::= FLOW-MAPPING-START (KEY node? (VALUE node?)? (FLOW-ENTRY ...)* FLOW-ENTRY?)? FLOW-MAPPING-END
    private void ParseFlowMapping()
    {
        Skip(); // FLOW-MAPPING-START
        for (var first = true; !AtFlowEnd<Tokens.FlowMappingEnd>(first, YamlEventKind.MappingEnd, out var token); first = false)
        {
            if (token is not Tokens.Key)
            {
                throw new NotHandledHere(); // {a, b}: entries without ':' are left to the Parser
            }

            Skip();
            ParseFlowEntryPart(Peek() is Tokens.Value or Tokens.FlowEntry or Tokens.FlowMappingEnd, isValue: false);
            var afterKey = Peek();
            if (afterKey is Tokens.Value)
            {
                Skip();
                ParseFlowEntryPart(Peek() is Tokens.FlowEntry or Tokens.FlowMappingEnd, isValue: true);
            }
            else if (afterKey is Tokens.Scalar)
            {
                throw new NotHandledHere(); // a scalar right after a key, with no ':' between them
            }
            else
            {
                ParseFlowEntryPart(empty: true, isValue: true);
            }
        }
    }

    /// <summary>A flow mapping's key or value: the node that starts here, or an empty scalar at the next token.</summary>
    private void ParseFlowEntryPart(bool empty, bool isValue)
    {
        if (empty)
        {
            _events.Add(EmptyScalar(Peek().Start));
        }
        else
        {
            ParseNode(block: false, indentlessSequence: false, flowMappingValue: isValue);
        }
    }

    /// <summary>
    /// Steps over the ',' before every entry but the first; true, with the end event written and the bracket read, when
    /// the flow collection closes here, else false with <paramref name="token"/> the entry's first token.
    /// </summary>
    private bool AtFlowEnd<TEnd>(bool first, YamlEventKind endKind, out Tokens.Token token)
        where TEnd : Tokens.Token
    {
        token = Peek();
        if (!first && token is not TEnd)
        {
            if (token is not Tokens.FlowEntry)
            {
                throw new NotHandledHere(); // entries must be separated by ','
            }

            Skip();
            token = Peek();
        }

        if (token is not TEnd)
        {
            return false;
        }

        _events.Add(new YamlEvent(endKind, token.Start, token.End));
        Skip();
        return true;
    }

    private void Nested(Action parseCollection)
    {
        if (++_depth > MaxDepth)
        {
            throw new NotHandledHere();
        }

        parseCollection();
        _depth--;
    }

    private static TagName Resolve(Tokens.Tag tag) => tag.Handle switch
    {
        "" => new TagName(tag.Suffix), // verbatim !<...> and the non-specific '!'
        "!" => new TagName("!" + tag.Suffix),
        "!!" => new TagName(SecondaryTagPrefix + tag.Suffix),
        _ => throw new NotHandledHere(), // a handle only a %TAG directive could define
    };

    private static YamlEvent EmptyScalar(Mark at) => new(YamlEventKind.Scalar, at, at, string.Empty, ScalarStyle.Plain);

    /// <summary>The token the parse is at, read from the scanner only once (the scanner moves on each time it is asked).</summary>
    private Tokens.Token Peek()
    {
        if (_current is null)
        {
            if (!_scanner.MoveNextWithoutConsuming())
            {
                throw new NotHandledHere();
            }

            _current = _scanner.Current;
            if (_current is null or Tokens.Error or Tokens.VersionDirective or Tokens.TagDirective or Tokens.Comment)
            {
                throw new NotHandledHere();
            }
        }

        return _current;
    }

    private void Skip()
    {
        _current = null;
        _scanner.ConsumeCurrent();
    }

    /// <summary>The chunk uses something only YamlDotNet's Parser handles (or reports) exactly.</summary>
    private sealed class NotHandledHere : Exception;
}
