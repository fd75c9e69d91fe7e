using GitOpsAi.Core.IO;
using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Benchmarks;

/// <summary>
/// Renders and writes every root of one repository once, then builds each root's siblings view and runs the cross-object
/// rules on each of its rendered objects, as the check does, round after round on one thread: the siblings views alone
/// (sib16). Thread CPU time and the thread's allocations. The first round also builds what the views take from the
/// source snapshot (its object index and placed objects), as the check's first roots do.
/// </summary>
internal static class SiblingsBenchmark
{
    public static int Run(string repository, int rounds)
    {
        var workspace = WorkspaceLoader.Load(Path.GetFullPath(repository), PhysicalFileSystem.Instance);
        var roots = RenderRoots.Of(workspace)
            .Select(root => RootRenders.Get(workspace, root, keep: false))
            .Where(render => !RenderedSiblings.SameAsSources(workspace, render))
            .Select(render => (Render: render, Written: render.Objects.Select(o => RenderWriter.WriteFile(o, [], textOnDemand: true)).ToList()))
            .ToList();
        for (var round = 0; round < rounds; round++)
        {
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var cpu = ThreadCpuClock.NowMilliseconds();
            var (objects, findings) = (0, 0);
            foreach (var (render, written) in roots)
            {
                var view = RenderedSiblings.Build(workspace, render, written, rememberFindings: false);
                for (var i = 0; i < view.Files.Count; i++)
                {
                    findings += view.FindingsOf(i, CancellationToken.None).Count;
                }

                objects += view.Files.Count;
            }

            var cpuTime = ThreadCpuClock.NowMilliseconds() - cpu;
            var bytes = GC.GetAllocatedBytesForCurrentThread() - allocated;
            Console.WriteLine($"round {round}: {roots.Count:N0} views, {objects:N0} objects, {findings:N0} findings in {cpuTime:N0} ms thread CPU, {bytes / 1e6:N0} MB allocated");
        }

        return 0;
    }
}
