using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Text;

namespace GitOpsAi.Core.Tests.Kustomize;

/// <summary>
/// A file's rendered findings are added unless a finding of the same code is already reported at an overlapping place:
/// the places are kept by code and start (a file of thousands of documents has thousands of findings), and answer
/// exactly as asking every finding (<see cref="Diagnostic.ReportsAt"/>) would, empty spans and long ones included.
/// </summary>
public sealed class ReportedPlacesTests
{
    private static Diagnostic Finding(string code, int start, int length) => new(code, DiagnosticSeverity.Warning, new TextSpan(start, length), "finding", "gitops-ai");

    [Test]
    public void A_place_of_the_same_code_that_overlaps_touches_as_an_empty_span_or_lies_apart_answers_as_every_finding_would()
    {
        var places = new ReportedPlaces([Finding("latest-tag", 10, 4), Finding("latest-tag", 30, 0), Finding("other", 50, 5)]);

        Assert.Multiple(() =>
        {
            Assert.That(places.Reports("latest-tag", new TextSpan(12, 1)), Is.True, "inside");
            Assert.That(places.Reports("latest-tag", new TextSpan(14, 2)), Is.False, "right after the span");
            Assert.That(places.Reports("latest-tag", new TextSpan(28, 2)), Is.True, "an empty place touching the end");
            Assert.That(places.Reports("latest-tag", new TextSpan(50, 2)), Is.False, "another code's place");
            Assert.That(places.Reports("other", new TextSpan(0, 100)), Is.True, "a long span over a short one");
        });
    }

    [Test]
    public void Places_added_in_any_order_answer_as_asking_every_finding_does()
    {
        var random = new Random(13);
        var findings = new List<Diagnostic>();
        var places = new ReportedPlaces([]);
        for (var i = 0; i < 2000; i++)
        {
            var code = random.Next(3) == 0 ? "a" : "b";
            var query = new TextSpan(random.Next(5000), random.Next(4) == 0 ? 0 : random.Next(1, random.Next(10) == 0 ? 400 : 20));
            Assert.That(places.Reports(code, query), Is.EqualTo(findings.Any(f => f.ReportsAt(code, query))), $"{code} {query}");

            var finding = Finding(code, query.Start, query.Length);
            findings.Add(finding);
            places.Add(finding);
        }
    }
}
