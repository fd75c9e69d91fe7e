using System.Diagnostics;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Benchmarks;

/// <summary>
/// Parsing alone, which is what indexing a repository costs: the synthetic repository's files become
/// <see cref="WorkspaceFile"/>s (YAML tree and manifests), on one thread and then on all cores. CPU time is printed
/// beside wall time because the build machine is shared: CPU time per resource is the steadier figure.
/// </summary>
internal static class ParseBenchmark
{
    public static void Run(int resources)
    {
        var files = SyntheticRepository.Generate(resources);
        var characters = files.Sum(f => (long)f.Text.Length);
        Console.WriteLine($"{resources:N0} resources, {files.Count:N0} files, {characters / 1e6:F1} M characters, load average {LoadAverage()}");
        for (var round = 0; round < 3; round++)
        {
            Time($"round {round}, one thread", resources, () =>
            {
                foreach (var (path, text) in files)
                {
                    WorkspaceFile.FromText(path, SyntheticRepository.Root, text);
                }
            });
            Time($"round {round}, all cores", resources, () => Parallel.For(0, files.Count, i => WorkspaceFile.FromText(files[i].Path, SyntheticRepository.Root, files[i].Text)));
            Time($"round {round}, snapshot", resources, () => SyntheticRepository.Parse(files));
        }

        // What a parsed repository keeps in memory (the language server holds this for the whole session).
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var snapshot = SyntheticRepository.Parse(files);
        var retained = GC.GetTotalMemory(forceFullCollection: true) - before;
        Console.WriteLine($"retained by the parsed snapshot: {retained / 1048576.0:N0} MiB ({retained / resources:N0} bytes per resource, {snapshot.Files.Count:N0} files)");
        GC.KeepAlive(snapshot);
    }

    private static void Time(string label, int resources, Action action)
    {
        GC.Collect();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes(precise: false);
        var stopwatch = Stopwatch.StartNew();
        action();
        stopwatch.Stop();
        var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var allocatedMb = (GC.GetTotalAllocatedBytes(precise: false) - allocated) / 1e6;
        Console.WriteLine($"{label}: wall {stopwatch.Elapsed.TotalMilliseconds:N0} ms, CPU {cpuUsed.TotalMilliseconds:N0} ms, {resources / stopwatch.Elapsed.TotalSeconds:N0} resources/s, {allocatedMb:N0} MB allocated");
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
