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
    private readonly PipedOutput? _utf8Output;
    private readonly MemoryStream _buffer = new();

    /// <param name="utf8Output">
    /// The stream under <paramref name="output"/> when it takes UTF-8 as it is (<see cref="Utf8Stdout"/>): the pieces go
    /// there as written, instead of being decoded to text and encoded back to the same bytes (23 MB at 50,000 resources).
    /// </param>
    public StreamedJson(TextWriter output, Stream? utf8Output = null)
    {
        _output = output;
        _utf8Output = utf8Output is null ? null : new PipedOutput(utf8Output);
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
        if (_utf8Output is not null)
        {
            _utf8Output.Write(Encoding.UTF8.GetBytes(_output.NewLine));
            _utf8Output.Complete();
            return;
        }

        _output.WriteLine();
    }

    public void Dispose()
    {
        _utf8Output?.Dispose();
        Writer.Dispose();
        _buffer.Dispose();
    }

    private void Flush()
    {
        // The writer flushes whole tokens, so a piece never ends inside a multi-byte character.
        Writer.Flush();
        if (_utf8Output is not null)
        {
            _utf8Output.Write(_buffer.GetBuffer().AsSpan(0, (int)_buffer.Length));
        }
        else
        {
            _output.Write(Encoding.UTF8.GetString(_buffer.GetBuffer(), 0, (int)_buffer.Length));
        }

        _buffer.SetLength(0);
    }
}
