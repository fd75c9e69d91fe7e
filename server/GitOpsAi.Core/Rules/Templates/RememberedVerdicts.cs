using System.Runtime.CompilerServices;
using GitOpsAi.Core.Text;

namespace GitOpsAi.Core.Rules.Templates;

/// <summary>
/// A rule's answer about a value (an env var name, an image, how a value looks like a secret) that depends only on the
/// value and the rule's configured patterns, remembered per configuration (its <see cref="RegexBudget"/>) and
/// parameters: the same names, images and values recur in every workload of a repository and in every overlay's render
/// of it, and matching each against a dozen patterns again was most of those rules' time at 50,000 resources (issue 13).
/// Once a pattern of the configuration ran out of time it matches nothing from then on, so answers are no longer
/// remembered nor taken from memory: each is worked out as without the memo.
/// </summary>
internal static class RememberedVerdicts
{
    // Boxed once: a yes/no verdict is remembered as one of these two objects.
    private static readonly object Yes = true;
    private static readonly object No = false;

    /// <summary>A yes/no verdict, remembered like any <see cref="Answer"/>.</summary>
    public static bool Get<TState>(RegexBudget regexes, object parameters, string value, TState state, Func<TState, string, bool> compute) =>
        (bool)Answer(regexes, parameters, value, (state, compute), static (s, v) => s.compute(s.state, v) ? Yes : No)!;

    /// <summary>
    /// The answer about <paramref name="key"/> (null is an answer too). Recent keys are kept, one per slot of a table of
    /// <see cref="AnswerSlots"/> (a key takes the slot of its hash): no lock, nothing to clear, and a key whose slot another
    /// took is worked out again. A concurrent dictionary's locks, taken for nearly every new value by two threads at once,
    /// cost more than the answers saved.
    /// </summary>
    public static TAnswer? Answer<TKey, TState, TAnswer>(RegexBudget regexes, object parameters, TKey key, TState state, Func<TState, TKey, TAnswer?> compute)
        where TKey : notnull
        where TAnswer : class
    {
        if (regexes.AnyExceeded)
        {
            return compute(state, key);
        }

        var slots = AnswerTables<TKey, TAnswer>.For(regexes, parameters);
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

    /// <summary>How many (configuration, parameters) tables each thread finds without the weak tables.</summary>
    internal const int RecentTables = 4;

    private static class AnswerTables<TKey, TAnswer>
        where TKey : notnull
        where TAnswer : class
    {
        public static readonly ConditionalWeakTable<RegexBudget, ConditionalWeakTable<object, AnswerSlotsOf<TKey, TAnswer>>> ByConfiguration = new();

        /// <summary>
        /// The tables this thread asked for last, newest first: two weak-table lookups per answer were a third of the
        /// remembered answers' time (several rules with their own parameters take turns, so a few are kept). Holds the
        /// configurations it names, at most <see cref="RecentTables"/> per thread.
        /// </summary>
        [ThreadStatic]
        private static (RegexBudget Regexes, object Parameters, AnswerSlotsOf<TKey, TAnswer> Slots)[]? _recent;

        public static AnswerSlotsOf<TKey, TAnswer> For(RegexBudget regexes, object parameters)
        {
            var recent = _recent ??= new (RegexBudget, object, AnswerSlotsOf<TKey, TAnswer>)[RecentTables];
            for (var i = 0; i < recent.Length; i++)
            {
                if (ReferenceEquals(recent[i].Regexes, regexes) && ReferenceEquals(recent[i].Parameters, parameters))
                {
                    return recent[i].Slots;
                }
            }

            var slots = ByConfiguration.GetValue(regexes, _ => new()).GetValue(parameters, _ => new());
            Array.Copy(recent, 0, recent, 1, recent.Length - 1);
            recent[0] = (regexes, parameters, slots);
            return slots;
        }
    }

    private sealed class AnswerSlotsOf<TKey, TAnswer>
        where TKey : notnull
        where TAnswer : class
    {
        public readonly Answered<TKey, TAnswer>?[] Entries = new Answered<TKey, TAnswer>?[AnswerSlots];
    }

    /// <summary>One remembered answer (replaced whole, so a reader sees a key with its own answer).</summary>
    private sealed record Answered<TKey, TAnswer>(TKey Key, TAnswer? Answer);
}
