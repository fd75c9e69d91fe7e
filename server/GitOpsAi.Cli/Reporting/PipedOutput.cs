using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace GitOpsAi.Cli.Reporting;

/// <summary>
/// Writes pieces of a report to a stream on a thread of its own, so the report goes on being formatted while the system
/// copies the last piece out (at 50,000 resources the writes to standard output were over half of the report's time on
/// one core). Pieces are written in the order given; a failure to write is thrown to the writer at its next piece or at
/// <see cref="Complete"/>, as the write itself would have thrown it.
/// </summary>
internal sealed class PipedOutput : IDisposable
{
    private readonly BlockingCollection<(byte[] Bytes, int Length)> _pieces = new(boundedCapacity: 16);
    private readonly Thread _thread;
    private ExceptionDispatchInfo? _failure;

    public PipedOutput(Stream output)
    {
        _thread = new Thread(() => WriteAll(output)) { IsBackground = true, Name = "report output" };
        _thread.Start();
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        Volatile.Read(ref _failure)?.Throw();
        var copy = ArrayPool<byte>.Shared.Rent(bytes.Length);
        bytes.CopyTo(copy);
        _pieces.Add((copy, bytes.Length));
    }

    /// <summary>Waits until every piece is written and flushed.</summary>
    public void Complete()
    {
        _pieces.CompleteAdding();
        _thread.Join();
        Volatile.Read(ref _failure)?.Throw();
    }

    public void Dispose()
    {
        if (!_pieces.IsAddingCompleted)
        {
            _pieces.CompleteAdding(); // a report that failed half-way: the thread ends with what it was given
        }

        _thread.Join();
        _pieces.Dispose();
    }

    private void WriteAll(Stream output)
    {
        try
        {
            foreach (var (bytes, length) in _pieces.GetConsumingEnumerable())
            {
                output.Write(bytes, 0, length);
                ArrayPool<byte>.Shared.Return(bytes);
            }

            output.Flush();
        }
        catch (Exception exception)
        {
            Volatile.Write(ref _failure, ExceptionDispatchInfo.Capture(exception));
            foreach (var _ in _pieces.GetConsumingEnumerable())
            {
                // Taken and dropped, so the writer never waits for room that will not come.
            }
        }
    }
}
