using GitOpsAi.Core.IO;
using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Manifests;

namespace GitOpsAi.Core.Tests.Kustomize;

/// <summary>
/// The renderer against kubectl kustomize on every kustomization folder of the shared corpus. The agreement count is
/// recorded in docs/benchmarks.md; this test fails when it drops below that, listing each difference.
/// </summary>
[Category("Corpus")]
public sealed class KubectlCorpusOracleTests
{
    /// <summary>Folders kubectl builds where our render has the same objects and fields (see docs/benchmarks.md).</summary>
    private const int AgreementFloor = 435;

    [Test]
    public void Every_corpus_kustomization_renders_the_objects_kubectl_kustomize_gives()
    {
        var corpus = SharedData.RequireCorpus();
        KustomizeOracle.RequireKubectl();
        var folders = Directory.EnumerateFiles(corpus, "*", SearchOption.AllDirectories)
            .Where(ManifestReader.IsKustomizationFileName).Select(f => Path.GetDirectoryName(f)!).Distinct().Order(StringComparer.Ordinal).ToList();

        var results = new System.Collections.Concurrent.ConcurrentBag<(string Folder, bool KubectlBuilt, List<string> Differences, int Objects, bool SameOrder, bool WeFailed)>();
        Parallel.ForEach(folders, new ParallelOptions { MaxDegreeOfParallelism = 2 }, folder =>
        {
            var repository = Path.Combine(corpus, Path.GetRelativePath(corpus, folder).Split(Path.DirectorySeparatorChar)[0]);
            var expected = KustomizeOracle.Build(folder);
            var rendered = new KustomizeRenderer(repository, PhysicalFileSystem.Instance).Render(folder, LoadRestriction.RepositoryRoot);
            var differences = expected.Succeeded
                ? KustomizeOracle.Differences(expected.Output, RenderWriter.Write(rendered.Objects))
                : [];
            if (expected.Succeeded && rendered.HasErrors)
            {
                differences.Insert(0, "we report errors kubectl does not: " + string.Join("; ", rendered.Diagnostics.Where(d => d.Diagnostic.Severity == DiagnosticSeverity.Error).Select(d => d.Diagnostic.Message)));
            }

            var ours = RenderWriter.Write(rendered.Objects);
            var sameOrder = KustomizeOracle.Objects(expected.Output).Keys.SequenceEqual(KustomizeOracle.Objects(ours).Keys);
            results.Add((Path.GetRelativePath(corpus, folder), expected.Succeeded, differences, rendered.Objects.Count, sameOrder, rendered.HasErrors));
        });

        var built = results.Where(r => r.KubectlBuilt).ToList();
        var agreeing = built.Count(r => r.Differences.Count == 0);
        var report = string.Join("\n", built.Where(r => r.Differences.Count > 0).OrderBy(r => r.Folder, StringComparer.Ordinal)
            .Select(r => $"{r.Folder}:\n  " + string.Join("\n  ", r.Differences.Take(8))));
        TestContext.Out.WriteLine($"kubectl kustomize agreement: {agreeing} of {built.Count} buildable folders ({folders.Count} kustomization folders, {built.Sum(r => r.Objects)} objects compared).");
        TestContext.Out.WriteLine($"same object order as kubectl: {built.Count(r => r.SameOrder)} of {built.Count}; folders kubectl refuses that we also report an error for: {results.Count(r => !r.KubectlBuilt && r.WeFailed)} of {results.Count(r => !r.KubectlBuilt)}.");
        TestContext.Out.WriteLine("order differs: " + string.Join(", ", built.Where(r => !r.SameOrder).Select(r => r.Folder)));
        TestContext.Out.WriteLine("kubectl fails, we do not: " + string.Join(", ", results.Where(r => !r.KubectlBuilt && !r.WeFailed).Select(r => r.Folder)));
        TestContext.Out.WriteLine(report);
        Assert.That(agreeing, Is.GreaterThanOrEqualTo(AgreementFloor), report);
    }
}
