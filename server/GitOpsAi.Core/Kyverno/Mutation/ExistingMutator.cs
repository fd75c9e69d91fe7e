using System.Text.RegularExpressions;
using GitOpsAi.Core.Expressions.JmesPath;

namespace GitOpsAi.Core.Kyverno.Mutation;

/// <summary>One existing object a mutate-existing rule patches, and what it changes in it.</summary>
internal sealed record TargetMutation(string Target, IReadOnlyList<string> Changes);

/// <summary>The outcome of a mutate-existing rule for one trigger: the targets it changes, nothing, an error, or why it cannot be known.</summary>
internal sealed record ExistingMutationResult(RuleStatus Status, IReadOnlyList<TargetMutation> Targets, string? Detail = null)
{
    public bool Unknown { get; init; }
}

/// <summary>
/// Applies a mutate-existing rule (<c>mutate.targets</c>) as Kyverno does after admitting its trigger: the rule's
/// context and preconditions on the trigger, then for each target the repository declares (the desired state of the
/// cluster) its own context and preconditions with <c>target</c> bound to it, and the patch, in which <c>{{@}}</c> is
/// the target's value at that place. The trigger itself is not changed. A named target the repository lacks is
/// never guessed.
/// </summary>
internal static partial class ExistingMutator
{
    public static ExistingMutationResult Mutate(KyvernoRule rule, ResourceInfo trigger)
    {
        var mutate = rule.Mutate!;
        try
        {
            var context = RuleEvaluator.AddContext(rule.Context, trigger.RequestContext);
            if (rule.Preconditions is { } preconditions && !Conditions.Evaluate(preconditions, context).Passed)
            {
                return new ExistingMutationResult(RuleStatus.Skip, []);
            }

            var objects = trigger.Objects ?? throw new UnknownContextException("it mutates objects of the cluster");
            var changed = new List<TargetMutation>();
            foreach (var target in mutate.Targets!)
            {
                string? Text(string? value) => RuleEvaluator.ClusterReadText(value, context);
                var ns = Text(target.Namespace);
                if (target.Namespace is { Length: > 0 } && ns is { Length: 0 })
                {
                    // {{request.namespace}} of an object whose namespace a kustomization or Flux sets when applying it.
                    throw new UnknownContextException($"the namespace of its target ({target.Namespace}) is not known before the object is applied");
                }

                foreach (var (display, existing) in objects.Targets(target.ApiVersion is null ? null : target.Group, target.Kind, ns, Text(target.Name), target.MatchLabels))
                {
                    var targetContext = RuleEvaluator.AddContext(target.Context, context.With("target", existing));
                    if (target.Preconditions is { } targetPreconditions && !Conditions.Evaluate(targetPreconditions, targetContext).Passed)
                    {
                        continue;
                    }

                    var patches = mutate.Patches with { PatchStrategicMerge = mutate.Patches.PatchStrategicMerge is { } merge ? WithTargetValues(merge, existing) : null };
                    var patched = RuleMutator.Apply(patches, existing, targetContext);
                    if (!JValue.DeepEquals(patched, existing))
                    {
                        changed.Add(new TargetMutation(display, MutationChanges.Describe(existing, patched)));
                    }
                }
            }

            return new ExistingMutationResult(changed.Count == 0 ? RuleStatus.Skip : RuleStatus.Pass, changed);
        }
        catch (UnknownContextException exception)
        {
            return new ExistingMutationResult(RuleStatus.Skip, [], exception.Message) { Unknown = true };
        }
        catch (Exception exception) when (exception is VariableException or JmesException or MutationException or RegexMatchTimeoutException)
        {
            return new ExistingMutationResult(RuleStatus.Error, [], exception.Message);
        }
    }

    /// <summary>The patch with each <c>{{@}}</c> replaced by the target's value at the same place (Kyverno's reference to the target).</summary>
    private static JValue WithTargetValues(JValue patch, JValue? atTarget, string path = "")
    {
        switch (patch)
        {
            case JObject map:
                return new JObject(map.Entries.Select(e => new KeyValuePair<string, JValue>(e.Key, WithTargetValues(e.Value, (atTarget as JObject)?.Get(e.Key), path + "/" + e.Key))));
            case JArray list:
                return new JArray(list.Items.Select(i => WithTargetValues(i, null, path + "/-")).ToList());
            case JString { Value: var text } when TargetValue().IsMatch(text):
                if (atTarget is null || atTarget.IsNull)
                {
                    throw new VariableException($"{{{{@}}}} at {path} reads a field the target does not have");
                }

                return TargetValue().Match(text).Length == text.Length
                    ? atTarget
                    : JValue.String(TargetValue().Replace(text, atTarget.ToSubstitutionText()));
            default:
                return patch;
        }
    }

    [GeneratedRegex(@"\{\{\s*@\s*\}\}")]
    private static partial Regex TargetValue();
}
