using System.Collections.Concurrent;

namespace GitOpsAi.LanguageServer.Services;

/// <summary>
/// Documents waiting for analysis, each once ("latest wins": a document scheduled again before its turn is analysed
/// once, at its newest text). <c>reparse</c> is false when only the document's context changed.
/// </summary>
internal sealed class AnalysisQueue
{
    private readonly ConcurrentDictionary<string, bool> _pending = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    public bool IsEmpty => _pending.IsEmpty;

    public void Add(string uri, bool reparse)
    {
        var added = false;
        _pending.AddOrUpdate(uri, _ => { added = true; return reparse; }, (_, existing) => existing || reparse);
        if (added)
        {
            _order.Enqueue(uri);
        }
    }

    /// <summary>The longest-waiting document.</summary>
    public bool TryTake(out string uri, out bool reparse)
    {
        while (_order.TryDequeue(out var next))
        {
            if (_pending.TryRemove(next, out reparse))
            {
                uri = next;
                return true;
            }
        }

        uri = string.Empty;
        reparse = false;
        return false;
    }
}
