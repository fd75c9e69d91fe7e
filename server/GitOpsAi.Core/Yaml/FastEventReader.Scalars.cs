using System.Text;
using YamlDotNet.Core;

namespace GitOpsAi.Core.Yaml;

/// <summary>
/// Plain and quoted scalars, read as YamlDotNet's scanner reads them (ScanPlainScalar, ScanFlowScalar): a scalar on one
/// line without escapes is a slice of the text, looked up in the string pool without making a string first; folding
/// and escapes go through one string builder per thread.
/// </summary>
internal sealed partial class FastEventReader
{
    [ThreadStatic]
    private static StringBuilder? _builder;

    private enum PlainStop
    {
        /// <summary>At ':' followed by a blank (or ',' inside brackets): the scalar is a key.</summary>
        Colon,

        /// <summary>At a ',', '[', ']', '{' or '}' inside brackets.</summary>
        Indicator,

        /// <summary>At ' #'.</summary>
        Comment,

        /// <summary>At a line break (after any trailing spaces): the scalar may go on, on the next line.</summary>
        LineEnd,

        End,
    }

    private static StringBuilder RentBuilder()
    {
        // A huge block scalar (a dashboard in a ConfigMap) is not kept alive by every thread that once read one.
        var builder = _builder is { Capacity: <= 1 << 16 } kept ? kept : _builder = new StringBuilder(256);
        builder.Clear();
        return builder;
    }

    /// <summary>
    /// Reads a plain scalar from the reader's position, and on following lines when they go on with it; leaves the reader
    /// just after its last character. True when it stopped at a ':' and a blank (in the block context: at a key's end).
    /// </summary>
    /// <param name="indent">The enclosing block collection's indentation: a continuation line must be indented deeper.</param>
    private bool ReadPlain(int indent, bool flow, bool isKey)
    {
        var start = MarkHere();
        var segmentStart = _pos;
        var stop = ScanPlainLine(_pos, flow, out var contentEnd, out _);
        StringBuilder? folded = null;
        while (stop == PlainStop.LineEnd && ContinuesOnNextLine(indent, flow, contentEnd, out var blankLines))
        {
            folded ??= RentBuilder();
            folded.Append(_text, segmentStart, contentEnd - segmentStart);
            if (blankLines == 0)
            {
                folded.Append(' ');
            }
            else
            {
                folded.Append('\n', blankLines);
            }

            segmentStart = _pos;
            stop = ScanPlainLine(_pos, flow, out contentEnd, out _);
        }

        _pos = contentEnd;
        var value = folded is null
            ? Pooled(_text.AsSpan(segmentStart, contentEnd - segmentStart), isKey)
            : Pooled(folded.Append(_text, segmentStart, contentEnd - segmentStart), isKey);
        _events.Add(new YamlEvent(YamlEventKind.Scalar, start, MarkHere(), value, ScalarStyle.Plain));
        return stop == PlainStop.Colon;
    }

    /// <summary>
    /// Every value this reader gives is the string pool's (a key from the keys' pool), as the tree builder would make it:
    /// the builder then does not look it up again.
    /// </summary>
    private static string Pooled(ReadOnlySpan<char> value, bool isKey) => isKey ? StringPool.Key(value) : StringPool.Value(value);

    private static string Pooled(StringBuilder value, bool isKey)
    {
        if (value.Length > StringPool.MaxLength)
        {
            return value.ToString();
        }

        Span<char> copy = stackalloc char[StringPool.MaxLength];
        value.CopyTo(0, copy, value.Length);
        return Pooled(copy[..value.Length], isKey);
    }

    /// <summary>
    /// Scans one line of a plain scalar from <paramref name="position"/>: <paramref name="contentEnd"/> is after its last
    /// non-blank character (spaces between words belong to it), <paramref name="stoppedAt"/> where the scan stopped.
    /// </summary>
    private PlainStop ScanPlainLine(int position, bool flow, out int contentEnd, out int stoppedAt)
    {
        var i = position;
        contentEnd = position;
        while (true)
        {
            // In a word that starts with '*' YamlDotNet's scanner reads ': ' as part of the scalar unless the scalar is a
            // key it requires: declined rather than worked out.
            var starWord = i < _end && _text[i] == '*';
            while (i < _end)
            {
                var c = _text[i];
                if (c is ' ' or '\n' or '\r')
                {
                    break;
                }

                if (c == ':' && (IsBlankOrEnd(i + 1) || (flow && _text[i + 1] == ',')))
                {
                    Refuse(starWord);
                    stoppedAt = i;
                    return PlainStop.Colon;
                }

                if (flow && c is ',' or '[' or ']' or '{' or '}')
                {
                    stoppedAt = i;
                    return PlainStop.Indicator;
                }

                contentEnd = ++i;
            }

            while (i < _end && _text[i] == ' ')
            {
                i++;
            }

            stoppedAt = i;
            if (i >= _end)
            {
                return PlainStop.End;
            }

            if (_text[i] is '\n' or '\r')
            {
                return PlainStop.LineEnd;
            }

            if (_text[i] == '#')
            {
                return PlainStop.Comment;
            }
        }
    }

    /// <summary>
    /// After a plain scalar's line: true, with the reader moved to the next line's content, when that line goes on with
    /// the scalar (YamlDotNet folds the break into a space, or keeps the blank lines between as line breaks).
    /// </summary>
    private bool ContinuesOnNextLine(int indent, bool flow, int contentEnd, out int blankLines)
    {
        blankLines = 0;
        var i = contentEnd;
        while (i < _end && _text[i] == ' ')
        {
            i++;
        }

        var line = _line;
        var lineStart = _lineStart;
        var breaks = 0;
        while (i < _end && _text[i] is '\n' or '\r')
        {
            i += _text[i] == '\r' && i + 1 < _end && _text[i + 1] == '\n' ? 2 : 1;
            line++;
            lineStart = i;
            breaks++;
            while (i < _end && _text[i] == ' ')
            {
                i++;
            }
        }

        if (i >= _end || (!flow && i - lineStart < indent + 1) || _text[i] == '#')
        {
            return false;
        }

        var atColon = _text[i] == ':' && (IsBlankOrEnd(i + 1) || (flow && _text[i + 1] == ','));
        if (flow)
        {
            // Inside brackets the next line goes on with the scalar unless it starts with an indicator: left to the others.
            Refuse(!atColon && _text[i] is not (',' or '[' or ']' or '{' or '}'));
            return false;
        }

        Refuse(atColon); // a multi-line scalar as a key: YamlDotNet reports it
        Refuse(i == lineStart && i + 3 <= _end && (_text.AsSpan(i, 3) is "---" or "...")); // never at a deeper indentation
        blankLines = breaks - 1;
        _pos = i;
        _line = line;
        _lineStart = lineStart;
        return true;
    }

    /// <summary>Reads a single- or double-quoted scalar; leaves the reader after the closing quote.</summary>
    private void ReadQuoted(int indent, bool isKey)
    {
        var start = MarkHere();
        var quote = _text[_pos];
        var contentStart = _pos + 1;
        var simpleEnd = _text.AsSpan(contentStart, _end - contentStart).IndexOfAny(quote == '"' ? "\"\\\n\r" : "'\n\r");
        string value;
        if (simpleEnd >= 0 && _text[contentStart + simpleEnd] == quote
            && (quote == '"' || contentStart + simpleEnd + 1 >= _end || _text[contentStart + simpleEnd + 1] != '\''))
        {
            // One line, no escapes: the text between the quotes.
            value = Pooled(_text.AsSpan(contentStart, simpleEnd), isKey);
            _pos = contentStart + simpleEnd + 1;
        }
        else
        {
            value = ReadQuotedSlowly(indent, quote, isKey);
        }

        _events.Add(new YamlEvent(YamlEventKind.Scalar, start, MarkHere(), value, quote == '"' ? ScalarStyle.DoubleQuoted : ScalarStyle.SingleQuoted));
        Refuse(quote == '"' && Current == '#'); // YamlDotNet reports a comment right after a double-quoted scalar
    }

    /// <summary>ScanFlowScalar's way with escapes, '' and line folding.</summary>
    private string ReadQuotedSlowly(int indent, char quote, bool isKey)
    {
        var single = quote == '\'';
        var value = RentBuilder();
        _pos++;
        var hasLeadingBlanks = false;
        while (true)
        {
            RefuseDocumentMarker();
            Refuse(AtEnd);
            Refuse(hasLeadingBlanks && !single && indent >= Column); // a continuation line not indented deeper
            hasLeadingBlanks = false;
            while (_pos < _end && _text[_pos] is not (' ' or '\n' or '\r'))
            {
                var c = _text[_pos];
                if (single && c == '\'' && Peek(1) == '\'')
                {
                    value.Append('\'');
                    _pos += 2;
                }
                else if (c == quote)
                {
                    break;
                }
                else if (!single && c == '\\' && Peek(1) is '\n' or '\r')
                {
                    _pos++;
                    SkipBreak();
                    hasLeadingBlanks = true;
                    break;
                }
                else if (!single && c == '\\')
                {
                    AppendEscape(value);
                }
                else
                {
                    value.Append(c);
                    _pos++;
                }
            }

            if (Current == quote)
            {
                break;
            }

            var spaces = 0;
            var leadingBreak = false;
            var trailingBreaks = 0;
            while (Current is ' ' or '\n' or '\r')
            {
                if (Current == ' ')
                {
                    spaces += hasLeadingBlanks ? 0 : 1;
                    _pos++;
                }
                else
                {
                    if (hasLeadingBlanks)
                    {
                        trailingBreaks++;
                    }
                    else
                    {
                        spaces = 0;
                        leadingBreak = true;
                        hasLeadingBlanks = true;
                    }

                    SkipBreak();
                }
            }

            if (!hasLeadingBlanks)
            {
                value.Append(' ', spaces);
            }
            else if (leadingBreak && trailingBreaks == 0)
            {
                value.Append(' ');
            }
            else
            {
                value.Append('\n', trailingBreaks);
            }
        }

        _pos++; // the closing quote
        return Pooled(value, isKey);
    }

    /// <summary>A double-quoted scalar's escape sequence at the reader's position (the rare \U and surrogates are declined).</summary>
    private void AppendEscape(StringBuilder value)
    {
        var codeLength = 0;
        switch (Peek(1))
        {
            case 'x':
                codeLength = 2;
                break;
            case 'u':
                codeLength = 4;
                break;
            case var escape:
                value.Append(escape switch
                {
                    '0' => '\0',
                    'a' => '\x07',
                    'b' => '\x08',
                    't' => '\t',
                    'n' => '\n',
                    'v' => '\x0B',
                    'f' => '\x0C',
                    'r' => '\r',
                    'e' => '\x1B',
                    ' ' or '"' or '\\' or '/' => escape,
                    'N' => '\x85',
                    '_' => '\xA0',
                    'L' => '\u2028',
                    'P' => '\u2029',
                    _ => throw new NotHandledHere(), // \U, or an escape YamlDotNet reports
                });
                break;
        }

        _pos += 2;
        if (codeLength == 0)
        {
            return;
        }

        var code = 0;
        for (var k = 0; k < codeLength; k++)
        {
            var digit = HexValue(Peek(k));
            Refuse(digit < 0);
            code = (code << 4) + digit;
        }

        Refuse(code is >= 0xD800 and <= 0xDFFF);
        value.Append((char)code);
        _pos += codeLength;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
