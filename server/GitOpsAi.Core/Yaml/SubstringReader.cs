namespace GitOpsAi.Core.Yaml;

/// <summary>Reads a slice of a string without copying it, so each document of a large file is parsed in place.</summary>
internal sealed class SubstringReader : TextReader
{
    private readonly string _text;
    private readonly int _end;
    private int _position;

    public SubstringReader(string text, int start, int end)
    {
        _text = text;
        _position = start;
        _end = end;
    }

    public override int Peek() => _position < _end ? _text[_position] : -1;

    public override int Read() => _position < _end ? _text[_position++] : -1;

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read(Span<char> buffer)
    {
        var count = Math.Min(buffer.Length, _end - _position);
        if (count <= 0)
        {
            return 0;
        }

        _text.AsSpan(_position, count).CopyTo(buffer);
        _position += count;
        return count;
    }
}
