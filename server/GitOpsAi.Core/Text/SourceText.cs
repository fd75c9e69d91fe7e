namespace GitOpsAi.Core.Text;

/// <summary>
/// A document's text with its line map. This is the one place where offsets become line/column positions: the CLI adds
/// one to each, the language server uses them as they are (UTF-16 columns, as LSP requires).
/// </summary>
public sealed class SourceText
{
    private int[]? _lineStarts;
    private string? _newLine;
    private string? _text;
    private readonly int _length;
    private readonly Func<string>? _write;

    // A released text (ReleaseToAscii): its characters one byte each, and the string last made of them while something
    // still holds it.
    private byte[]? _ascii;
    private WeakReference<string>? _lastMade;

    // A text kept on disk (KeepOnDisk): how to read its bytes again, the text's fingerprint (to know they are still its
    // characters) and the file's name for the message when they are not.
    private Func<byte[]>? _readAgain;
    private TextFingerprint _keptFingerprint;
    private string? _fileName;

    public SourceText(string text)
    {
        _text = text;
        _length = text.Length;
    }

    /// <summary>
    /// A text of <paramref name="length"/> characters made by <paramref name="write"/> only when first asked for (a
    /// rendered object written out: most are checked through their tree alone, and a string per object was a sixth of
    /// the writer's work at 50,000 resources). <paramref name="write"/> must make the same text every time.
    /// </summary>
    internal SourceText(int length, Func<string> write)
    {
        _length = length;
        _write = write;
    }

    public string Text => _text ?? (_ascii is not null ? FromAscii() : _readAgain is not null ? FromDisk() : _text = _write!());

    /// <summary>
    /// Keeps a text of ASCII characters (most YAML) as one byte per character from now on, with its line map and line
    /// break found while the string is at hand: a repository's file texts were a third of the parsed 50,000-resource
    /// monorepo's heap (57 of 160 MB), and after parsing only a few checks read a file's characters again. Each of
    /// those gets the same characters, as a string made again once the last one was collected. Not for a text that
    /// changes hands often (an open document, which edits compare by reference): the loader releases files it read
    /// from disk. Call before the text is shared between threads.
    /// </summary>
    /// <param name="read">The bytes the text was decoded from, kept instead of a copy when they are its characters (ASCII, no byte order mark).</param>
    internal void ReleaseToAscii(byte[]? read = null)
    {
        if (_text is not { } text)
        {
            return;
        }

        // The read bytes when they are the text's characters (equal means both are ASCII), else a copy of an ASCII text.
        byte[] ascii;
        if (read is not null && System.Text.Ascii.Equals(read, text))
        {
            ascii = read;
        }
        else if (System.Text.Ascii.IsValid(text))
        {
            ascii = new byte[text.Length];
            System.Text.Ascii.FromUtf16(text, ascii, out _);
        }
        else
        {
            return;
        }

        _ascii = ascii;
        LetGo(text);
    }

    /// <summary>
    /// Keeps nothing of an ASCII text read from disk but its length, line map and line break: when asked for again, it is
    /// read again (<paramref name="readAgain"/>) and checked against the fingerprint of the text it was parsed from. For a run that reads each file once and asks few of them for their text again (the command
    /// line, not while fixing: a fix rewrites files another file's check may still read): the 50,000-resource
    /// monorepo's texts were 36 MB of the 229 MB its check held at the end, and 501 of its 2,011 files were asked for
    /// theirs, for inline patches. False (and the text kept) when the bytes are not the text's characters (not ASCII,
    /// a byte order mark). Call before the text is shared between threads.
    /// </summary>
    /// <param name="fileName">The file as messages name it (its path relative to the repository).</param>
    /// <exception cref="SourceChangedException">From <see cref="Text"/> later, when the file changed or cannot be read.</exception>
    internal bool KeepOnDisk(byte[] read, Func<byte[]> readAgain, string fileName)
    {
        if (_text is not { } text || !System.Text.Ascii.Equals(read, text))
        {
            return false;
        }

        _keptFingerprint = TextFingerprint.Of(text);
        _readAgain = readAgain;
        _fileName = fileName;
        LetGo(text);
        return true;
    }

    /// <summary>
    /// Lets the string of a text kept in another form go: its line map and line break are found while it is at hand, and
    /// it stays the last string made while something still holds it.
    /// </summary>
    private void LetGo(string text)
    {
        _lineStarts ??= ComputeLineStarts(text);
        _newLine ??= NewLineOf(text);
        _lastMade = new WeakReference<string>(text);
        _text = null;
    }

    /// <summary>A string made again, remembered as the last made (two threads may each make one; both are equal).</summary>
    private string Remembered(string made)
    {
        _lastMade!.SetTarget(made);
        return made;
    }

    private static string StringOf(byte[] ascii) =>
        string.Create(ascii.Length, ascii, static (characters, bytes) => System.Text.Ascii.ToUtf16(bytes, characters, out _));

    /// <summary>True when the text is kept on disk (tests).</summary>
    internal bool IsOnDisk => _readAgain is not null;

    /// <summary>The text kept on disk, read again: the last one made while it lives, else the file's bytes, if unchanged.</summary>
    private string FromDisk()
    {
        if (_lastMade!.TryGetTarget(out var made))
        {
            return made;
        }

        byte[] bytes;
        try
        {
            bytes = _readAgain!();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new SourceChangedException($"{_fileName} could not be read again during the check ({exception.Message}); run the check again.", exception);
        }

        // Remembered only once known to be the text parsed: a changed file is reported each time it is asked for.
        if (bytes.Length != _length || !System.Text.Ascii.IsValid(bytes) || TextFingerprint.Of(made = StringOf(bytes)) != _keptFingerprint)
        {
            throw new SourceChangedException($"{_fileName} changed on disk during the check; run the check again.");
        }

        return Remembered(made);
    }

    /// <summary>True when the text is kept as ASCII bytes (tests).</summary>
    internal bool IsReleased => _ascii is not null;

    /// <summary>A released text's characters, one byte each (empty when the text is not released): searched without making its string.</summary>
    internal ReadOnlySpan<byte> ReleasedAscii => _ascii;

    /// <summary>The released text as a string: the last one made while it lives.</summary>
    private string FromAscii() => _lastMade!.TryGetTarget(out var made) ? made : Remembered(StringOf(_ascii!));

    /// <summary>True once the text exists (a text written on demand that nothing asked for does not).</summary>
    internal bool HasText => _text is not null || _ascii is not null || _readAgain is not null;

    public int Length => _length;

    public int LineCount => LineStarts.Length;

    /// <summary>The line break the document uses ("\r\n" if it has any, else "\n"), found once: edits insert lines with it.</summary>
    public string NewLine => _newLine ??= NewLineOf(Text);

    private static string NewLineOf(string text) => text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";

    private int[] LineStarts => _lineStarts ??= ComputeLineStarts(Text);

    public LinePosition GetLinePosition(int offset)
    {
        offset = Math.Clamp(offset, 0, _length);
        var starts = LineStarts;
        var line = Array.BinarySearch(starts, offset);
        if (line < 0)
        {
            line = ~line - 1;
        }

        return new LinePosition(line, offset - starts[line]);
    }

    public LineRange GetLineRange(TextSpan span) => new(GetLinePosition(span.Start), GetLinePosition(span.End));

    /// <summary>The offset of a line/column position, clamped into the document (past the end of a line is its end).</summary>
    public int GetOffset(LinePosition position)
    {
        var starts = LineStarts;
        if (position.Line < 0)
        {
            return 0;
        }

        if (position.Line >= starts.Length)
        {
            return _length;
        }

        var lineStart = starts[position.Line];
        var lineEnd = GetLineEnd(position.Line, includeBreak: false);
        return Math.Clamp(lineStart + Math.Max(0, position.Character), lineStart, lineEnd);
    }

    public int GetLineStart(int line) => LineStarts[Math.Clamp(line, 0, LineStarts.Length - 1)];

    /// <summary>The offset where a line's text ends, before (or, with <paramref name="includeBreak"/>, after) its line break.</summary>
    public int GetLineEnd(int line, bool includeBreak = false)
    {
        var starts = LineStarts;
        line = Math.Clamp(line, 0, starts.Length - 1);
        var next = line + 1 < starts.Length ? starts[line + 1] : _length;
        if (includeBreak)
        {
            return next;
        }

        var end = next;
        if (end > starts[line] && end <= _length && line + 1 < starts.Length)
        {
            end--; // '\n' or a lone '\r'
            if (Text[end] == '\n' && end > starts[line] && Text[end - 1] == '\r')
            {
                end--;
            }
        }

        return end;
    }

    public ReadOnlySpan<char> GetLineText(int line) => Text.AsSpan(GetLineStart(line), GetLineEnd(line) - GetLineStart(line));

    public string ToString(TextSpan span) => Text.Substring(span.Start, Math.Min(span.Length, Text.Length - span.Start));

    private static int[] ComputeLineStarts(string text)
    {
        // Computed for each keystroke's new text: without carriage returns, counted first into an array of the exact size
        // (a list and its copy were 0.12 MB of a keystroke in a 10,015-line file).
        if (!text.Contains('\r'))
        {
            var lineStarts = new int[text.AsSpan().Count('\n') + 1];
            for (int line = 1, from = 0; line < lineStarts.Length; line++)
            {
                from += text.AsSpan(from).IndexOf('\n') + 1;
                lineStarts[line] = from;
            }

            return lineStarts;
        }

        var starts = new List<int>(Math.Max(16, text.Length / 32)) { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            var character = text[i];
            if (character == '\r')
            {
                if (i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                starts.Add(i + 1);
            }
            else if (character == '\n')
            {
                starts.Add(i + 1);
            }
        }

        return starts.ToArray();
    }
}
