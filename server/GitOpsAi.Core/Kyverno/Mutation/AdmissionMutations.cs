using GitOpsAi.Core.Expressions.JmesPath;

namespace GitOpsAi.Core.Kyverno.Mutation;

/// <summary>One mutate rule that changed (or failed on) an object, with the code its findings are reported under.</summary>
internal sealed record AppliedMutation(IndexedRule Candidate, string Code, IReadOnlyList<string> Changes, string? Error)
{
    /// <summary>Why the mutation cannot be known from the repository (the object is left as it was), or null.</summary>
    public string? Unknown { get; init; }
}

/// <summary>
/// The object as admission stores it: every mutate rule that applies to it, policy by policy and rule by rule in the
/// order the repository lists them, each seeing the object as the previous one left it (Kyverno runs its mutating
/// webhook before the validating one, so validate rules see the result).
/// </summary>
internal static class AdmissionMutations
{
    /// <param name="applies">The code of the rule when it applies to the object (match, exclude, exceptions, configuration), else null.</param>
    public static (ResourceInfo Resource, IReadOnlyList<AppliedMutation> Applied) Apply(KyvernoPolicySet set, ResourceInfo resource, Func<IndexedRule, ResourceInfo, string?> applies)
    {
        var candidates = set.AdmissionMutatorsFor(resource.Kind);
        if (candidates.Count == 0)
        {
            return (resource, []);
        }

        var applied = new List<AppliedMutation>();
        foreach (var candidate in candidates)
        {
            if (applies(candidate, resource) is not { } code)
            {
                continue;
            }

            var result = RuleMutator.Mutate(candidate.Rule, resource, candidate.AutogenKind);
            if (result.Unknown)
            {
                applied.Add(new AppliedMutation(candidate, code, [], null) { Unknown = result.Detail });
            }
            else if (result.Status == RuleStatus.Error)
            {
                applied.Add(new AppliedMutation(candidate, code, [], result.Detail ?? "unknown error"));
            }
            else if (result.Status == RuleStatus.Pass)
            {
                applied.Add(new AppliedMutation(candidate, code, MutationChanges.Describe(resource.Object, result.Object), null));
                resource = resource.WithObject(result.Object);
            }
        }

        return (resource, applied);
    }
}
