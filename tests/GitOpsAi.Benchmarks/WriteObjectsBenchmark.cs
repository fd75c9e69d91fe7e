using GitOpsAi.Core.IO;
using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Benchmarks;

/// <summary>
/// Renders every root of one repository once, then writes every rendered object as the check does (tree, source map,
/// text on demand), round after round on one thread: the writer alone (write15). Thread CPU time and the thread's
/// allocations, which a shared machine disturbs less than wall time.
/// </summary>
internal static class WriteObjectsBenchmark
{
    public static int Run(string repository, int rounds)
    {
        var workspace = WorkspaceLoader.Load(Path.GetFullPath(repository), PhysicalFileSystem.Instance);
        var objects = RenderRoots.Of(workspace).SelectMany(root => RootRenders.Get(workspace, root, keep: false).Objects).ToList();
        var sourceMap = new List<(TextSpan Output, SourceRef Source)>(4096);
        for (var round = 0; round < rounds; round++)
        {
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var cpu = ThreadCpuClock.NowMilliseconds();
            long nodes = 0;
            foreach (var rendered in objects)
            {
                sourceMap.Clear();
                var file = RenderWriter.WriteFile(rendered, sourceMap, textOnDemand: true);
                nodes += file.Documents[0].Root?.ExpandedSize ?? 0;
            }

            var cpuTime = ThreadCpuClock.NowMilliseconds() - cpu;
            var bytes = GC.GetAllocatedBytesForCurrentThread() - allocated;
            Console.WriteLine($"round {round}: {objects.Count:N0} objects, {nodes:N0} nodes written in {cpuTime:N0} ms thread CPU, {bytes / 1e6:N0} MB allocated");
        }

        return 0;
    }
}
