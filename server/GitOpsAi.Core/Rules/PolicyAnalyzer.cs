using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Rules;

/// <summary>Runs the built-in rules over every object of a file (not over patches or generator data, which are fragments).</summary>
internal sealed class PolicyAnalyzer : IObjectAnalyzer
{
    public bool AppliesTo(FileAnalysisContext context) => context.Role == FileRole.Resource;

    /// <summary>The objects kubectl applies: the items of a List are objects of their own.</summary>
    public IReadOnlyList<Manifest> ObjectsOf(WorkspaceFile file) => file.Objects;

    public void AnalyzeObject(FileAnalysisContext context, Manifest manifest, List<Diagnostic> output) => Check(context, manifest, output);

    public void Analyze(FileAnalysisContext context)
    {
        if (!AppliesTo(context))
        {
            return;
        }

        ObjectChecks.CheckEach(this, context, ObjectsOf(context.File), context.Diagnostics);
    }

    private static void Check(FileAnalysisContext context, Manifest manifest, List<Diagnostic> output)
    {
        var workspace = context.Workspace;
        if (manifest.Kind is not { } kind || manifest.IsImpliedKustomization && manifest.Root.Pairs.Count == 0)
        {
            return;
        }

        // An exempt rule is not run at all; the exemption itself is decided where every finding's is (Findings).
        var findings = workspace.Findings;
        RuleContext? ruleContext = null;
        try
        {
            foreach (var rule in ApplicableRules.Of(workspace.EffectiveRules, kind, context.SkippedRules))
            {
                if (findings.IsExempt(rule.Definition.Id, kind, manifest.Namespace, manifest.Name, context.File.RelativePath))
                {
                    continue;
                }

                context.CancellationToken.ThrowIfCancellationRequested();
                RulesRunOnThisThread?.Add(rule.Definition.Id);
                try
                {
                    ruleContext = ruleContext?.For(rule.Definition, rule.Severity) ?? RuleContext.Take(rule.Definition, rule.Severity, manifest, context.File, workspace, output, context.WantsFixes);
                    rule.Template.Check(ruleContext);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // A defect in one rule must not take the whole analysis down; say so where it happened. Nor may it
                    // open the gate: the failure is as severe as the findings it may hide (an error rule fails as an error).
                    var failed = CoreDiagnostics.RuleFailed.Create(KindSpan(manifest),
                        $"The rule '{rule.Definition.Id}' failed on this object ({exception.GetType().Name}: {exception.Message}); its findings are missing. Please report this.");
                    output.Add(rule.Severity.IsAtLeast(failed.Severity) ? failed with { Severity = rule.Severity } : failed);
                }
            }
        }
        finally
        {
            ruleContext?.GiveBack();
        }
    }

    /// <summary>When set, the id of every rule run on this thread is added (tests prove which rules a check runs).</summary>
    [ThreadStatic]
    internal static List<string>? RulesRunOnThisThread;

    private static Text.TextSpan KindSpan(Manifest manifest) => (manifest.Root["kind"] ?? manifest.Root).Span;
}
