using System.Text;
using System.Text.Json;

namespace GitOpsAi.Cli.Reporting;

/// <summary>
/// A JSON writer that hands its output to a <see cref="TextWriter"/> in pieces of about 64 KB. A report of 185,000
/// findings is 65 MB of UTF-8: gathered whole, then copied, then decoded, it held 260 MB at the very end of a check.
/// </summary>
internal sealed class StreamedJson : IDisposable
{
    private const int PieceBytes = 64 * 1024;

    private readonly TextWriter _output;
    private readonly MemoryStream _buffer = new();

    public StreamedJson(TextWriter output)
    {
        _output = output;
        Writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Indented = true });
    }

    public Utf8JsonWriter Writer { get; }

    /// <summary>Passes on what is written so far once a piece has gathered; call it between values, never inside a string.</summary>
    public void FlushIfLarge()
    {
        if (Writer.BytesPending + _buffer.Length >= PieceBytes)
        {
            Flush();
        }
    }

    /// <summary>Passes on the rest, and the final line break.</summary>
    public void Complete()
    {
        Flush();
        _output.WriteLine();
    }

    public void Dispose()
    {
        Writer.Dispose();
        _buffer.Dispose();
    }

    private void Flush()
    {
        // The writer flushes whole tokens, so a piece never ends inside a multi-byte character.
        Writer.Flush();
        _output.Write(Encoding.UTF8.GetString(_buffer.GetBuffer(), 0, (int)_buffer.Length));
        _buffer.SetLength(0);
    }
}
