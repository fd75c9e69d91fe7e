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
    private static readonly IReadOnlyList<IFileAnalyzer> Checks = [new Rules.PolicyAnalyzer(), new AdmissionPolicies.CelPolicyAnalyzer()];

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

            var stillFound = CodesOn(context, admitted.Admitted);
            foreach (var (diagnostic, index) in found.Where(f => !stillFound.Contains(f.Diagnostic.Code)).OrderByDescending(f => f.Index))
            {
                context.Diagnostics[index] = Resolved(diagnostic, admitted.Changes);
            }
        }
    }

    /// <summary>Built-in rules and CEL policies (a Kyverno ClusterPolicy rule, <c>kyverno:p/r</c>, already judges the admitted object).</summary>
    private static bool IsJudgedByTheseChecks(Diagnostic diagnostic) =>
        diagnostic.Source == DiagnosticSources.Policy
        || (diagnostic.Source == DiagnosticSources.Kyverno && !diagnostic.Code.Contains('/', StringComparison.Ordinal));

    /// <summary>The codes the checks report on the admitted object, written out as a file at the same path (same role, same exemptions).</summary>
    private static HashSet<string> CodesOn(FileAnalysisContext context, JObject admitted)
    {
        var file = WorkspaceFile.FromText(context.File.Path, context.Workspace.Root, admitted.ToJson());
        var output = new List<Diagnostic>();
        var admittedContext = new FileAnalysisContext(context.Workspace, file, output, context.CancellationToken);
        foreach (var check in Checks)
        {
            check.Analyze(admittedContext);
        }

        return output.Where(d => d.Severity <= DiagnosticSeverity.Warning).Select(d => d.Code).ToHashSet(StringComparer.Ordinal);
    }

    private static Diagnostic Resolved(Diagnostic diagnostic, IReadOnlyList<AppliedMutation> changes)
    {
        var first = changes[0];
        var by = string.Join("; ", changes.Select(c => $"Kyverno policy '{c.Candidate.Policy.Name}' (rule '{c.Candidate.Rule.Name}') {string.Join(", ", c.Changes.Take(2))}"));
        return new Diagnostic(first.Code, DiagnosticSeverity.Information, diagnostic.Span,
            $"{diagnostic.Code} is resolved at admission: {by}, and the admitted object passes it. As written: {diagnostic.Message}", DiagnosticSources.Kyverno)
        {
            Properties = new Dictionary<string, string>
            {
                ["policy"] = first.Candidate.Policy.Name,
                ["rule"] = first.Candidate.Rule.Name,
                ["policyFile"] = first.Candidate.Policy.File.RelativePath,
                ["resolvedCode"] = diagnostic.Code,
            },
        };
    }
}
