using YamlDotNet.Core;

namespace GitOpsAi.Core.Yaml;

/// <summary>
/// Anchors (<c>&amp;name</c>) on a mapping value or a sequence item, and aliases (<c>*name</c>) there, inside brackets
/// and as keys written <c>*name :</c>, as <see cref="TokenEventParser"/> turns YamlDotNet's tokens into events: an anchored node starts at its
/// anchor; an anchor with no node is an empty scalar that ends where the next token ends. An anchor anywhere else (on a
/// key, inside brackets, at the root, twice, with a tag) is declined.
/// </summary>
internal sealed partial class FastEventReader
{
    /// <summary>
    /// At a value after ':' or an item after '-' (spaces skipped): reads an anchored node or an alias and returns true, or
    /// returns false when there is neither.
    /// </summary>
    /// <param name="indent">The block collection's indentation (the mapping's or the sequence's).</param>
    private bool TryReadAnchorOrAlias(int indent, bool isMappingValue)
    {
        if (_pos >= _end)
        {
            return false;
        }

        if (_text[_pos] == '*')
        {
            ReadAlias();
            ExpectLineEnd();
            return true;
        }

        if (_text[_pos] != '&')
        {
            return false;
        }

        var start = MarkHere();
        var name = ReadPropertyName();
        var first = _events.Count;
        SkipSpaces();
        if (!AtLineEndOrComment())
        {
            // The node on the same line: a scalar or a flow collection (never a key, a '-', a second anchor or a tag).
            Refuse(IsBlockEntry(_pos) || Current is '&' or '*' or '!');
            ReadInlineValue(indent);
            AnchorFirstEvent(first, start, name);
            return true;
        }

        SkipToNextToken();
        if (!AtEnd && !AtDocumentMarker('.'))
        {
            if (Column > indent)
            {
                ReadBlockNode(indent);
                AnchorFirstEvent(first, start, name);
                return true;
            }

            if (isMappingValue && Column == indent && IsBlockEntry(_pos))
            {
                ReadIndentlessSequence(indent);
                AnchorFirstEvent(first, start, name);
                return true;
            }
        }

        _events.Add(new YamlEvent(YamlEventKind.Scalar, start, EndOfNextToken(indent), string.Empty, ScalarStyle.Plain, Anchor: name));
        return true;
    }

    /// <summary>
    /// Where the token after an anchor with no node ends: the next key (no width), the next '-' (after it), or the end of
    /// the block collection.
    /// </summary>
    private Mark EndOfNextToken(int indent)
    {
        if (EndsCollection(indent, out var end))
        {
            return end;
        }

        if (IsBlockEntry(_pos))
        {
            return MarkAt(_pos + 1);
        }

        Refuse(!IsSimpleKey(_pos));
        return MarkHere();
    }

    /// <summary>The node's first event starts at its anchor and carries it.</summary>
    private void AnchorFirstEvent(int index, Mark anchorStart, string name) =>
        _events[index] = _events[index] with { Start = anchorStart, Anchor = name };

    private void ReadAlias()
    {
        var start = MarkHere();
        var name = ReadPropertyName();
        _events.Add(new YamlEvent(YamlEventKind.Alias, start, MarkHere(), name));
    }

    /// <summary>
    /// The name after '&amp;' or '*': up to a blank or one of "[]{},". Anything else right after it (YamlDotNet allows a few
    /// indicators there, or reports an error) is declined, except the end of a flow collection or entry.
    /// </summary>
    private string ReadPropertyName()
    {
        var nameStart = ++_pos;
        while (!IsBlankOrEnd(_pos) && _text[_pos] is not ('[' or ']' or '{' or '}' or ','))
        {
            _pos++;
        }

        Refuse(_pos == nameStart || !(IsBlankOrEnd(_pos) || _text[_pos] is ']' or '}' or ','));
        return _text.Substring(nameStart, _pos - nameStart);
    }
}
