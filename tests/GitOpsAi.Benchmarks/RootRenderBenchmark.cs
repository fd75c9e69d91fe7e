using System.Diagnostics;
using GitOpsAi.Core.IO;
using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Benchmarks;

/// <summary>
/// Renders every root of one repository (its Flux Kustomizations, else its kustomization folders: what the check
/// renders), in rounds, without checking anything: the kustomize builds alone. On one thread (thread CPU time and the
/// thread's allocations: on a shared machine wall time measures the other work too), or with <c>parallel</c> on every
/// core as the check renders them (process CPU time, every thread's allocations).
/// </summary>
internal static class RootRenderBenchmark
{
    public static int Run(string repository, int rounds, bool parallel)
    {
        var workspace = WorkspaceLoader.Load(Path.GetFullPath(repository), PhysicalFileSystem.Instance);
        var roots = RenderRoots.Of(workspace);
        for (var round = 0; round < rounds; round++)
        {
            var allocated = parallel ? GC.GetTotalAllocatedBytes(precise: true) : GC.GetAllocatedBytesForCurrentThread();
            var cpu = parallel ? Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds : ThreadCpuClock.NowMilliseconds();
            var wall = Stopwatch.StartNew();
            var objects = 0;
            if (parallel)
            {
                Parallel.ForEach(roots, root => Interlocked.Add(ref objects, RootRenders.Get(workspace, root, keep: false).Objects.Count));
            }
            else
            {
                foreach (var root in roots)
                {
                    objects += RootRenders.Get(workspace, root, keep: false).Objects.Count;
                }
            }

            wall.Stop();
            var cpuTime = (parallel ? Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds : ThreadCpuClock.NowMilliseconds()) - cpu;
            var bytes = (parallel ? GC.GetTotalAllocatedBytes(precise: true) : GC.GetAllocatedBytesForCurrentThread()) - allocated;
            Console.WriteLine($"round {round}: {roots.Count} roots, {objects:N0} objects in {wall.Elapsed.TotalMilliseconds:N0} ms ({cpuTime:N0} ms {(parallel ? "process" : "thread")} CPU, {bytes / 1e6:N0} MB allocated)");
        }

        return 0;
    }
}
