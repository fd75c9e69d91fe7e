using GitOpsAi.Core.Expressions.JmesPath;

namespace GitOpsAi.Core.Kyverno.Mutation;

/// <summary>The patches of a mutate block (or of one of its foreach entries), as written (variables not yet substituted).</summary>
internal sealed record MutatePatches(JValue? PatchStrategicMerge, string? PatchesJson6902);

/// <summary>A mutate.foreach entry (possibly nested).</summary>
internal sealed class ForEachMutation
{
    public required string List { get; init; }

    public IReadOnlyList<ContextVariable> Context { get; init; } = [];

    public ConditionBlock? Preconditions { get; init; }

    public required MutatePatches Patches { get; init; }

    /// <summary>Elements are visited last to first: Kyverno's default for patchStrategicMerge, or <c>order: Descending</c>.</summary>
    public bool Reverse { get; init; }

    public IReadOnlyList<ForEachMutation>? ForEach { get; init; }
}

/// <summary>
/// A mutate rule's block: patches on the admitted object, or foreach entries over its lists; with <see cref="Targets"/>,
/// the patches apply to those existing objects instead (mutate-existing), not to the trigger.
/// </summary>
internal sealed partial record MutateBlock(MutatePatches Patches, IReadOnlyList<ForEachMutation>? ForEach)
{
    public IReadOnlyList<MutateTarget>? Targets { get; init; }

    /// <summary>Parses the block; what cannot be evaluated is added to <paramref name="reasons"/>.</summary>
    public static MutateBlock Parse(JObject mutate, List<string> reasons)
    {
        var targets = mutate.Get("targets") is JArray { Items.Count: > 0 } list0 ? MutateTarget.ParseAll(list0, reasons) : null;

        var forEach = mutate.Get("foreach") is JArray list ? ParseForEach(list, reasons) : null;
        if (targets is not null && forEach is not null)
        {
            reasons.Add("it mutates existing resources with foreach");
        }

        var patches = ParsePatches(mutate, reasons);
        if (patches.PatchStrategicMerge is null && patches.PatchesJson6902 is null && forEach is null && reasons.Count == 0)
        {
            reasons.Add("its mutate block has no patchStrategicMerge, patchesJson6902 or foreach");
        }

        return new MutateBlock(patches, forEach) { Targets = targets };
    }

    private static MutatePatches ParsePatches(JObject block, List<string> reasons)
    {
        var json6902 = block.Get("patchesJson6902");
        if (json6902 is not null and not JString)
        {
            reasons.Add("its patchesJson6902 is not a string");
        }

        if (json6902 is JString text && NegativeIndex().IsMatch(text.Value))
        {
            // json-patch's negative indices (with Kyverno's add-creates-parents option) are not reproduced.
            reasons.Add("its JSON patch uses negative list indices");
        }

        return new MutatePatches(block.Get("patchStrategicMerge"), (json6902 as JString)?.Value);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"/-[0-9]+(?=/|""|'|\s|$)", System.Text.RegularExpressions.RegexOptions.Multiline)]
    private static partial System.Text.RegularExpressions.Regex NegativeIndex();

    private static IReadOnlyList<ForEachMutation> ParseForEach(JArray list, List<string> reasons)
    {
        var result = new List<ForEachMutation>();
        foreach (var item in list.Items.OfType<JObject>())
        {
            if (item.Get("list") is not JString listExpression)
            {
                reasons.Add("a foreach entry has no list");
                continue;
            }

            var patches = ParsePatches(item, reasons);
            var order = (item.Get("order") as JString)?.Value;
            result.Add(new ForEachMutation
            {
                List = listExpression.Value,
                Context = KyvernoPolicyLoader.ParseContext(item.Get("context"), reasons),
                Preconditions = KyvernoPolicyLoader.ParseConditions(item.Get("preconditions"), reasons),
                Patches = patches,
                Reverse = order is null ? patches.PatchStrategicMerge is not null : order == "Descending",
                ForEach = item.Get("foreach") is JArray nested ? ParseForEach(nested, reasons) : null,
            });
        }

        return result;
    }
}
