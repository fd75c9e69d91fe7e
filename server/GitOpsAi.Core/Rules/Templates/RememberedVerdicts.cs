using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using GitOpsAi.Core.Text;

namespace GitOpsAi.Core.Rules.Templates;

/// <summary>
/// A rule's yes/no answer about a value (an env var name, an image) that depends only on the value and the rule's
/// configured patterns, remembered per configuration (its <see cref="RegexBudget"/>) and parameters: the same names and
/// images recur in every workload of a repository, and matching each against a dozen patterns again was most of those
/// rules' time at 50,000 resources (issue 13). Once a pattern of the configuration ran out of time it matches nothing
/// from then on, so answers are no longer remembered nor taken from memory: each is worked out as without the memo.
/// </summary>
internal static class RememberedVerdicts
{
    /// <summary>At most this many values per parameters (an editor session sees many configurations and values).</summary>
    internal const int MaxValues = 4096;

    private static readonly ConditionalWeakTable<RegexBudget, ConditionalWeakTable<object, Verdicts>> ByConfiguration = new();

    public static bool Get<TState>(RegexBudget regexes, object parameters, string value, TState state, Func<TState, string, bool> compute)
    {
        if (regexes.AnyExceeded)
        {
            return compute(state, value);
        }

        var verdicts = ByConfiguration.GetValue(regexes, _ => new()).GetValue(parameters, _ => new());
        if (verdicts.Answers.TryGetValue(value, out var known))
        {
            return known;
        }

        var verdict = compute(state, value);
        if (Volatile.Read(ref verdicts.Count) < MaxValues && verdicts.Answers.TryAdd(value, verdict))
        {
            Interlocked.Increment(ref verdicts.Count);
        }

        return verdict;
    }

    /// <summary>
    /// A rule's answer about a value that is more than yes or no (how a value looks like a secret, or null), remembered
    /// like a verdict: it depends on the value and the configuration only. The same value is classified in its source file
    /// and in every overlay's render of it (four times at 50,000 resources). Recent values are kept: two generations of
    /// <see cref="MaxValues"/>, the older dropped when the newer fills (the renders of a base are checked together).
    /// </summary>
    public static TAnswer? Answer<TKey, TState, TAnswer>(RegexBudget regexes, object parameters, TKey key, TState state, Func<TState, TKey, TAnswer?> compute)
        where TKey : notnull
        where TAnswer : class
    {
        if (regexes.AnyExceeded)
        {
            return compute(state, key);
        }

        var answers = AnswerTables<TKey, TAnswer>.ByConfiguration.GetValue(regexes, _ => new()).GetValue(parameters, _ => new());
        if (Volatile.Read(ref answers.Current).TryGetValue(key, out var known) || Volatile.Read(ref answers.Previous).TryGetValue(key, out known))
        {
            return known;
        }

        var answer = compute(state, key);
        if (regexes.AnyExceeded)
        {
            return answer; // a pattern ran out of time while this was worked out: it may have matched nothing because of that
        }

        var current = Volatile.Read(ref answers.Current);
        if (current.TryAdd(key, answer) && Interlocked.Increment(ref answers.Count) >= MaxValues)
        {
            Volatile.Write(ref answers.Previous, current);
            Volatile.Write(ref answers.Current, new ConcurrentDictionary<TKey, TAnswer?>());
            Interlocked.Exchange(ref answers.Count, 0);
        }

        return answer;
    }

    private static class AnswerTables<TKey, TAnswer>
        where TKey : notnull
        where TAnswer : class
    {
        public static readonly ConditionalWeakTable<RegexBudget, ConditionalWeakTable<object, Answers<TKey, TAnswer>>> ByConfiguration = new();
    }

    private sealed class Answers<TKey, TAnswer>
        where TKey : notnull
        where TAnswer : class
    {
        public ConcurrentDictionary<TKey, TAnswer?> Current = new();
        public ConcurrentDictionary<TKey, TAnswer?> Previous = new();

        /// <summary>Counted here: the dictionary's Count takes every lock.</summary>
        public int Count;
    }

    private sealed class Verdicts
    {
        public readonly ConcurrentDictionary<string, bool> Answers = new(StringComparer.Ordinal);

        /// <summary>Counted here: the dictionary's Count takes every lock.</summary>
        public int Count;
    }
}
