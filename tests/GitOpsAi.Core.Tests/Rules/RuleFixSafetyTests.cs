using GitOpsAi.Core.Rules;

namespace GitOpsAi.Core.Tests.Rules;

/// <summary>Every fix says whether it changes what runs, so --fix can apply the safe ones in bulk (issue 11).</summary>
public sealed class RuleFixSafetyTests
{
    public static IEnumerable<TestCaseData> Rules() =>
        RuleRegistry.All.Select(r => new TestCaseData(r.Id).SetName($"Rule {r.Id} declares the safety of its fixes exactly when it has fixes"));

    [TestCaseSource(nameof(Rules))]
    public void Rule_declares_fix_safety_exactly_when_its_fixtures_offer_fixes(string id)
    {
        var rule = RuleRegistry.Find(id)!;
        var fixes = RuleFixture.All().Where(f => f.RuleId == id && f.ExpectFindings)
            .SelectMany(f => f.Run().Values.SelectMany(findings => findings))
            .SelectMany(d => d.Fixes)
            .ToList();

        if (fixes.Count > 0)
        {
            Assert.That(rule.FixSafety, Is.Not.Null, $"{id} offers fixes ({fixes[0].Title}) but does not declare FixSafety in the registry");
            Assert.That(fixes.Select(f => f.Safety), Is.All.EqualTo(rule.FixSafety), "every fix carries the rule's declared safety");
        }
        else
        {
            Assert.That(rule.FixSafety, Is.Null, $"{id} declares FixSafety but none of its failing fixtures offers a fix");
        }
    }

    [TestCase("run-as-non-root")]
    [TestCase("read-only-root-filesystem")]
    [TestCase("cpu-requests-missing")]
    [TestCase("memory-limits-missing")]
    [TestCase("deployment-missing-replicas")]
    [TestCase("pull-policy-not-always")]
    [TestCase("latest-tag")]
    public void Fixes_that_change_what_runs_are_unsafe(string id) =>
        Assert.That(RuleRegistry.Find(id)!.FixSafety, Is.EqualTo(FixSafety.Unsafe));

    [Test]
    public void Renaming_the_deprecated_serviceAccount_field_keeps_behaviour_and_is_safe() =>
        Assert.That(RuleRegistry.Find("deprecated-service-account-field")!.FixSafety, Is.EqualTo(FixSafety.Safe));
}
