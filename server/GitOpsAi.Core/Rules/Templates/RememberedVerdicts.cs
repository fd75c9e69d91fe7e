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

    private sealed class Verdicts
    {
        public readonly ConcurrentDictionary<string, bool> Answers = new(StringComparer.Ordinal);

        /// <summary>Counted here: the dictionary's Count takes every lock.</summary>
        public int Count;
    }
}
