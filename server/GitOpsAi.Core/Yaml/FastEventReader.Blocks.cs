using YamlDotNet.Core;

namespace GitOpsAi.Core.Yaml;

/// <summary>Literal and folded block scalars, read as YamlDotNet's scanner reads them (ScanBlockScalar and its breaks).</summary>
internal sealed partial class FastEventReader
{
    /// <summary>
    /// Reads a '|' or '>' scalar with its chomping and indentation indicators; leaves the reader where the first line
    /// after it starts having text (inside its indentation), as the scanner does.
    /// </summary>
    private void ReadBlockScalar(int indent, bool literal)
    {
        var start = MarkHere();
        _pos++;
        var chomping = 0;
        var increment = 0;
        if (Current is '+' or '-')
        {
            chomping = Current == '+' ? 1 : -1;
            _pos++;
            increment = ReadIndentationIndicator();
        }
        else if (char.IsAsciiDigit(Current))
        {
            increment = ReadIndentationIndicator();
            if (Current is '+' or '-')
            {
                chomping = Current == '+' ? 1 : -1;
                _pos++;
            }
        }

        Refuse(Current == '#'); // a comment without a space before it
        ExpectLineEnd();
        SkipToLineEnd();
        bool? isFirstLine = null;
        if (!AtEnd)
        {
            SkipBreak();
            isFirstLine = true;
        }

        var end = MarkHere();
        var currentIndent = increment == 0 ? 0 : indent >= 0 ? indent + increment : increment;
        var value = RentBuilder();
        var trailingBreaks = 0;
        currentIndent = ScanBlockScalarBreaks(indent, currentIndent, ref trailingBreaks, literal, ref end, ref isFirstLine);
        isFirstLine = false;
        var leadingBreak = false;
        var leadingBlank = false;
        while (Column == currentIndent && !AtEnd && !AtDocumentMarker('.'))
        {
            var trailingBlank = Current == ' ';
            if (!literal && leadingBreak && !leadingBlank && !trailingBlank)
            {
                if (trailingBreaks == 0)
                {
                    value.Append(' ');
                }
            }
            else if (leadingBreak)
            {
                value.Append('\n');
            }

            leadingBreak = false;
            value.Append('\n', trailingBreaks);
            trailingBreaks = 0;
            leadingBlank = Current == ' ';
            var lineStart = _pos;
            SkipToLineEnd();
            value.Append(_text, lineStart, _pos - lineStart);
            if (!AtEnd)
            {
                SkipBreak();
                leadingBreak = true;
            }

            currentIndent = ScanBlockScalarBreaks(indent, currentIndent, ref trailingBreaks, literal, ref end, ref isFirstLine);
        }

        if (chomping != -1 && leadingBreak)
        {
            value.Append('\n');
        }

        if (chomping == 1)
        {
            value.Append('\n', trailingBreaks);
        }

        _events.Add(new YamlEvent(YamlEventKind.Scalar, start, end, Pooled(value, isKey: false), literal ? ScalarStyle.Literal : ScalarStyle.Folded));
    }

    private int ReadIndentationIndicator()
    {
        if (!char.IsAsciiDigit(Current))
        {
            return 0;
        }

        Refuse(Current == '0'); // an error for YamlDotNet
        return _text[_pos++] - '0';
    }

    private void SkipToLineEnd()
    {
        var lineEnd = _text.AsSpan(_pos, _end - _pos).IndexOfAny('\n', '\r');
        _pos = lineEnd < 0 ? _end : _pos + lineEnd;
    }

    /// <summary>
    /// Eats the indentation and empty lines before a block scalar's next line of text, counting the line breaks, and
    /// works out the indentation from the first lines when no indicator gave it (ScanBlockScalarBreaks).
    /// </summary>
    private int ScanBlockScalarBreaks(int indent, int currentIndent, ref int breaks, bool literal, ref Mark end, ref bool? isFirstLine)
    {
        var maxIndent = 0;
        var indentOfFirstLine = -1;
        end = MarkHere();
        while (true)
        {
            while ((currentIndent == 0 || Column < currentIndent) && Current == ' ')
            {
                _pos++;
            }

            maxIndent = Math.Max(maxIndent, Column);
            if (AtEnd || Current is not ('\n' or '\r'))
            {
                if (literal && isFirstLine == true)
                {
                    var i = 0;
                    while (Peek(i) == ' ')
                    {
                        i++;
                    }

                    if (Peek(i) is '\n' or '\r' && Column + i > Column)
                    {
                        isFirstLine = false;
                        indentOfFirstLine = Column + i;
                    }
                }

                break;
            }

            if (isFirstLine == true)
            {
                isFirstLine = false;
                indentOfFirstLine = Column;
            }

            SkipBreak();
            breaks++;
            end = MarkHere();
        }

        Refuse(literal && indentOfFirstLine > 1 && currentIndent < indentOfFirstLine - 1); // errors for YamlDotNet
        Refuse(!literal && maxIndent > Column && indentOfFirstLine > -1);
        if (currentIndent == 0 && (Column > 0 || indent > -1))
        {
            currentIndent = Math.Max(maxIndent, Math.Max(indent + 1, 1));
        }

        return currentIndent;
    }
}
