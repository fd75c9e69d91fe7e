namespace GitOpsAi.Core.Tests.Rules;

/// <summary>Every rule against its failing and passing fixtures, with exact spans, and its fixes before/after.</summary>
public sealed class RuleFixtureTests
{
    public static IEnumerable<TestCaseData> Fixtures() =>
        RuleFixture.All().Select(f => new TestCaseData(f).SetName($"Rule {f.RuleId} on fixture {f.Name} {(f.ExpectFindings ? "reports exactly the marked spans" : "reports nothing")}"));

    public static IEnumerable<TestCaseData> FixFixtures() =>
        RuleFixture.All().Where(f => f.FixedText is not null).Select(f => new TestCaseData(f).SetName($"Fixes of {f.RuleId} turn {f.Name} into its .fixed.yaml"));

    [TestCaseSource(nameof(Fixtures))]
    public void Rule_reports_exactly_the_marked_spans(RuleFixture fixture)
    {
        var results = fixture.Run();

        foreach (var (path, findings) in results)
        {
            var expected = fixture.ExpectFindings ? fixture.Files[path].Spans : [];
            var actual = findings.Select(f => f.Span).OrderBy(s => s.Start).ToList();
            Assert.That(actual, Is.EqualTo(expected.OrderBy(s => s.Start).ToList()),
                $"{path}: {string.Join("; ", findings.Select(f => $"{f.Span} {f.Message}"))}");
        }

        if (fixture.ExpectFindings)
        {
            Assert.That(results.Values.Sum(f => f.Count), Is.GreaterThan(0), "a failing fixture must produce a finding");
        }
    }

    [TestCaseSource(nameof(FixFixtures))]
    public void Rule_fixes_produce_the_expected_text(RuleFixture fixture)
    {
        var findings = fixture.Run().Values.Single();
        Assert.That(findings.Any(f => f.Fixes.Count > 0), Is.True, "the rule offered no fix");

        var fixedText = fixture.ApplyFixes(findings);

        Assert.That(fixedText, Is.EqualTo(fixture.FixedText));
        var recheck = new RuleFixture(fixture.RuleId, fixture.Name + " (fixed)", false, new Dictionary<string, Markup> { ["manifest.yaml"] = Markup.Parse(fixedText) }, null).Run();
        Assert.That(recheck.Values.Single(), Is.Empty, "the fixed text must satisfy the rule");
    }
}
