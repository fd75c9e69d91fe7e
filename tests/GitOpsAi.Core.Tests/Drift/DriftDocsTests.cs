using GitOpsAi.Core.Drift;
using GitOpsAi.Core.Rules;
using GitOpsAi.Core.Tests.Support;

namespace GitOpsAi.Core.Tests.Drift;

public sealed class DriftDocsTests
{
    private static string PagePath => Path.Combine(SharedData.RepositoryRoot, "docs", "drift.md");

    [Test]
    public void The_noise_defaults_and_immutable_tables_in_docs_drift_md_are_the_ones_the_code_applies()
    {
        var current = File.Exists(PagePath) ? File.ReadAllText(PagePath) : "# Live-cluster drift\n";
        var expected = RuleDocs.Update(current, DriftDocs.Begin, DriftDocs.End, $"{DriftDocs.Begin}\n{DriftDocs.Tables()}{DriftDocs.End}\n");
        if (Environment.GetEnvironmentVariable("GITOPSAI_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(PagePath, expected);
        }

        Assert.That(current, Is.EqualTo(expected), "docs/drift.md is stale; run the tests with GITOPSAI_UPDATE_DOCS=1 to regenerate it.");
    }

    [Test]
    public void Every_test_the_issue_checklist_in_docs_drift_md_names_exists()
    {
        var page = File.ReadAllText(PagePath);
        var named = System.Text.RegularExpressions.Regex.Matches(page, @"`([A-Z][A-Za-z0-9]*(?:_[A-Za-z0-9]+){3,})`").Select(m => m.Groups[1].Value).Distinct().ToList();
        var testsFolder = Path.Combine(SharedData.RepositoryRoot, "tests");
        var sources = string.Join('\n', Directory.EnumerateFiles(testsFolder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText));

        Assert.That(named, Has.Count.GreaterThan(50), "the checklist names the tests that prove each bullet");
        Assert.That(named.Where(name => !sources.Contains($" {name}(", StringComparison.Ordinal)), Is.Empty, "a test the checklist names is gone or renamed");
    }
}
