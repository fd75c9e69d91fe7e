using System.IO.Pipelines;
using System.Text;
using System.Text.Json;

namespace GitOpsAi.LanguageServer.Framework;

/// <summary>
/// Sits between stdin and the JSON-RPC reader. StreamJsonRpc drops the whole connection on a frame it cannot parse;
/// a client that sends garbage must get a log line instead, and the server must carry on. So frames are read and
/// checked here (headers, length, JSON, a JSON-RPC shape) and only sound frames are passed on, re-framed.
/// </summary>
internal sealed class ResilientInput
{
    private const int MaxFrameBytes = 512 * 1024 * 1024;
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();

    private readonly Stream _source;
    private readonly ServerLog _log;
    private readonly Pipe _pipe = new(new PipeOptions(pauseWriterThreshold: 0));

    public ResilientInput(Stream source, ServerLog log)
    {
        _source = source;
        _log = log;
    }

    /// <summary>The checked stream to hand to the JSON-RPC message handler.</summary>
    public Stream Reader => _pipe.Reader.AsStream();

    public Task PumpAsync(CancellationToken cancellationToken) => Task.Run(() => PumpCoreAsync(cancellationToken), cancellationToken);

    private async Task PumpCoreAsync(CancellationToken cancellationToken)
    {
        var buffer = new List<byte>(64 * 1024);
        var chunk = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await _source.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                buffer.AddRange(chunk.AsSpan(0, read));
                while (TryTakeFrame(buffer, out var body))
                {
                    if (body is not null)
                    {
                        await ForwardAsync(body, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException exception)
        {
            _log.Trace($"input closed: {exception.Message}");
        }

        await _pipe.Writer.CompleteAsync().ConfigureAwait(false);
    }

    /// <summary>Takes one frame off the front of the buffer; body is null when the frame was rejected (and logged).</summary>
    private bool TryTakeFrame(List<byte> buffer, out byte[]? body)
    {
        body = null;
        var bytes = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(buffer);
        var headerEnd = bytes.IndexOf(HeaderEnd);
        if (headerEnd < 0)
        {
            if (buffer.Count > 64 * 1024)
            {
                _log.Warning("Discarded 64 KB of input that holds no LSP header.");
                buffer.Clear();
            }

            return false;
        }

        var headers = Encoding.ASCII.GetString(bytes[..headerEnd]);
        var length = ContentLength(headers);
        if (length is null or < 0 or > MaxFrameBytes)
        {
            _log.Warning($"Discarded a message with an unusable header: {Shorten(headers)}");
            buffer.RemoveRange(0, headerEnd + HeaderEnd.Length);
            return true;
        }

        var frameLength = headerEnd + HeaderEnd.Length + length.Value;
        if (buffer.Count < frameLength)
        {
            return false;
        }

        var content = bytes.Slice(headerEnd + HeaderEnd.Length, length.Value).ToArray();
        buffer.RemoveRange(0, frameLength);
        if (!IsJsonRpcMessage(content, out var problem))
        {
            _log.Warning($"Discarded a malformed message ({problem}): {Shorten(Encoding.UTF8.GetString(content))}");
            return true;
        }

        body = content;
        return true;
    }

    private async Task ForwardAsync(byte[] body, CancellationToken cancellationToken)
    {
        var header = Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n");
        await _pipe.Writer.WriteAsync(header, cancellationToken).ConfigureAwait(false);
        await _pipe.Writer.WriteAsync(body, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The Content-Length value, found even behind junk that preceded the header (resynchronising after garbage).</summary>
    private static int? ContentLength(string headers)
    {
        var at = headers.LastIndexOf("Content-Length:", StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return null;
        }

        var value = headers[(at + "Content-Length:".Length)..];
        var end = value.IndexOf('\r');
        return int.TryParse((end < 0 ? value : value[..end]).Trim(), out var length) ? length : null;
    }

    private static bool IsJsonRpcMessage(byte[] content, out string problem)
    {
        try
        {
            using var document = JsonDocument.Parse(content);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problem = "not a JSON object";
                return false;
            }

            if (!root.TryGetProperty("method", out var method) && !root.TryGetProperty("id", out _))
            {
                problem = "neither a request, a notification nor a response";
                return false;
            }

            if (method.ValueKind is not (JsonValueKind.String or JsonValueKind.Undefined))
            {
                problem = "the method is not a string";
                return false;
            }

            problem = string.Empty;
            return true;
        }
        catch (JsonException exception)
        {
            problem = "invalid JSON: " + exception.Message;
            return false;
        }
    }

    private static string Shorten(string text) => text.Length <= 120 ? text : text[..117] + "...";
}
