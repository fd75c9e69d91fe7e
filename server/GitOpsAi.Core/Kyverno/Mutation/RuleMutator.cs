using System.Globalization;
using GitOpsAi.Core.Expressions.JmesPath;
using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Kyverno.Mutation;

/// <summary>The outcome of one mutate rule on one object: the patched object (Pass), no change (Skip), or an error.</summary>
internal sealed record MutationResult(RuleStatus Status, JObject Object, string? Detail = null)
{
    /// <summary>The rule reads something from the cluster the repository does not have; the object is left as it was.</summary>
    public bool Unknown { get; init; }
}

/// <summary>
/// Applies one mutate rule to one object as Kyverno's engine does for a CREATE: context, preconditions, variables
/// substituted in the patch, then the patch (<c>patchStrategicMerge</c> with Kyverno's anchors, else
/// <c>patchesJson6902</c>), or each <c>foreach</c> entry over the elements of its list. The patches are applied by the
/// renderer's own strategic merge and JSON patch, so Kyverno and kustomize patches merge the same way.
/// </summary>
internal static class RuleMutator
{
    /// <summary>Elements one rule may visit on one object (nested foreach multiplies them).</summary>
    private const int MaxElements = 10_000;

    public static MutationResult Mutate(KyvernoRule rule, ResourceInfo resource, string? autogenKind)
    {
        if (autogenKind is not null)
        {
            rule = rule.AutogenCopy(autogenKind);
        }

        var mutate = rule.Mutate!;
        var original = resource.Object;
        try
        {
            var outcome = RuleEvaluator.TryAddContext(rule.Context, resource.RequestContext);
            if (outcome.Context is not { } context)
            {
                return outcome.Unknown is { } unknown
                    ? new MutationResult(RuleStatus.Skip, original, unknown) { Unknown = true }
                    : new MutationResult(RuleStatus.Error, original, outcome.Error);
            }

            if (rule.Preconditions is { } preconditions && !Conditions.Evaluate(preconditions, context).Passed)
            {
                return new MutationResult(RuleStatus.Skip, original);
            }

            var visited = 0;
            string? error = null;
            var patched = mutate.ForEach is { } forEach
                ? ForEach(forEach, original, context, resource, nesting: 0, ref visited, ref error)
                : TryApply(mutate.Patches, original, context, out error);
            if (patched is null)
            {
                return new MutationResult(RuleStatus.Error, original, error);
            }

            return JValue.DeepEquals(patched, original)
                ? new MutationResult(RuleStatus.Skip, original)
                : new MutationResult(RuleStatus.Pass, patched);
        }
        catch (UnknownContextException exception)
        {
            return new MutationResult(RuleStatus.Skip, original, exception.Message) { Unknown = true };
        }
        catch (Exception exception) when (exception is VariableException or JmesException or MutationException or System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            return new MutationResult(RuleStatus.Error, original, exception.Message);
        }
    }

    /// <summary>The target with every entry applied; null, with the error, when a patch's variable cannot be resolved.</summary>
    private static JObject? ForEach(IReadOnlyList<ForEachMutation> entries, JObject target, EvalContext context, ResourceInfo resource, int nesting, ref int visited, ref string? error)
    {
        if (nesting >= RuleEvaluator.MaxForEachNesting)
        {
            throw new MutationException($"its foreach nests deeper than {RuleEvaluator.MaxForEachNesting} levels");
        }

        foreach (var entry in entries)
        {
            var elements = RuleEvaluator.EvaluateList(entry.List, context).ToList();
            var patched = target;
            for (var position = 0; position < elements.Count; position++)
            {
                var index = entry.Reverse ? elements.Count - 1 - position : position;
                var element = elements[index];
                if (element.IsNull)
                {
                    continue;
                }

                if (++visited > MaxElements)
                {
                    throw new MutationException($"its foreach visits more than {MaxElements:N0} elements");
                }

                var indexValue = JValue.Number(index);
                var elementContext = RuleEvaluator.AddContext(entry.Context, context.With("element", element).With("elementIndex", indexValue)
                    .With("elementIndex" + nesting.ToString(CultureInfo.InvariantCulture), indexValue));
                if (entry.Preconditions is { } preconditions && !Conditions.Evaluate(preconditions, elementContext).Passed)
                {
                    continue;
                }

                var next = entry.ForEach is { } nested
                    ? ForEach(nested, patched, elementContext, resource, nesting + 1, ref visited, ref error)
                    : TryApply(entry.Patches, patched, elementContext, out error);
                if (next is null)
                {
                    return null;
                }

                patched = next;
            }

            // The next entry's request.object is the object as this one left it (Kyverno updates its context).
            target = patched;
            context = context.With("request", ((JObject)context.Root.Get("request")!).With(("object", target)));
        }

        return target;
    }

    /// <summary>Substitutes the patch's variables and applies it to <paramref name="target"/>; a strategic merge wins over a JSON patch.</summary>
    internal static JObject Apply(MutatePatches patches, JObject target, EvalContext context) =>
        TryApply(patches, target, context, out var error) ?? throw new VariableException(error!);

    /// <summary>
    /// <see cref="Apply"/>, but a variable of the patch that cannot be resolved gives null and what
    /// <see cref="VariableException"/> would say (some 500 patches of the corpus's objects) instead of the exception.
    /// </summary>
    internal static JObject? TryApply(MutatePatches patches, JObject target, EvalContext context, out string? error)
    {
        // The patch's variables first: one that cannot be resolved (some 500 patches of the corpus) then costs no copy
        // of the object. An object always converts to a map, so the order changes no outcome.
        error = null;
        JValue? strategic = null;
        string? operationsText = null;
        if (patches.PatchStrategicMerge is { } written
            && (strategic = Variables.TrySubstituteAll(written, context, lenient: false, out error)) is null)
        {
            return null;
        }

        if (strategic is null && patches.PatchesJson6902 is { } text)
        {
            if (Variables.TrySubstitute(JValue.String(text), context, lenient: false, out error) is not { } substitutedText)
            {
                return null;
            }

            operationsText = substitutedText.ToSubstitutionText();
        }

        var adapter = new RenderAdapter(byReference: strategic is not null && RenderAdapter.HasDirective(strategic));
        if (adapter.FromObject(target) is not RenderMap node)
        {
            return target;
        }

        if (strategic is not null)
        {
            if (RenderAdapter.FromPatch(strategic) is not RenderMap patch)
            {
                throw new MutationException("its patchStrategicMerge is not an object");
            }

            if (MutationAnchors.Preprocess(patch, node) is { } anchorError)
            {
                throw new MutationException("failed to preprocess the patch: " + anchorError);
            }

            if (!StrategicMerge.Apply(node, patch))
            {
                throw new MutationException("the patch deletes the whole object");
            }
        }
        else if (operationsText is not null)
        {
            if (RenderAdapter.FromPatch(ParseOperations(operationsText)) is not RenderSequence operations)
            {
                throw new MutationException("its patchesJson6902 is not a list of operations");
            }

            foreach (var operation in operations.Items)
            {
                if (KyvernoJsonPatch.Apply(node, operation) is { } patchError)
                {
                    throw new MutationException("failed to apply the JSON patch: " + patchError);
                }
            }
        }

        return adapter.ToValue(node) as JObject ?? target;
    }

    private static JValue ParseOperations(string text)
    {
        var parsed = YamlParser.Parse(text);
        if (parsed.Diagnostics.Any(d => d.Severity == Diagnostics.DiagnosticSeverity.Error) || parsed.Documents.Count == 0)
        {
            throw new MutationException("failed to decode the patchesJson6902 operations");
        }

        return JValue.Strip(JValue.FromYaml(parsed.Documents[0].Root));
    }
}

/// <summary>A mutate rule that cannot be applied; Kyverno reports an error result for it.</summary>
internal sealed class MutationException(string message) : Exception(message);
