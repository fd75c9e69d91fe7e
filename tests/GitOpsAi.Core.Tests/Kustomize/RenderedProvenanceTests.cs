using GitOpsAi.Core.IO;
using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Text;

namespace GitOpsAi.Core.Tests.Kustomize;

/// <summary>
/// A rendered finding keeps its object's provenance (joined source spans) instead of the render tree: a change must
/// touch the provenance exactly when it touches the object, or <c>--changed-since</c> would keep other findings.
/// </summary>
public sealed class RenderedProvenanceTests
{
    private static string FixtureRoot => Path.Combine(SharedData.RepositoryRoot, "tests", "GitOpsAi.Core.Tests", "Kustomize", "Fixtures");

    [TestCase("patches/overlay")]
    [TestCase("components/overlay")]
    [TestCase("generators/overlay")]
    [TestCase("names/overlay")]
    public void A_change_touches_an_objects_provenance_exactly_when_it_touches_the_object(string target)
    {
        var result = new KustomizeRenderer(FixtureRoot, PhysicalFileSystem.Instance).Render(Path.Combine(FixtureRoot, target), LoadRestriction.RepositoryRoot);
        var files = result.DependencyFiles.ToDictionary(f => f.Key, f => f.Value.Source.Length);
        var random = new Random(13);
        var touched = 0;
        var compared = 0;
        for (var run = 0; run < 400; run++)
        {
            // One to three files changed: at an empty span (a deletion point), a few characters, or as a whole file.
            var changed = new Dictionary<string, IReadOnlyList<TextSpan>?>();
            foreach (var path in files.Keys.OrderBy(_ => random.Next()).Take(random.Next(1, 4)))
            {
                var length = files[path];
                var start = random.Next(0, length + 1);
                changed[path] = random.Next(10) == 0 ? null : [new TextSpan(start, Math.Min(length - start, random.Next(0, 4)))];
            }

            var change = new SourceChange(changed);
            foreach (var rendered in result.Objects)
            {
                var expected = RenderedChangeImpact.Touches(change, rendered);
                Assert.That(RenderedChangeImpact.Touches(change, RenderedProvenance.Of(rendered)), Is.EqualTo(expected), $"{rendered} under change {string.Join(", ", changed.Select(c => $"{c.Key} {c.Value?[0]}"))}");
                touched += expected ? 1 : 0;
                compared++;
            }
        }

        Assert.That(touched, Is.GreaterThan(0).And.LessThan(compared), "some changes touch an object and some do not");
    }

    [Test]
    public void An_object_written_from_one_document_keeps_one_span_per_file_it_came_from()
    {
        var result = new KustomizeRenderer(FixtureRoot, PhysicalFileSystem.Instance).Render(Path.Combine(FixtureRoot, "patches/overlay"), LoadRestriction.RepositoryRoot);

        var asWritten = result.Objects.Where(o => o.IsAsWritten).ToList();
        foreach (var rendered in asWritten)
        {
            Assert.That(RenderedProvenance.Of(rendered).Sources, Has.Count.EqualTo(1), rendered.ToString());
        }

        Assert.That(asWritten, Is.Not.Empty);

        Assert.That(result.Objects.Max(o => RenderedProvenance.Of(o).Sources.Count), Is.LessThan(20));
    }
}
