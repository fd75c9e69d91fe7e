using YamlDotNet.Core;

namespace GitOpsAi.Core.Yaml;

/// <summary>
/// Flow sequences and mappings of scalars and of each other (<c>[]</c>, <c>{}</c>, <c>["a", "b"]</c>, <c>{a: 1}</c>), with
/// entries on several lines. <c>[a: b]</c>, <c>{a, b}</c>, keys that are collections and multi-line plain scalars inside
/// brackets are declined, as <see cref="TokenEventParser"/> declines the first two.
/// </summary>
internal sealed partial class FastEventReader
{
    // flow_sequence ::= '[' (node (',' node)* ','?)? ']'
    private void ReadFlowSequence(int indent)
    {
        Enter();
        var start = MarkHere();
        _events.Add(new YamlEvent(YamlEventKind.SequenceStart, start, start, IsFlow: true));
        _pos++;
        SkipInFlow();
        for (var first = true; !AtFlowEnd(first, ']'); first = false)
        {
            ReadFlowNode(indent, isKey: false);
            SkipInFlow();
            Refuse(Current == ':'); // [a: b], a pair inside a sequence
        }

        CloseFlow(YamlEventKind.SequenceEnd);
    }

    // flow_mapping ::= '{' (key ':' value? (',' key ':' value?)* ','?)? '}', keys being scalars.
    private void ReadFlowMapping(int indent)
    {
        Enter();
        var start = MarkHere();
        _events.Add(new YamlEvent(YamlEventKind.MappingStart, start, start, IsFlow: true));
        _pos++;
        SkipInFlow();
        for (var first = true; !AtFlowEnd(first, '}'); first = false)
        {
            var quotedKey = Current is '"' or '\'';
            Refuse(!quotedKey && Current is '[' or '{'); // a collection as a key
            var (keyStart, keyLine) = (_pos, _line);
            ReadFlowNode(indent, isKey: true);
            Refuse(_line != keyLine || _pos - keyStart > MaxKeyLength); // not a simple key for YamlDotNet's scanner
            SkipSpaces();
            Refuse(Current != ':'); // {a, b}: an entry without ':' (or its ':' on another line)
            Refuse(quotedKey && Peek(1) == ':');
            _pos++;
            SkipInFlow();
            if (Current is ',' or '}')
            {
                var at = MarkHere(); // an empty value sits at what follows the ':'
                _events.Add(EmptyScalar(at));
                continue;
            }

            ReadFlowNode(indent, isKey: false);
            SkipInFlow();
            Refuse(Current == ':');
        }

        CloseFlow(YamlEventKind.MappingEnd);
    }

    /// <summary>A scalar or a nested flow collection inside brackets.</summary>
    private void ReadFlowNode(int indent, bool isKey)
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
                ReadQuoted(indent, isKey);
                break;
            case '*' when !isKey:
                ReadAlias();
                break;
            default:
                // A plain scalar inside brackets must be indented deeper than the block collection around them.
                Refuse(!IsPlainStart(_pos, flow: true) || Column <= indent);
                ReadPlain(indent, flow: true, isKey);
                break;
        }
    }

    /// <summary>
    /// Steps over the ',' before every entry but the first; true when the collection closes here (the reader is at
    /// <paramref name="close"/>), else false at the entry's first character.
    /// </summary>
    private bool AtFlowEnd(bool first, char close)
    {
        if (!first && Current != close)
        {
            Refuse(Current != ',');
            _pos++;
            Refuse(Current == '#'); // YamlDotNet reports a comment right after ','
            SkipInFlow();
        }

        return Current == close;
    }

    /// <summary>The end event at the closing bracket, which has no width in YamlDotNet's marks.</summary>
    private void CloseFlow(YamlEventKind kind)
    {
        var at = MarkHere();
        _events.Add(new YamlEvent(kind, at, at));
        _pos++;
        Refuse(Current == '#'); // YamlDotNet reports "]#"; "}#" is rare enough to leave to it too
        Leave();
    }

    /// <summary>Spaces, comments and line breaks inside brackets: the text may not end, nor a document marker come, there.</summary>
    private void SkipInFlow()
    {
        SkipToNextToken();
        Refuse(AtEnd);
        RefuseDocumentMarker();
    }
}
