using GitOpsAi.Core.Expressions.JmesPath;

namespace GitOpsAi.Core.Kyverno.Mutation;

/// <summary>
/// One entry of <c>mutate.targets</c>: the existing objects a mutate-existing rule patches when its trigger is admitted.
/// Name and namespace may hold variables and wildcards (empty: every object of the kind); <c>selector.matchLabels</c>
/// narrows them.
/// </summary>
internal sealed record MutateTarget(string? ApiVersion, string Kind, string? Name, string? Namespace, IReadOnlyDictionary<string, string> MatchLabels)
{
    public IReadOnlyList<ContextVariable> Context { get; init; } = [];

    public ConditionBlock? Preconditions { get; init; }

    /// <summary>The group of <see cref="ApiVersion"/> ("" for the core group).</summary>
    public string Group => ApiVersion is { } v && v.IndexOf('/') is var slash and > 0 ? v[..slash] : string.Empty;

    public static IReadOnlyList<MutateTarget> ParseAll(JArray targets, List<string> reasons)
    {
        var result = new List<MutateTarget>();
        foreach (var item in targets.Items.OfType<JObject>())
        {
            if (item.Get("kind") is not JString kind)
            {
                reasons.Add("a mutate target names no kind");
                continue;
            }

            var selector = item.Get("selector") as JObject;
            if (selector?.Get("matchExpressions") is not null)
            {
                reasons.Add("a mutate target selects by matchExpressions");
            }

            var labels = (selector?.Get("matchLabels") as JObject)?.Entries.ToDictionary(e => e.Key, e => e.Value.ToSubstitutionText(), StringComparer.Ordinal)
                ?? new Dictionary<string, string>(StringComparer.Ordinal);
            result.Add(new MutateTarget((item.Get("apiVersion") as JString)?.Value, kind.Value, (item.Get("name") as JString)?.Value, (item.Get("namespace") as JString)?.Value, labels)
            {
                Context = KyvernoPolicyLoader.ParseContext(item.Get("context"), reasons),
                Preconditions = KyvernoPolicyLoader.ParseConditions(item.Get("preconditions"), reasons),
            });
        }

        return result;
    }
}
