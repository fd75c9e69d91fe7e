using System.Diagnostics;
using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.IO;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Analysis;

/// <summary>
/// The 3,529 real files of ../shared/corpus, each repository loaded as a workspace: every file is analysed without an
/// exception and within a per-file time bound, and the known-good Flux example repositories have no error-level findings.
/// </summary>
public sealed class CorpusRobustnessTests
{
    private static readonly TimeSpan PerFileBound = TimeSpan.FromSeconds(2);

    /// <summary>Repositories maintained as references by the Flux project: their YAML is known to apply cleanly.</summary>
    private static readonly string[] KnownGoodRepositories =
    [
        "fluxcd__flux2-kustomize-helm-example", "fluxcd__flux2-multi-tenancy", "fluxcd__flux2-monitoring-example",
        "fluxcd__flux2-hub-spoke-example", "stefanprodan__podinfo/kustomize",
    ];

    private static readonly Analyzer Analyzer = new();

    [Test]
    public void Every_corpus_file_is_analysed_without_an_exception_and_within_the_time_bound()
    {
        var corpus = SharedData.RequireCorpus();
        var analysed = 0;
        var failures = new List<string>();
        foreach (var repository in Directory.EnumerateDirectories(corpus).Order(StringComparer.Ordinal))
        {
            // Every YAML file, including those under dot-folders that a repository walk would skip.
            var paths = Directory.EnumerateFiles(repository, "*.*", SearchOption.AllDirectories).Where(WorkspaceLoader.IsYamlFile).ToList();
            var files = paths.Select(p => WorkspaceFile.Load(PhysicalFileSystem.Instance, p, repository)).ToList();
            var workspace = WorkspaceLoader.Create(repository, files, PhysicalFileSystem.Instance);
            foreach (var file in files)
            {
                var stopwatch = Stopwatch.StartNew();
                try
                {
                    Analyzer.Analyze(workspace, file);
                }
                catch (Exception exception)
                {
                    failures.Add($"{file.Path}: {exception.GetType().Name}: {exception.Message}");
                }

                if (stopwatch.Elapsed > PerFileBound)
                {
                    failures.Add($"{file.Path}: took {stopwatch.Elapsed.TotalMilliseconds:N0} ms");
                }

                analysed++;
            }
        }

        TestContext.Out.WriteLine($"{analysed} corpus files analysed.");
        Assert.That(failures, Is.Empty, string.Join("\n", failures));
        Assert.That(analysed, Is.GreaterThanOrEqualTo(3500));
    }

    [TestCaseSource(nameof(KnownGoodRepositories))]
    public void A_known_good_flux_example_repository_has_no_error_level_findings(string repository)
    {
        var root = Path.Combine(SharedData.RequireCorpus(), repository);
        var workspace = WorkspaceLoader.Load(root, PhysicalFileSystem.Instance);

        // Schema, structure and syntax: the repository is correct. Policy rules are hardening advice and do fire here
        // (podinfo's example runs as root), which is what a policy gate is for; they are counted in docs/rules.md.
        var errors = Analyzer.AnalyzeAll(workspace)
            .SelectMany(a => a.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error && d.Source != DiagnosticSources.Policy)
                .Select(d => $"{a.File.RelativePath}:{a.File.Source.GetLinePosition(d.Span.Start).Line + 1}: {d.Code}: {d.Message}"))
            .ToList();

        Assert.That(workspace.Files.Count, Is.GreaterThanOrEqualTo(3));
        Assert.That(errors, Is.Empty, string.Join("\n", errors));
    }
}
