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
        Console.WriteLine($"{resources:N0} resources, {files.Count:N0} files, {characters / 1e6:F1} M characters, load average {Measured.LoadAverage()}");
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
        var m = Measured.Run(action);
        Console.WriteLine($"{label}: wall {m.Wall.TotalMilliseconds:N0} ms, CPU {m.Cpu.TotalMilliseconds:N0} ms, {resources / m.Wall.TotalSeconds:N0} resources/s, {m.AllocatedMb:N0} MB allocated");
    }
}
