using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Rules;

namespace GitOpsAi.Core.Tests.Rules;

public sealed class ApplicableRulesTests
{
    private static readonly string[] Kinds = ["Deployment", "Pod", "CronJob", "Service", "ConfigMap", "Secret", "Kustomization", "HelmRelease", "Widget"];

    private static IReadOnlyList<EffectiveRule> AllRules() =>
        RuleRegistry.All.Select(rule => new EffectiveRule(rule, rule.Template, rule.DefaultSeverity)).ToList();

    [Test]
    public void The_rules_of_a_kind_are_those_whose_scope_takes_it_in_the_list_order_asked_once_or_again()
    {
        var rules = AllRules();
        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var kind in Kinds)
            {
                Assert.That(ApplicableRules.Of(rules, kind), Is.EqualTo(rules.Where(rule => rule.Definition.AppliesTo(kind))), $"{kind}, pass {pass}");
            }
        }
    }

    [Test]
    public void Another_list_of_rules_gets_its_own_answer_not_the_last_lists()
    {
        var all = AllRules();
        var securityOnly = all.Where(rule => rule.Definition.Category == RuleCategory.Security).ToList();
        var lists = new[] { all, securityOnly, AllRules(), all.Take(3).ToList(), all.Skip(3).ToList(), all };

        // More lists than the thread remembers, asked in turn twice: each answer is the one of its own list.
        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var list in lists)
            {
                Assert.That(ApplicableRules.Of(list, "Deployment"), Is.EqualTo(list.Where(rule => rule.Definition.AppliesTo("Deployment"))));
            }
        }
    }

    [Test]
    public void More_kinds_than_are_remembered_are_each_answered_exactly()
    {
        var rules = AllRules().Select(rule => rule with { Severity = DiagnosticSeverity.Warning }).ToList();
        for (var i = 0; i < 2_500; i++)
        {
            var kind = i % 10 == 0 ? "Deployment" : $"Widget{i}";
            Assert.That(ApplicableRules.Of(rules, kind), Is.EqualTo(rules.Where(rule => rule.Definition.AppliesTo(kind))), kind);
        }
    }

    [Test]
    public void Skipped_rules_are_left_out_in_the_list_order_and_each_set_of_skipped_rules_gets_its_own_answer()
    {
        var rules = AllRules();
        var deploymentRules = rules.Where(rule => rule.Definition.AppliesTo("Deployment")).Select(rule => rule.Definition.Id).ToList();
        var skipFirst = new HashSet<string>(deploymentRules.Take(2), StringComparer.Ordinal);
        var skipLast = new HashSet<string>(deploymentRules.TakeLast(3), StringComparer.Ordinal);
        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var skipped in new[] { skipFirst, skipLast })
            {
                foreach (var kind in Kinds)
                {
                    var expected = rules.Where(rule => rule.Definition.AppliesTo(kind) && !skipped.Contains(rule.Definition.Id));
                    Assert.That(ApplicableRules.Of(rules, kind, skipped), Is.EqualTo(expected), $"{kind}, pass {pass}");
                }
            }

            Assert.That(ApplicableRules.Of(rules, "Deployment", skipped: null), Is.EqualTo(rules.Where(rule => rule.Definition.AppliesTo("Deployment"))));
        }
    }
}
