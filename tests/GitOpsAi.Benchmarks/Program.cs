using System.Diagnostics;
using BenchmarkDotNet.Running;
using GitOpsAi.Benchmarks;
using GitOpsAi.Core.Analysis;

// "quick" runs each measurement a few times with a stopwatch and prints resources/s; anything else goes to BenchmarkDotNet.
if (args is ["quick", ..])
{
    var resources = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : AnalysisBenchmarks.Resources;
    var files = SyntheticRepository.Generate(resources);
    var analyzer = new Analyzer();
    for (var round = 0; round < 4; round++)
    {
        var stopwatch = Stopwatch.StartNew();
        var workspace = SyntheticRepository.Parse(files);
        var parsed = stopwatch.Elapsed;
        var diagnostics = analyzer.AnalyzeAll(workspace).Sum(r => r.Diagnostics.Count);
        stopwatch.Stop();
        Console.WriteLine($"round {round}: {resources:N0} resources in {files.Count:N0} files: parse {parsed.TotalMilliseconds:N0} ms, total {stopwatch.Elapsed.TotalMilliseconds:N0} ms, {resources / stopwatch.Elapsed.TotalSeconds:N0} resources/s ({diagnostics} diagnostics)");
    }

    return 0;
}

// "render <corpus>" renders every kustomization folder of the corpus, cold then warm (files already parsed).
if (args is ["render", ..])
{
    return RenderBenchmark.Run(args.Length > 1 ? args[1] : Path.Combine("..", "shared", "corpus"));
}

BenchmarkSwitcher.FromAssembly(typeof(AnalysisBenchmarks).Assembly).Run(args);
return 0;
