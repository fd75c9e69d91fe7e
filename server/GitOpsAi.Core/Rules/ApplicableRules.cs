using System.Runtime.CompilerServices;

namespace GitOpsAi.Core.Rules;

/// <summary>
/// The rules of a list whose scope takes a kind, in the list's order. Asked for every checked object: matching each
/// rule's scope against the kind (about 80 rules, each a few string comparisons) was redone for each of the 150,000
/// rendered objects of a 50,000-resource check, for an answer that depends on the list and the kind only. Remembered per
/// thread for the last few lists (the snapshot's rules, the rendered siblings' rules), bounded in kinds.
/// </summary>
internal static class ApplicableRules
{
    private const int Lists = 4;
    private const int MaxKinds = 1024;

    [ThreadStatic]
    private static (IReadOnlyList<EffectiveRule> Rules, Dictionary<string, EffectiveRule[]> ByKind)[]? _recent;

    public static EffectiveRule[] Of(IReadOnlyList<EffectiveRule> rules, string kind)
    {
        var byKind = ByKindFor(rules);
        if (byKind.TryGetValue(kind, out var applicable))
        {
            return applicable;
        }

        if (byKind.Count >= MaxKinds)
        {
            byKind.Clear(); // a repository of many custom kinds: what repeats comes back at once
        }

        applicable = Applicable(rules, kind);
        byKind[kind] = applicable;
        return applicable;
    }

    // Apart from Of: the lambda's capture of the kind made a closure on entry, for every object, remembered or not.
    private static EffectiveRule[] Applicable(IReadOnlyList<EffectiveRule> rules, string kind) => [.. rules.Where(rule => rule.Definition.AppliesTo(kind))];

    /// <summary>
    /// <see cref="Of(IReadOnlyList{EffectiveRule}, string)"/> without the rules named in <paramref name="skipped"/> (a
    /// rendered object's checks skip the cross-object rules): asking the set for every rule of every rendered object was
    /// 1 % of a 50k check's CPU, for an answer that depends on the list and the set only.
    /// </summary>
    public static EffectiveRule[] Of(IReadOnlyList<EffectiveRule> rules, string kind, IReadOnlySet<string>? skipped) =>
        Of(skipped is null ? rules : Without(rules, skipped), kind);

    private static readonly ConditionalWeakTable<IReadOnlyList<EffectiveRule>, ConditionalWeakTable<IReadOnlySet<string>, IReadOnlyList<EffectiveRule>>> Kept = new();

    [ThreadStatic]
    private static (IReadOnlyList<EffectiveRule>? Rules, IReadOnlySet<string>? Skipped, IReadOnlyList<EffectiveRule> Kept) _lastKept;

    /// <summary>The rules not in <paramref name="skipped"/>, in order: one list per (rules, set), so <see cref="ByKindFor"/> finds it again.</summary>
    internal static IReadOnlyList<EffectiveRule> Without(IReadOnlyList<EffectiveRule> rules, IReadOnlySet<string> skipped)
    {
        var last = _lastKept;
        if (ReferenceEquals(last.Rules, rules) && ReferenceEquals(last.Skipped, skipped))
        {
            return last.Kept;
        }

        var kept = KeptOf(rules, skipped);
        _lastKept = (rules, skipped, kept);
        return kept;
    }

    // Its own method: the lambda's capture of the rules made a closure on entry, for every object, remembered or not.
    private static IReadOnlyList<EffectiveRule> KeptOf(IReadOnlyList<EffectiveRule> rules, IReadOnlySet<string> skipped) =>
        Kept.GetValue(rules, _ => new()).GetValue(skipped, set => rules.Where(rule => !set.Contains(rule.Definition.Id)).ToList());

    private static Dictionary<string, EffectiveRule[]> ByKindFor(IReadOnlyList<EffectiveRule> rules)
    {
        var recent = _recent ??= new (IReadOnlyList<EffectiveRule>, Dictionary<string, EffectiveRule[]>)[Lists];
        for (var i = 0; i < recent.Length; i++)
        {
            if (ReferenceEquals(recent[i].Rules, rules))
            {
                return recent[i].ByKind;
            }
        }

        // The oldest list makes room: the others move down one.
        Array.Copy(recent, 0, recent, 1, recent.Length - 1);
        recent[0] = (rules, new Dictionary<string, EffectiveRule[]>(StringComparer.Ordinal));
        return recent[0].ByKind;
    }
}
