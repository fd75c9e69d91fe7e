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

        applicable = [.. rules.Where(rule => rule.Definition.AppliesTo(kind))];
        byKind[kind] = applicable;
        return applicable;
    }

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
