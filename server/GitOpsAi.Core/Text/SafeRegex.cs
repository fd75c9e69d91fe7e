using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace GitOpsAi.Core.Text;

/// <summary>
/// Regular expressions from rule parameters and policies, compiled once and matched with a timeout. A pattern that is
/// invalid or times out (a pathological pattern, or a long GC pause on a loaded machine) simply does not match: a
/// rule must never take the analysis down.
/// </summary>
public static class SafeRegex
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);
    private static readonly ConcurrentDictionary<(string, RegexOptions), Regex?> Cache = new();

    public static bool IsMatch(string input, string pattern, RegexOptions options = RegexOptions.None)
    {
        var regex = Cache.GetOrAdd((pattern, options | RegexOptions.CultureInvariant), key =>
        {
            try
            {
                return new Regex(key.Item1, key.Item2, Timeout);
            }
            catch (ArgumentException)
            {
                return null;
            }
        });

        if (regex is null)
        {
            return false;
        }

        try
        {
            return StallTolerant.IsMatch(regex, input);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
