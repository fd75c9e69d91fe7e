using GitOpsAi.LanguageServer.Protocol;

namespace GitOpsAi.LanguageServer.Framework;

/// <summary>
/// Logging never touches stdout (the protocol): lines go to stderr, and to the client as window/logMessage once the
/// connection is up.
/// </summary>
internal sealed class ServerLog
{
    private readonly TextWriter _stderr;
    private Action<LogMessageParams>? _toClient;

    public ServerLog(TextWriter stderr) => _stderr = stderr;

    public bool Verbose { get; set; }

    public void AttachClient(Action<LogMessageParams> toClient) => _toClient = toClient;

    public void Error(string message) => Write(MessageType.Error, message);

    public void Warning(string message) => Write(MessageType.Warning, message);

    public void Info(string message) => Write(MessageType.Info, message);

    public void Trace(string message)
    {
        if (Verbose)
        {
            Write(MessageType.Log, message);
        }
    }

    private void Write(int type, string message)
    {
        lock (_stderr)
        {
            _stderr.WriteLine($"[gitops-ai {DateTime.Now:HH:mm:ss.fff}] {message}");
            _stderr.Flush();
        }

        try
        {
            _toClient?.Invoke(new LogMessageParams(type, message));
        }
        catch (Exception)
        {
            // The connection may be gone; stderr has the line.
        }
    }
}
