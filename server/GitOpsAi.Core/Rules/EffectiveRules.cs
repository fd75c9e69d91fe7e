using GitOpsAi.Core.Config;
using GitOpsAi.Core.Diagnostics;

namespace GitOpsAi.Core.Rules;

/// <summary>A rule as configured for one repository: enabled, at this severity, with these parameters.</summary>
public sealed record EffectiveRule(RuleDefinition Definition, IRuleTemplate Template, DiagnosticSeverity Severity);

/// <summary>The registry with .gitops-ai/rules.yaml applied.</summary>
public static class EffectiveRules
{
    public static IReadOnlyList<EffectiveRule> For(RulesConfig config)
    {
        var rules = new List<EffectiveRule>();
        foreach (var rule in RuleRegistry.All)
        {
            var setting = config.Rules.GetValueOrDefault(rule.Id);
            var enabled = setting?.Enabled ?? (rule.EnabledByDefault || setting?.Severity is not null);
            if (!enabled)
            {
                continue;
            }

            var template = setting?.Parameters is { } overrides ? rule.Template.WithParameters(overrides, []) : rule.Template;
            rules.Add(new EffectiveRule(rule, template, setting?.Severity ?? rule.DefaultSeverity));
        }

        return rules;
    }
}
