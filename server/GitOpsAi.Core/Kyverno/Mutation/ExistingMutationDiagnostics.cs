using GitOpsAi.Core.Diagnostics;

namespace GitOpsAi.Core.Kyverno.Mutation;

/// <summary>
/// What a mutate-existing rule does when its trigger is admitted, said on the trigger's name: the existing objects it
/// changes and how (a hint), why that cannot be known (a note), or the error Kyverno reports (a warning).
/// </summary>
internal static class ExistingMutationDiagnostics
{
    private const int ShownTargets = 3;
    private const int ShownChanges = 3;

    public static IEnumerable<Diagnostic> For(IndexedRule candidate, string code, ResourceInfo trigger)
    {
        var (policy, rule, _) = candidate;
        var result = ExistingMutator.Mutate(rule, trigger);
        var message = result switch
        {
            { Unknown: true } => $"Mutate rule '{rule.Name}' of Kyverno policy '{policy.Name}' is not evaluated on this object: {result.Detail}; GitOpsAi never guesses what the cluster holds.",
            { Status: RuleStatus.Error } => $"Kyverno reports an error for mutate rule {rule.Name} of policy {policy.Name}: {result.Detail}",
            { Status: RuleStatus.Pass } => $"At admission, rule '{rule.Name}' of Kyverno policy '{policy.Name}' mutates the existing {Describe(result.Targets)}.",
            _ => null,
        };
        if (message is null)
        {
            yield break;
        }

        yield return new Diagnostic(code, result.Status == RuleStatus.Error ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information,
            KyvernoPolicyLoader.NameSpan(trigger.Manifest), message, DiagnosticSources.Kyverno)
        {
            Properties = new Dictionary<string, string> { ["policy"] = policy.Name, ["rule"] = rule.Name, ["policyFile"] = policy.File.RelativePath },
        };
    }

    private static string Describe(IReadOnlyList<TargetMutation> targets)
    {
        static string One(TargetMutation t) =>
            $"{t.Target}: {string.Join("; ", t.Changes.Take(ShownChanges))}{(t.Changes.Count > ShownChanges ? $"; and {t.Changes.Count - ShownChanges} more change(s)" : string.Empty)}";
        var shown = string.Join(" | ", targets.Take(ShownTargets).Select(One));
        return targets.Count > ShownTargets ? $"{shown} | and {targets.Count - ShownTargets} more object(s)" : shown;
    }
}
