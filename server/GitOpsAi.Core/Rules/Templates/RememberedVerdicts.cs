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
    /// and in every overlay's render of it (four times at 50,000 resources). Recent values are kept, one per slot of a
    /// table of <see cref="AnswerSlots"/> (a value takes the slot of its hash): no lock, nothing to clear, and a value whose
    /// slot another took is worked out again. A concurrent dictionary's locks, taken for nearly every new value by two
    /// threads at once, cost more than the answers saved.
    /// </summary>
    public static TAnswer? Answer<TKey, TState, TAnswer>(RegexBudget regexes, object parameters, TKey key, TState state, Func<TState, TKey, TAnswer?> compute)
        where TKey : notnull
        where TAnswer : class
    {
        if (regexes.AnyExceeded)
        {
            return compute(state, key);
        }

        var slots = AnswerTables<TKey, TAnswer>.ByConfiguration.GetValue(regexes, _ => new()).GetValue(parameters, _ => new());
        var slot = EqualityComparer<TKey>.Default.GetHashCode(key) & (AnswerSlots - 1);
        if (Volatile.Read(ref slots.Entries[slot]) is { } known && EqualityComparer<TKey>.Default.Equals(known.Key, key))
        {
            return known.Answer;
        }

        var answer = compute(state, key);

        // Not kept when a pattern ran out of time while this was worked out: it may have matched nothing because of that.
        if (!regexes.AnyExceeded)
        {
            Volatile.Write(ref slots.Entries[slot], new Answered<TKey, TAnswer>(key, answer));
        }

        return answer;
    }

    /// <summary>
    /// The 50,000-resource check asks 221,000 times about 12,300 different values (24,500 values and parameters): with 8,192
    /// slots, 44,000 were worked out (31,000 after another value took the slot); with 65,536, 29,000 (6,500 after another
    /// value took the slot), nearly only first sightings. 512 KB a table (per configuration and parameters).
    /// </summary>
    internal const int AnswerSlots = 65536;

    private static class AnswerTables<TKey, TAnswer>
        where TKey : notnull
        where TAnswer : class
    {
        public static readonly ConditionalWeakTable<RegexBudget, ConditionalWeakTable<object, AnswerSlotsOf<TKey, TAnswer>>> ByConfiguration = new();
    }

    private sealed class AnswerSlotsOf<TKey, TAnswer>
        where TKey : notnull
        where TAnswer : class
    {
        public readonly Answered<TKey, TAnswer>?[] Entries = new Answered<TKey, TAnswer>?[AnswerSlots];
    }

    /// <summary>One remembered answer (replaced whole, so a reader sees a key with its own answer).</summary>
    private sealed record Answered<TKey, TAnswer>(TKey Key, TAnswer? Answer);

    private sealed class Verdicts
    {
        public readonly ConcurrentDictionary<string, bool> Answers = new(StringComparer.Ordinal);

        /// <summary>Counted here: the dictionary's Count takes every lock.</summary>
        public int Count;
    }
}
