using System.Text;
using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.IO;
using GitOpsAi.Core.Rules;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Rules;

/// <summary>
/// The table of finding counts per rule on the real repositories of ../shared/corpus (each repository checked as its
/// own workspace, default configuration) in docs/rules.md. Regenerate with GITOPSAI_UPDATE_DOCS=1.
/// </summary>
public sealed class RuleCorpusFindingsTests
{
    public const string Begin = "<!-- generated:corpus:begin -->";
    public const string End = "<!-- generated:corpus:end -->";

    [Test]
    public void The_corpus_finding_counts_in_docs_rules_md_are_current()
    {
        var corpus = SharedData.RequireCorpus();
        var analyzer = new Analyzer(AnalyzerFeatures.All);
        var counts = RuleRegistry.All.ToDictionary(r => r.Id, _ => new Dictionary<string, int>(StringComparer.Ordinal), StringComparer.Ordinal);
        var repositories = Directory.EnumerateDirectories(corpus).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        foreach (var repository in repositories)
        {
            var workspace = WorkspaceLoader.Load(Path.Combine(corpus, repository!), PhysicalFileSystem.Instance);
            foreach (var analysis in analyzer.AnalyzeAll(workspace))
            {
                foreach (var diagnostic in analysis.Diagnostics)
                {
                    if (counts.TryGetValue(diagnostic.Code, out var byRepository))
                    {
                        byRepository[repository!] = byRepository.GetValueOrDefault(repository!) + 1;
                    }
                }
            }
        }

        var table = new StringBuilder(Begin + "\n");
        table.Append("| Rule | Total | Repositories with findings |\n|---|---|---|\n");
        foreach (var (rule, byRepository) in counts.OrderByDescending(p => p.Value.Values.Sum()).ThenBy(p => p.Key, StringComparer.Ordinal))
        {
            var where = string.Join(", ", byRepository.OrderByDescending(p => p.Value).Select(p => $"{p.Key.Replace("__", "/", StringComparison.Ordinal)} {p.Value}"));
            table.Append($"| `{rule}` | {byRepository.Values.Sum()} | {where} |\n");
        }

        table.Append(End).Append('\n');
        var path = Path.Combine(SharedData.RepositoryRoot, "docs", "rules.md");
        var current = File.ReadAllText(path);
        var expected = RuleDocs.Update(current, Begin, End, table.ToString());
        if (Environment.GetEnvironmentVariable("GITOPSAI_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, expected);
        }

        Assert.That(current, Is.EqualTo(expected), "The corpus counts in docs/rules.md are stale; run with GITOPSAI_UPDATE_DOCS=1.");
    }
}
