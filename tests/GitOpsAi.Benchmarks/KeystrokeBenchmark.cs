using System.Diagnostics;
using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.IO;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Benchmarks;

/// <summary>
/// "keystroke ROOT FILE [edits]": what the language server does per keystroke, without the protocol: the folder is
/// loaded once, then each edit appends or removes an 'x' on a `name:` line of FILE, lays the new text over the newest
/// snapshot (as WorkspaceService.Update does) and analyses the file. Prints the median/p95/p99 and the bytes allocated
/// per edit; a steady target for `dotnet-trace collect -- dotnet GitOpsAi.Benchmarks.dll keystroke ...` (issue 13).
/// </summary>
internal static class KeystrokeBenchmark
{
    public static int Run(string root, string file, int edits, AnalysisScope scope = AnalysisScope.Full)
    {
        root = Path.GetFullPath(root);
        var path = Path.GetFullPath(Path.Combine(root, file));
        var load = Stopwatch.StartNew();
        var snapshot = WorkspaceLoader.Load(root, PhysicalFileSystem.Instance);
        Console.WriteLine($"loaded {snapshot.Files.Count:N0} files in {load.Elapsed.TotalMilliseconds:N0} ms");
        var analyzer = new Analyzer();
        var current = snapshot.GetFile(path) ?? throw new InvalidOperationException($"{path} is not a YAML file of {root}");
        analyzer.Analyze(snapshot, current);
        var lines = current.Source.Text.Split('\n');
        var targets = Enumerable.Range(0, lines.Length).Where(i => lines[i].TrimStart().StartsWith("name: ", StringComparison.Ordinal)).ToList();
        var times = new List<double>(edits);
        var cpuTimes = new List<double>(edits);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        for (var edit = 0; edit < edits; edit++)
        {
            var line = targets[edit / 2 % targets.Count];
            lines[line] = edit % 2 == 0 ? lines[line] + "x" : lines[line][..^1];
            var stopwatch = Stopwatch.StartNew();
            var cpuBefore = ThreadCpuClock.NowMilliseconds();
            current = WorkspaceFile.FromText(path, root, string.Join('\n', lines), current);
            snapshot = snapshot.WithFile(path, current);
            analyzer.Analyze(snapshot, current, scope);
            times.Add(stopwatch.Elapsed.TotalMilliseconds);
            cpuTimes.Add((ThreadCpuClock.NowMilliseconds() - cpuBefore) ?? 0);
        }

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        times.Sort();
        cpuTimes.Sort();
        double At(double p) => times[Math.Min(times.Count - 1, (int)Math.Ceiling(p * times.Count) - 1)];

        // The thread's CPU time counts the work of this thread only (not the other processes of a shared machine).
        Console.WriteLine($"thread CPU per edit: median {cpuTimes[cpuTimes.Count / 2]:F2} ms, p95 {cpuTimes[Math.Min(cpuTimes.Count - 1, (int)Math.Ceiling(0.95 * cpuTimes.Count) - 1)]:F2}");
        Console.WriteLine($"{edits} edits of {file} ({scope}): median {At(0.5):F2} ms, p95 {At(0.95):F2}, p99 {At(0.99):F2}, max {times[^1]:F2}; {allocated / edits / 1024.0 / 1024.0:F2} MB allocated per edit; heap {GC.GetTotalMemory(forceFullCollection: true) / 1024 / 1024} MiB");
        return 0;
    }
}
