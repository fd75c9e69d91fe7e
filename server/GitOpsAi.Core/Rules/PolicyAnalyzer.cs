using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Rules;

/// <summary>Runs the built-in rules over every object of a file (not over patches or generator data, which are fragments).</summary>
internal sealed class PolicyAnalyzer : IFileAnalyzer
{
    public void Analyze(FileAnalysisContext context)
    {
        if (context.Role != FileRole.Resource)
        {
            return;
        }

        var workspace = context.Workspace;
        var config = workspace.RulesConfig;
        foreach (var manifest in context.File.Manifests)
        {
            if (manifest.Kind is not { } kind || manifest.IsImpliedKustomization && manifest.Root.Pairs.Count == 0)
            {
                continue;
            }

            foreach (var rule in workspace.EffectiveRules)
            {
                if (!rule.Definition.AppliesTo(kind))
                {
                    continue;
                }

                if (config.Exemptions.Any(e => e.Covers(rule.Definition.Id) && e.Matches(kind, manifest.Namespace, manifest.Name, context.File.RelativePath)))
                {
                    continue;
                }

                context.CancellationToken.ThrowIfCancellationRequested();
                rule.Template.Check(new RuleContext(rule.Definition, rule.Severity, manifest, context.File, workspace, context.Diagnostics));
            }
        }
    }
}
