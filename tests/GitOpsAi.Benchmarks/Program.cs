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

// "parse [resources]" times parsing alone (YAML tree + manifests, the indexing cost): one thread, then all cores.
if (args is ["parse", ..])
{
    ParseBenchmark.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 50_000);
    return 0;
}

// "yaml-parse <folder> [rounds]" times YAML parsing alone of a folder's files: our reader, the token events, YamlDotNet's Parser.
if (args is ["yaml-parse", var yamlFolder, ..])
{
    YamlParseBenchmark.Run(yamlFolder, args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 3);
    return 0;
}

// "write <folder> [resources]" writes the synthetic repository to disk, for timing the CLI on it.
if (args is ["write", var folder, ..])
{
    var written = SyntheticRepository.Generate(args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 50_000);
    foreach (var (path, text) in written)
    {
        var target = Path.Combine(folder, Path.GetRelativePath(SyntheticRepository.Root, path));
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.WriteAllText(target, text);
    }

    Console.WriteLine($"wrote {written.Count:N0} files to {folder}");
    return 0;
}

// "generate [resources]" times every request of GenerationBenchmarks with a stopwatch (after warm-up) and prints ms per request.
if (args is ["generate", ..])
{
    var resources = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : GenerationBenchmarks.Resources;
    var workspace = SyntheticRepository.Parse(SyntheticRepository.Generate(resources));
    var service = new GitOpsAi.Core.Generation.GenerationService();
    foreach (var request in GenerationBenchmarks.Requests)
    {
        GenerationBenchmarks.Run(service, workspace, request); // warm-up: JIT and the snapshot's lazy indexes
    }

    {
        var all = new List<double>();
        foreach (var request in GenerationBenchmarks.Requests)
        {
            var times = new List<double>();
            for (var i = 0; i < 20; i++)
            {
                var stopwatch = Stopwatch.StartNew();
                var passed = GenerationBenchmarks.Run(service, workspace, request);
                times.Add(stopwatch.Elapsed.TotalMilliseconds);
                if (!passed)
                {
                    Console.WriteLine($"did not pass the gate: {request}");
                }
            }

            times.Sort();
            all.AddRange(times);
            Console.WriteLine($"{times[times.Count / 2],7:F2} ms median {times[^1],7:F2} ms max  {request}");
        }

        all.Sort();
        Console.WriteLine($"{resources:N0} resources: {all.Count} requests, median {all[all.Count / 2]:F2} ms, p95 {all[(int)(all.Count * 0.95)]:F2} ms, max {all[^1]:F2} ms");
    }

    // Naming and label inference reads every object once per snapshot (cached after); this is its uncached cost.
    {
        GitOpsAi.Core.Generation.InferredConventions.Infer(workspace);
        var inference = Stopwatch.StartNew();
        for (var round = 0; round < 20; round++)
        {
            GitOpsAi.Core.Generation.InferredConventions.Infer(workspace);
        }

        Console.WriteLine($"naming and label inference over {resources:N0} resources: {inference.Elapsed.TotalMilliseconds / 20:F2} ms (once per snapshot)");
    }

    // What the editor pays for offering the action and the lens: one scan of the document's lines for request comments.
    var document = new GitOpsAi.Core.Text.SourceText(string.Concat(Enumerable.Range(0, 1_000).Select(i => (i % 100 == 0 ? "# gitops: service for deployment app-4\n" : "") + SyntheticRepository.Generate(1)[0].Text)));
    var found = 0;
    var scan = Stopwatch.StartNew();
    for (var round = 0; round < 100; round++)
    {
        found = 0;
        for (var line = 0; line < document.LineCount; line++)
        {
            var text = document.GetLineText(line);
            if (text.Contains('#') && GitOpsAi.Core.Generation.GenerationRequest.FromComment(text) is not null)
            {
                found++;
            }
        }
    }

    Console.WriteLine($"request-comment scan of {document.LineCount:N0} lines: {scan.Elapsed.TotalMilliseconds / 100:F3} ms ({found} requests)");
    return 0;
}

if (args is ["drift", ..])
{
    return await DriftBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10_000);
}

// "drift-memory serve N FOLDER" serves N realistic objects; "drift-memory KUBECONFIG" measures what the drift cache
// holds of them (tests/bench/drift-memory.sh runs both).
if (args is ["drift-memory", "serve", var count, var memoryFolder])
{
    return await DriftMemory.ServeAsync(int.Parse(count, System.Globalization.CultureInfo.InvariantCulture), memoryFolder);
}

if (args is ["drift-memory", var memoryKubeconfig])
{
    return await DriftMemory.MeasureAsync(memoryKubeconfig);
}

// "drift-serve FILE FOLDER" serves FILE's objects from the loopback API emulator until stopped (tests/bench/drift-latency.sh).
if (args is ["drift-serve", var manifests, var kubeconfigFolder])
{
    return await DriftServe.RunAsync(manifests, kubeconfigFolder);
}

// "cel" measures what CEL policies cost per object (with and without them, same repository).
if (args is ["cel", ..])
{
    CelPolicyBenchmark.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20_000);
    return 0;
}

// "bigfile <file.yaml> [edits] [line regex]" times one keystroke in a big multi-document file by stage (parse, snapshot,
// impact, analysis); the edits go to the lines the pattern matches (lspbench's `name:` lines by default).
if (args is ["bigfile", var bigFile, ..])
{
    var edits = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 200;
    return args.Length > 3 ? BigFileBenchmark.Run(bigFile, edits, args[3]) : BigFileBenchmark.Run(bigFile, edits);
}

// "render <corpus>" renders every kustomization folder of the corpus, cold then warm (files already parsed).
if (args is ["render", ..])
{
    return RenderBenchmark.Run(args.Length > 1 ? args[1] : Path.Combine("..", "shared", "corpus"));
}

// "render-roots <repository> [rounds] [parallel]" renders every root of one repository, round after round, on one
// thread or (parallel) on every core as the check does: the kustomize builds alone (build14).
if (args is ["render-roots", var rendered, ..])
{
    var rounds = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 5;
    return RootRenderBenchmark.Run(rendered, rounds, parallel: args.Length > 3 && args[3] == "parallel");
}

// "write-objects <repository> [rounds]" renders every root once, then writes every rendered object (tree, source map,
// text on demand) round after round on one thread: the writer alone (write15).
if (args is ["write-objects", var writtenRepository, ..])
{
    return WriteObjectsBenchmark.Run(writtenRepository, args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 5);
}

// "siblings <repository> [rounds]" renders and writes every root once, then builds each root's siblings view and runs
// the cross-object rules on its objects, round after round on one thread: the siblings views alone (sib16).
if (args is ["siblings", var siblingsRepository, ..])
{
    return SiblingsBenchmark.Run(siblingsRepository, args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 5);
}

// "graph [resources]" times the structure, inclusion graph and placed objects: from scratch, and carried across edits.
if (args is ["graph", ..])
{
    GraphBenchmark.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10_000);
    return 0;
}

// "keystroke ROOT FILE [edits] [typed]" times edit -> snapshot -> analysis of one file in a folder (issue 13); with
// "typed", the analysis the language server publishes per keystroke (without the rendered checks, which follow on a pause).
if (args is ["keystroke", var keystrokeRoot, var keystrokeFile, ..])
{
    return KeystrokeBenchmark.Run(keystrokeRoot, keystrokeFile, args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 200,
        args.Length > 4 && args[4] == "typed" ? GitOpsAi.Core.Analysis.AnalysisScope.WithoutRendered : GitOpsAi.Core.Analysis.AnalysisScope.Full);
}

BenchmarkSwitcher.FromAssembly(typeof(AnalysisBenchmarks).Assembly).Run(args);
return 0;
