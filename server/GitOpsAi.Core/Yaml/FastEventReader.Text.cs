namespace GitOpsAi.Core.Yaml;

/// <summary>Moving through the text: spaces, comments, line breaks, and what a position starts.</summary>
internal sealed partial class FastEventReader
{
    /// <summary>Skips spaces, comments and line breaks up to the next token, as YamlDotNet's scanner does between tokens.</summary>
    private void SkipToNextToken()
    {
        while (_pos < _end)
        {
            switch (_text[_pos])
            {
                case ' ':
                    _pos++;
                    break;
                case '#':
                    SkipToLineEnd();
                    break;
                case '\n' or '\r':
                    SkipBreak();
                    break;
                default:
                    return;
            }
        }
    }

    /// <summary>Steps over one line break (CR LF counts as one) to the start of the next line.</summary>
    private void SkipBreak()
    {
        _pos += _text[_pos] == '\r' && _pos + 1 < _end && _text[_pos + 1] == '\n' ? 2 : 1;
        _line++;
        _lineStart = _pos;
    }

    private void SkipSpaces()
    {
        while (_pos < _end && _text[_pos] == ' ')
        {
            _pos++;
        }
    }

    private bool AtLineEndOrComment() => _pos >= _end || _text[_pos] is '#' or '\n' or '\r';

    /// <summary>After a node in the block context only a comment may follow on its line.</summary>
    private void ExpectLineEnd()
    {
        SkipSpaces();
        Refuse(!AtLineEndOrComment());
    }

    /// <summary>A '---' or '...' (<paramref name="dot"/>) at the start of a line, followed by a blank or the end.</summary>
    private bool AtDocumentMarker(char dot) =>
        _pos == _lineStart && _pos + 3 <= _end
        && _text[_pos] == dot && _text[_pos + 1] == dot && _text[_pos + 2] == dot
        && IsBlankOrEnd(_pos + 3);

    /// <summary>A space, a line break or the end of the chunk at <paramref name="position"/> (tabs never get here).</summary>
    private bool IsBlankOrEnd(int position) => position >= _end || _text[position] is ' ' or '\n' or '\r';

    private bool IsBlockEntry(int position) => _text[position] == '-' && IsBlankOrEnd(position + 1);

    /// <summary>
    /// What YamlDotNet's scanner takes for the start of a plain scalar: not an indicator, or '-' ('?' outside brackets)
    /// followed by a non-blank. Inside brackets, anything it would take for a scalar only there is declined.
    /// </summary>
    private bool IsPlainStart(int position, bool flow)
    {
        var c = _text[position];
        if (c is ' ' or '\n' or '\r')
        {
            return false;
        }

        if (!"-?:,[]{}#&*!|>'\"%@`".Contains(c))
        {
            return true;
        }

        if (IsBlankOrEnd(position + 1))
        {
            return false;
        }

        // A scalar starting with ':' is declined: after a bracket or a quoted scalar inside brackets (anywhere earlier in
        // the chunk) YamlDotNet's scanner drops that ':'.
        var next = _text[position + 1];
        return c switch
        {
            '-' => !flow || next is not (',' or '[' or ']' or '{' or '}'),
            '?' => !flow,
            _ => false,
        };
    }

    /// <summary>
    /// True when a simple key starts at <paramref name="position"/>: a plain or quoted scalar (or an alias) on this line
    /// followed by ':' and a blank, as YamlDotNet's scanner finds one.
    /// </summary>
    private bool IsSimpleKey(int position)
    {
        int colon;
        if (_text[position] == '*')
        {
            // An alias as a key ("*app :", as Helm values name a controller after the release): only with a blank before
            // its ':', where YamlDotNet's scanner ends the name whether or not it requires a key there.
            var nameEnd = position + 1;
            while (!IsBlankOrEnd(nameEnd) && _text[nameEnd] is not ('[' or ']' or '{' or '}' or ',' or ':'))
            {
                nameEnd++;
            }

            colon = KeyColonAfter(nameEnd);
            if (nameEnd == position + 1 || colon < 0 || colon == nameEnd)
            {
                return false;
            }
        }
        else if (_text[position] is '"' or '\'')
        {
            var afterQuote = QuotedEndOnLine(position);
            if (afterQuote < 0)
            {
                return false;
            }

            colon = KeyColonAfter(afterQuote);
            if (colon < 0)
            {
                return false;
            }
        }
        else if (!IsPlainStart(position, flow: false) || ScanPlainLine(position, flow: false, out _, out colon) != PlainStop.Colon)
        {
            return false;
        }

        Refuse(colon - position > MaxKeyLength); // the scanner gives up on a key this long
        return true;
    }

    /// <summary>Where the ':' (followed by a blank) after spaces from <paramref name="position"/> is, or -1 when none is there.</summary>
    private int KeyColonAfter(int position)
    {
        var colon = position;
        while (colon < _end && _text[colon] == ' ')
        {
            colon++;
        }

        return colon < _end && _text[colon] == ':' && IsBlankOrEnd(colon + 1) ? colon : -1;
    }

    /// <summary>Where the quoted scalar at <paramref name="position"/> ends (after its closing quote) if on this line, else -1.</summary>
    private int QuotedEndOnLine(int position)
    {
        var quote = _text[position];
        for (var i = position + 1; i < _end; i++)
        {
            var c = _text[i];
            if (c is '\n' or '\r')
            {
                return -1;
            }

            if (c == quote)
            {
                if (quote == '\'' && i + 1 < _end && _text[i + 1] == '\'')
                {
                    i++; // '' stands for one quote
                    continue;
                }

                return i + 1;
            }

            if (c == '\\' && quote == '"')
            {
                i++; // an escaped character (an escaped line break ends the line: the check above sees it)
                if (i < _end && _text[i] is '\n' or '\r')
                {
                    return -1;
                }
            }
        }

        return -1;
    }
}
