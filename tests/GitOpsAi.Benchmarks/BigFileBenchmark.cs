using System.Diagnostics;
using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Benchmarks;

/// <summary>
/// One keystroke in a big multi-document file, the way the language server handles it (re-parse with the previous
/// file, lay it over the snapshot, change impact, analysis), timed by stage, with the processor time it took (less
/// sensitive than wall time to a machine shared with other work). Edits alternate like lspbench's: an 'x' appended to
/// a `name:` line, then removed. With GITOPSAI_BENCH_TYPED=1 the analysis is the one the language server publishes
/// per keystroke (without the rendered-output checks, which follow when typing pauses).
/// </summary>
internal static class BigFileBenchmark
{
    public static int Run(string path, int edits, string linePattern = @"^\s+name:\s+[A-Za-z0-9_.-]+\s*$")
    {
        var root = Path.GetDirectoryName(Path.GetFullPath(path))!;
        path = Path.GetFullPath(path);
        var text = File.ReadAllText(path);
        var analyzer = new Analyzer();
        var scope = Environment.GetEnvironmentVariable("GITOPSAI_BENCH_TYPED") == "1" ? AnalysisScope.WithoutRendered : AnalysisScope.Full;
        var file = WorkspaceFile.FromText(path, root, text);
        var snapshot = WorkspaceLoader.Create(root, [file], new GitOpsAi.Core.IO.PhysicalFileSystem(), new WorkspaceOptions());
        var first = analyzer.Analyze(snapshot, file);
        Console.WriteLine($"{path}: {file.Source.LineCount:N0} lines, {file.Manifests.Count} objects, {first.Diagnostics.Count} diagnostics");

        var targets = new List<int>();
        var lineStart = 0;
        foreach (var line in text.Split('\n'))
        {
            if (System.Text.RegularExpressions.Regex.IsMatch(line, linePattern))
            {
                targets.Add(lineStart + line.TrimEnd('\r').Length);
            }

            lineStart += line.Length + 1;
        }

        var parse = new List<double>();
        var snap = new List<double>();
        var impact = new List<double>();
        var analyse = new List<double>();
        var total = new List<double>();
        var cpu = new List<double>();
        var allocated = new List<double>();
        var process = Process.GetCurrentProcess();
        for (var edit = 0; edit < edits; edit++)
        {
            var at = targets[(edit / 2 * 7919) % targets.Count];
            var newText = edit % 2 == 0 ? text.Insert(at, "x") : text.Remove(at, 1);
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var bytesBefore = GC.GetTotalAllocatedBytes();
            var stopwatch = Stopwatch.StartNew();
            var updated = WorkspaceFile.FromText(path, root, newText, file);
            var t1 = stopwatch.Elapsed.TotalMilliseconds;
            var updatedSnapshot = snapshot.WithFile(path, updated);
            var t2 = stopwatch.Elapsed.TotalMilliseconds;
            _ = ChangeImpact.Of(file, updated, root);
            var t3 = stopwatch.Elapsed.TotalMilliseconds;
            _ = analyzer.Analyze(updatedSnapshot, updated, scope);
            var t4 = stopwatch.Elapsed.TotalMilliseconds;
            process.Refresh();
            var cpuUsed = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds;
            var megabytes = (GC.GetTotalAllocatedBytes() - bytesBefore) / 1048576.0;
            if (edit >= 5)
            {
                parse.Add(t1);
                snap.Add(t2 - t1);
                impact.Add(t3 - t2);
                analyse.Add(t4 - t3);
                total.Add(t4);
                cpu.Add(cpuUsed);
                allocated.Add(megabytes);
            }

            (text, file, snapshot) = (newText, updated, updatedSnapshot);
        }

        static string Median(List<double> values)
        {
            values.Sort();
            return $"median {values[values.Count / 2],6:F2} p99 {values[(int)(values.Count * 0.99)],6:F2}";
        }

        Console.WriteLine($"parse    {Median(parse)}");
        Console.WriteLine($"snapshot {Median(snap)}");
        Console.WriteLine($"impact   {Median(impact)}");
        Console.WriteLine($"analyse  {Median(analyse)}");
        Console.WriteLine($"total    {Median(total)}  (ms, {total.Count} edits)");
        Console.WriteLine($"CPU      {Median(cpu)}  (ms of processor time, all threads, GC included; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]})");
        Console.WriteLine($"alloc    {Median(allocated)}  (MB allocated per keystroke)");
        Console.WriteLine($"per-document checks taken over: {analyzer.ReusedDocuments:N0} of {2L * edits * file.Yaml.Documents.Count:N0} (schemas and rules, for each document and edit)");
        return 0;
    }
}
