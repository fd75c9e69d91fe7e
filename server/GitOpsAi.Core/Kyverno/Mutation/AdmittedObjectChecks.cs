using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Expressions.JmesPath;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Kyverno.Mutation;

/// <summary>
/// The cluster stores an object as the repository's Kyverno mutate rules leave it, so the built-in rules and the CEL
/// policies must judge that object, not the text. For each object some mutate rule changes, both checks run again on
/// the admitted object; a finding of the text that the admitted object no longer has is replaced by a hint under the
/// mutating rule's code, at the same place, naming the policy ("... is resolved at admission: Kyverno policy
/// 'add-default-securitycontext' sets spec.securityContext.runAsNonRoot to true"). Runs after those checks; objects no
/// mutate rule changes cost one lookup in the per-kind rule index.
/// </summary>
internal sealed class AdmittedObjectChecks : IFileAnalyzer
{
    private static readonly AdmissionPolicies.CelPolicyAnalyzer CelPolicies = new();

    public void Analyze(FileAnalysisContext context)
    {
        if (context.Role != FileRole.Resource || KyvernoPolicySet.For(context.Workspace).IsEmpty)
        {
            return;
        }

        foreach (var manifest in context.File.Objects)
        {
            if (manifest.IsKustomizeConfig || manifest.IsImpliedKustomization
                || KyvernoAnalyzer.AdmittedObject(context.Workspace, context.File, manifest) is not { } admitted)
            {
                continue;
            }

            var span = manifest.Document.Span;
            var found = context.Diagnostics
                .Select((d, i) => (Diagnostic: d, Index: i))
                .Where(f => f.Diagnostic.Severity <= DiagnosticSeverity.Warning && span.Contains(f.Diagnostic.Span.Start) && IsJudgedByTheseChecks(f.Diagnostic))
                .ToList();
            if (found.Count == 0)
            {
                continue;
            }

            var stillFound = CodesOn(context, admitted.Admitted, found.Select(f => f.Diagnostic.Code).ToHashSet(StringComparer.Ordinal));
            if (context.Workspace.RulesConfig.Regexes.AnyExceeded)
            {
                // A rule pattern that ran out of its time budget matches nothing from then on: a finding missing on
                // the admitted object may be missing for that reason, not resolved. Keep the findings as found.
                continue;
            }

            string? resolvedBy = null; // the same for every finding on the object: written once (a few dozen per object)
            foreach (var (diagnostic, index) in found.Where(f => !stillFound.Contains(f.Diagnostic.Code)).OrderByDescending(f => f.Index))
            {
                context.Diagnostics[index] = Resolved(diagnostic, admitted.Changes, resolvedBy ??= ResolvedBy(admitted.Changes));
            }
        }
    }

    /// <summary>Built-in rules and CEL policies (a Kyverno ClusterPolicy rule, <c>kyverno:p/r</c>, already judges the admitted object).</summary>
    private static bool IsJudgedByTheseChecks(Diagnostic diagnostic) =>
        diagnostic.Source == DiagnosticSources.Policy
        || (diagnostic.Source == DiagnosticSources.Kyverno && !diagnostic.Code.Contains('/', StringComparison.Ordinal));

    /// <summary>
    /// Which of <paramref name="codes"/> the checks still report on the admitted object, written out as a file at the
    /// same path (same role, same exemptions). Only the built-in rules found on the text run again (a few of about a
    /// hundred), and only the CEL policies that had a finding.
    /// </summary>
    private static HashSet<string> CodesOn(FileAnalysisContext context, JObject admitted, HashSet<string> codes)
    {
        var workspace = context.Workspace;
        var file = WorkspaceFile.FromText(context.File.Path, workspace.Root, admitted.ToJson());
        var output = new List<Diagnostic>();
        var builtIn = 0;
        foreach (var manifest in file.Objects.Where(m => m.Kind is not null))
        {
            foreach (var rule in workspace.EffectiveRules.Where(r => codes.Contains(r.Definition.Id) && r.Definition.AppliesTo(manifest.Kind!)))
            {
                builtIn++;
                try
                {
                    rule.Template.Check(new Rules.RuleContext(rule.Definition, rule.Severity, manifest, file, workspace, output));
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // The rule's own pass reports its defect; here it only means the finding is not known to be resolved.
                    output.Add(new Diagnostic(rule.Definition.Id, DiagnosticSeverity.Error, default, exception.Message, DiagnosticSources.Policy));
                }
            }
        }

        if (builtIn < codes.Count)
        {
            CelPolicies.Analyze(new FileAnalysisContext(workspace, file, output, context.CancellationToken), codes);
        }

        return output.Where(d => d.Severity <= DiagnosticSeverity.Warning).Select(d => d.Code).ToHashSet(StringComparer.Ordinal);
    }

    private static string ResolvedBy(IReadOnlyList<AppliedMutation> changes) =>
        string.Join("; ", changes.Select(c => $"Kyverno policy '{c.Candidate.Policy.Name}' (rule '{c.Candidate.Rule.Name}') {string.Join(", ", c.Changes.Take(2))}"));

    private static Diagnostic Resolved(Diagnostic diagnostic, IReadOnlyList<AppliedMutation> changes, string by)
    {
        var first = changes[0];
        return new Diagnostic(first.Code, DiagnosticSeverity.Information, diagnostic.Span,
            $"{diagnostic.Code} is resolved at admission: {by}, and the admitted object passes it. As written: {diagnostic.Message}", DiagnosticSources.Kyverno)
        {
            Properties = new Dictionary<string, string>
            {
                ["policy"] = first.Candidate.Policy.Name,
                ["rule"] = first.Candidate.Rule.Name,
                ["policyFile"] = first.Candidate.Policy.File.RelativePath,
                [Suppressions.ResolvedCodeProperty] = diagnostic.Code,
            },
        };
    }
}
