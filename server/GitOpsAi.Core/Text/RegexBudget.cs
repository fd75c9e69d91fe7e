using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace GitOpsAi.Core.Text;

/// <summary>
/// Regular expressions from the repository's configuration (rule parameters in rules.yaml), with a time budget for the
/// whole run and not only per match: a pattern that times out (on every attempt: <see cref="StallTolerant"/>), or whose matches add up to more than
/// <see cref="PerPatternBudget"/> while costing more than <see cref="SlowMatch"/> each on average, is not evaluated
/// again while this budget lives (one configuration, one run) and is reported at its line in the configuration.
/// Without it, a backtracking pattern costs its timeout on every value it sees: 30 containers, 30 seconds. The average
/// keeps a cheap pattern alive however often it runs: matched against 50,000 images, or through a long editing
/// session that keeps one configuration, a microsecond pattern adds up to a second too, and must not stop matching.
/// An invalid or exhausted pattern does not match.
/// </summary>
public sealed class RegexBudget
{
    public static readonly TimeSpan PerMatchTimeout = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan PerPatternBudget = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan SlowMatch = TimeSpan.FromMilliseconds(1);

    private readonly ConcurrentDictionary<(string Pattern, RegexOptions Options), Entry> _entries = new();
    private readonly ConcurrentDictionary<string, string> _exceeded = new(StringComparer.Ordinal);

    /// <summary>Patterns (as written in the configuration) that ran out of time, with why.</summary>
    public IReadOnlyDictionary<string, string> Exceeded => _exceeded;

    /// <summary>True once a pattern ran out of time (from then on it does not match: answers remembered before may differ).</summary>
    /// <remarks>A flag, not the dictionary's IsEmpty: an empty ConcurrentDictionary answers IsEmpty by taking every lock.</remarks>
    public bool AnyExceeded => _anyExceeded;

    private volatile bool _anyExceeded;

    /// <param name="written">The pattern as the user wrote it, when <paramref name="pattern"/> wraps it (anchors...).</param>
    public bool IsMatch(string input, string pattern, RegexOptions options = RegexOptions.None, string? written = null)
    {
        var entry = _entries.GetOrAdd((pattern, options | RegexOptions.CultureInvariant), key => new Entry(key.Pattern, key.Options));
        if (entry.Regex is null || entry.IsExhausted)
        {
            return false;
        }

        var started = Stopwatch.GetTimestamp();
        var paused = GC.GetTotalPauseDuration();
        try
        {
            return StallTolerant.IsMatch(entry.Regex, input);
        }
        catch (RegexMatchTimeoutException)
        {
            Exhaust(entry, written ?? pattern, $"one match took longer than {PerMatchTimeout.TotalMilliseconds:0} ms");
            return false;
        }
        finally
        {
            // GC pauses stop every thread: a match they interrupt did not cost that time, and on a loaded machine
            // counting it would stop a cheap pattern in some runs and not in others.
            var pauseTicks = (long)((GC.GetTotalPauseDuration() - paused).TotalSeconds * Stopwatch.Frequency);
            var total = Interlocked.Add(ref entry.ElapsedTicks, Math.Max(0, Stopwatch.GetTimestamp() - started - pauseTicks));
            var matches = Interlocked.Increment(ref entry.Matches);
            if (!entry.IsExhausted && Stopwatch.GetElapsedTime(0, total) > PerPatternBudget && Stopwatch.GetElapsedTime(0, total / matches) > SlowMatch)
            {
                Exhaust(entry, written ?? pattern, $"its matches took longer than {PerPatternBudget.TotalSeconds:0} s in all");
            }
        }
    }

    private void Exhaust(Entry entry, string written, string why)
    {
        entry.IsExhausted = true;
        _exceeded.TryAdd(written, why);
        _anyExceeded = true;
    }

    private sealed class Entry
    {
        public Entry(string pattern, RegexOptions options)
        {
            try
            {
                Regex = new Regex(pattern, options, PerMatchTimeout);
            }
            catch (ArgumentException)
            {
                Regex = null;
            }
        }

        public Regex? Regex { get; }

        public long ElapsedTicks;

        public long Matches;

        public volatile bool IsExhausted;
    }
}
