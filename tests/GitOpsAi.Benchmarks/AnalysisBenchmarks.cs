using BenchmarkDotNet.Attributes;
using GitOpsAi.Core.Analysis;

namespace GitOpsAi.Benchmarks;

/// <summary>Parse + analyse throughput over a generated 50,000-resource repository (target: at least 10,000 resources/s).</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class AnalysisBenchmarks
{
    public const int Resources = 50_000;

    private IReadOnlyList<(string Path, string Text)> _files = [];
    private readonly Analyzer _analyzer = new();

    [GlobalSetup]
    public void Setup() => _files = SyntheticRepository.Generate(Resources);

    [Benchmark(Description = "parse + analyse 50,000 resources")]
    public int ParseAndAnalyse()
    {
        var workspace = SyntheticRepository.Parse(_files);
        var results = _analyzer.AnalyzeAll(workspace);
        return results.Sum(r => r.Diagnostics.Count);
    }
}
