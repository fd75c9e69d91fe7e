using System.Buffers;
using YamlDotNet.Core;

namespace GitOpsAi.Core.Yaml;

/// <summary>
/// Reads the YAML that Kubernetes files are written in straight from the chunk's text into the events
/// <see cref="TokenEventParser"/> gives (same kinds, values, styles and marks), without YamlDotNet's scanner: no token
/// objects, no string builder per scalar, no reader over the text. Block mappings and sequences (also a sequence at its
/// key's indentation and <c>- key: v</c>), plain, quoted and block scalars, empty values, comments, <c>---</c> and
/// <c>...</c>, and flow collections of those.
/// <para>
/// Anchors are read on values and sequence items (after ':' or '-' on the same line), aliases there, inside brackets and
/// as keys written <c>*name :</c>.
/// Anything else (tags, anchors elsewhere, <c>?</c> keys, directives, tabs, a scalar as the whole document, a multi-line
/// plain scalar inside brackets, any syntax error, any doubt) makes <see cref="TryRead"/> return null, and the chunk goes
/// to <see cref="TokenEventParser"/> and YamlDotNet's Parser as before, so errors and rare syntax keep their messages
/// and trees. The marks follow YamlDotNet's scanner: a block collection starts at its first key or '-' and ends where
/// the next less-indented token starts; brackets have no width; an empty value sits after its ':' or '-'.
/// </para>
/// </summary>
internal sealed partial class FastEventReader
{
    /// <summary>Deeper nesting is left to the other readers (this one recurses once per collection).</summary>
    private const int MaxDepth = 64;

    /// <summary>YamlDotNet's scanner stops looking for a simple key's ':' after 1,024 characters; stay well inside.</summary>
    private const int MaxKeyLength = 1000;

    /// <summary>
    /// Characters this reader leaves to YamlDotNet: tabs (where they are allowed depends on context), a byte order mark
    /// inside the text, the line breaks YAML 1.1 adds (NEL, LS, PS) and control characters (NUL ends YamlDotNet's input).
    /// </summary>
    private static readonly SearchValues<char> Unhandled = SearchValues.Create(
        "\0\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\t\u000B\u000C\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\u0085\u2028\u2029\uFEFF");

    private readonly string _text;
    private readonly int _start;
    private readonly int _end;
    private readonly List<YamlEvent> _events;
    private int _pos;
    private int _line = 1;
    private int _lineStart;
    private int _depth;

    private FastEventReader(string text, int start, int end, List<YamlEvent> events)
    {
        _text = text;
        _start = start;
        _end = end;
        _events = events;
        _pos = start;
        _lineStart = start;
    }

    /// <summary>
    /// The events of <paramref name="text"/> from <paramref name="start"/> to <paramref name="end"/>, or null when the
    /// other readers must read them. Give the list back with <see cref="TokenEventParser.Release"/> once read.
    /// </summary>
    public static List<YamlEvent>? TryRead(string text, int start, int end)
    {
        if (text.AsSpan(start, end - start).ContainsAny(Unhandled))
        {
            return null;
        }

        var events = TokenEventParser.Rent();
        try
        {
            new FastEventReader(text, start, end, events).ReadStream();
            return events;
        }
        catch (NotHandledHere)
        {
            TokenEventParser.Release(events);
            return null;
        }
    }

    private bool AtEnd => _pos >= _end;

    private int Column => _pos - _lineStart;

    private char Current => _pos < _end ? _text[_pos] : '\0';

    private char Peek(int offset) => _pos + offset < _end ? _text[_pos + offset] : '\0';

    private Mark MarkHere() => MarkAt(_pos);

    /// <summary>The mark of a position on the line the reader is on (YamlDotNet's: index in the chunk, line and column from 1).</summary>
    private Mark MarkAt(int position) => new(position - _start, _line, position - _lineStart + 1);

    // stream ::= STREAM-START (implicit document | '---' document)? ('...')? STREAM-END, one document per chunk.
    private void ReadStream()
    {
        var origin = MarkHere();
        _events.Add(new YamlEvent(YamlEventKind.StreamStart, origin, origin));
        SkipToNextToken();
        if (AtEnd)
        {
            var end = StreamEndMark();
            _events.Add(new YamlEvent(YamlEventKind.StreamEnd, end, end));
            return;
        }

        if (AtDocumentMarker('-'))
        {
            var markerStart = MarkHere();
            _pos += 3;
            _events.Add(new YamlEvent(YamlEventKind.DocumentStart, markerStart, MarkHere()));
            ExpectLineEnd(); // content on the '---' line itself is left to the others
            SkipToNextToken();
            if (AtEnd)
            {
                // '---' with nothing after it: an empty scalar where YamlDotNet's scanner is once it has read the end, which
                // is one character past the stream's end mark (it steps over the end of the input as over a blank).
                var end = StreamEndMark();
                _events.Add(EmptyScalar(new Mark(end.Index + 1, end.Line, end.Column + 1)));
            }
            else
            {
                RefuseDocumentMarker();
                ReadBlockNode(indent: -1);
            }
        }
        else
        {
            RefuseDocumentMarker();
            var first = MarkHere(); // a document starts with its first token: a collection's, which has no width
            _events.Add(new YamlEvent(YamlEventKind.DocumentStart, first, first));
            ReadBlockNode(indent: -1);
        }

        SkipToNextToken();
        if (AtDocumentMarker('.'))
        {
            var marker = MarkHere();
            _events.Add(new YamlEvent(YamlEventKind.DocumentEnd, marker, marker));
            _pos += 3;
            ExpectLineEnd();
            SkipToNextToken();
        }
        else if (AtEnd)
        {
            var implicitEnd = StreamEndMark();
            _events.Add(new YamlEvent(YamlEventKind.DocumentEnd, implicitEnd, implicitEnd));
        }

        if (!AtEnd)
        {
            throw new NotHandledHere(); // more after the document (another document after '...', or a syntax error)
        }

        var streamEnd = StreamEndMark();
        _events.Add(new YamlEvent(YamlEventKind.StreamEnd, streamEnd, streamEnd));
    }

    /// <summary>A node where a line's content starts, or after '- ' on its line, in the block context.</summary>
    /// <param name="indent">The indentation of the block collection the node is in (YamlDotNet's scanner's), -1 at the root.</param>
    private void ReadBlockNode(int indent)
    {
        var column = Column;
        if (IsBlockEntry(_pos))
        {
            Refuse(column <= indent);
            ReadBlockSequence(column);
        }
        else if (IsSimpleKey(_pos))
        {
            Refuse(column <= indent);
            ReadBlockMapping(column);
        }
        else
        {
            Refuse(indent < 0 && Current is not ('[' or '{')); // a scalar document: the scanner treats comments after it specially
            ReadInlineValue(indent);
        }
    }

    // block_mapping ::= BLOCK-MAPPING-START (KEY scalar VALUE node?)* BLOCK-END, every key at the same column.
    private void ReadBlockMapping(int column)
    {
        Enter();
        var start = MarkHere();
        _events.Add(new YamlEvent(YamlEventKind.MappingStart, start, start));
        while (true)
        {
            ReadKey();
            var valueEnd = MarkHere(); // ReadKey stops after the ':'
            ReadMappingValue(column, valueEnd);
            SkipToNextToken();
            if (EndsCollection(column, out var end))
            {
                _events.Add(new YamlEvent(YamlEventKind.MappingEnd, end, end));
                Leave();
                return;
            }

            Refuse(!IsSimpleKey(_pos)); // a '-' or a scalar without ':' where a key should be
        }
    }

    /// <summary>A key (a plain or quoted scalar on one line, or an alias) and the ':' after it.</summary>
    private void ReadKey()
    {
        if (Current == '*')
        {
            ReadAlias();
        }
        else if (Current is '"' or '\'')
        {
            ReadQuoted(indent: -1, isKey: true);
        }
        else
        {
            ReadPlain(indent: -1, flow: false, isKey: true);
        }

        SkipSpaces();
        Refuse(Current != ':');
        _pos++;
    }

    /// <summary>What follows a block mapping's ':': a node on the same line, a node on the lines below, or nothing.</summary>
    private void ReadMappingValue(int column, Mark valueEnd)
    {
        SkipSpaces();
        if (TryReadAnchorOrAlias(column, isMappingValue: true))
        {
            return;
        }

        if (!AtLineEndOrComment())
        {
            Refuse(IsBlockEntry(_pos)); // "key: - x"
            ReadInlineValue(column);
            return;
        }

        SkipToNextToken();
        if (AtEnd || AtDocumentMarker('.'))
        {
            _events.Add(EmptyScalar(valueEnd));
        }
        else if (Column > column)
        {
            ReadBlockNode(column);
        }
        else if (Column == column && IsBlockEntry(_pos))
        {
            ReadIndentlessSequence(column);
        }
        else
        {
            _events.Add(EmptyScalar(valueEnd));
        }
    }

    // block_sequence ::= BLOCK-SEQUENCE-START (BLOCK-ENTRY node?)* BLOCK-END, every '-' at the same column.
    private void ReadBlockSequence(int column)
    {
        Enter();
        var start = MarkHere();
        _events.Add(new YamlEvent(YamlEventKind.SequenceStart, start, start));
        while (true)
        {
            _pos++; // '-'
            ReadSequenceItem(column, MarkHere());
            SkipToNextToken();
            if (EndsCollection(column, out var end))
            {
                _events.Add(new YamlEvent(YamlEventKind.SequenceEnd, end, end));
                Leave();
                return;
            }

            Refuse(!IsBlockEntry(_pos));
        }
    }

    // indentless_sequence ::= (BLOCK-ENTRY node?)+ — a mapping value whose '-' are at the key's column. It ends at the
    // next key (or where the mapping ends), which is left for the mapping to read.
    private void ReadIndentlessSequence(int column)
    {
        Enter();
        _events.Add(new YamlEvent(YamlEventKind.SequenceStart, MarkHere(), MarkAt(_pos + 1)));
        while (true)
        {
            _pos++; // '-'
            ReadSequenceItem(column, MarkHere());
            SkipToNextToken();
            if (EndsCollection(column, out var end))
            {
                _events.Add(new YamlEvent(YamlEventKind.SequenceEnd, end, end));
                Leave();
                return;
            }

            if (!IsBlockEntry(_pos))
            {
                Refuse(!IsSimpleKey(_pos));
                var next = MarkHere(); // the next key of the mapping
                _events.Add(new YamlEvent(YamlEventKind.SequenceEnd, next, next));
                Leave();
                return;
            }
        }
    }

    /// <summary>What follows a '-': a node on the same line, a more indented node on the lines below, or nothing.</summary>
    private void ReadSequenceItem(int indent, Mark entryEnd)
    {
        SkipSpaces();
        if (TryReadAnchorOrAlias(indent, isMappingValue: false))
        {
            return;
        }

        if (!AtLineEndOrComment())
        {
            ReadBlockNode(indent);
            return;
        }

        SkipToNextToken();
        if (!AtEnd && !AtDocumentMarker('.') && Column > indent)
        {
            ReadBlockNode(indent);
        }
        else
        {
            _events.Add(EmptyScalar(entryEnd));
        }
    }

    /// <summary>A scalar or a flow collection in the block context, which must end its line (or stop at a comment).</summary>
    private void ReadInlineValue(int indent)
    {
        switch (Current)
        {
            case '[':
                ReadFlowSequence(indent);
                break;
            case '{':
                ReadFlowMapping(indent);
                break;
            case '"' or '\'':
                ReadQuoted(indent, isKey: false);
                break;
            case '|' or '>':
                ReadBlockScalar(indent, literal: Current == '|');
                return; // a block scalar ends at the start of a line
            default:
                Refuse(!IsPlainStart(_pos, flow: false));
                Refuse(ReadPlain(indent, flow: false, isKey: false)); // stopped at ': ' — a key where none may be
                break;
        }

        ExpectLineEnd();
    }

    /// <summary>
    /// True, with the end mark, when the block collection at <paramref name="column"/> ends at the token the reader is at:
    /// YamlDotNet's scanner ends it where that token starts (less indented, or '...'), or at the end of the text.
    /// </summary>
    private bool EndsCollection(int column, out Mark end)
    {
        if (AtEnd)
        {
            // At the end, the scanner first ends the collections indented deeper than the last line's column, then moves
            // to the next line and ends the rest.
            end = column > Column ? MarkHere() : StreamEndMark();
            return true;
        }

        if (AtDocumentMarker('.') || Column < column)
        {
            end = MarkHere();
            return true;
        }

        RefuseDocumentMarker();
        Refuse(Column > column); // more indented than the collection's entries: a syntax error
        end = default;
        return false;
    }

    /// <summary>Where YamlDotNet's scanner puts the stream's end: at the end, moved to a next line if the last has text.</summary>
    private Mark StreamEndMark() => Column == 0
        ? MarkHere()
        : new Mark(_pos - _start, _line + 1, 1);

    private static YamlEvent EmptyScalar(Mark at) => new(YamlEventKind.Scalar, at, at, string.Empty, ScalarStyle.Plain);

    private void Enter()
    {
        if (++_depth > MaxDepth)
        {
            throw new NotHandledHere();
        }
    }

    private void Leave() => _depth--;

    private static void Refuse(bool condition)
    {
        if (condition)
        {
            throw new NotHandledHere();
        }
    }

    private void RefuseDocumentMarker() => Refuse(AtDocumentMarker('-') || AtDocumentMarker('.'));

    /// <summary>The chunk uses something only the other readers handle (or report) exactly.</summary>
    private sealed class NotHandledHere : Exception;
}
