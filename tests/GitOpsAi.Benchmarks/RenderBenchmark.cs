using System.Diagnostics;
using GitOpsAi.Core.IO;
using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Benchmarks;

/// <summary>
/// Renders every kustomization folder of the corpus with <see cref="KustomizeRenderer"/>: once reading from disk (cold),
/// then over each repository's loaded workspace (warm: the editor's case, files already parsed), in rounds.
/// </summary>
internal static class RenderBenchmark
{
    public static int Run(string corpus)
    {
        corpus = Path.GetFullPath(corpus);
        var folders = Directory.EnumerateFiles(corpus, "*", SearchOption.AllDirectories)
            .Where(ManifestReader.IsKustomizationFileName).Select(f => Path.GetDirectoryName(f)!).Distinct().Order(StringComparer.Ordinal).ToList();
        var byRepository = folders.GroupBy(f => Path.Combine(corpus, Path.GetRelativePath(corpus, f).Split(Path.DirectorySeparatorChar)[0])).ToList();

        var cold = Stopwatch.StartNew();
        var objects = folders.Sum(f => new KustomizeRenderer(RepositoryOf(corpus, f), PhysicalFileSystem.Instance).Render(f, LoadRestriction.RepositoryRoot).Objects.Count);
        cold.Stop();
        Console.WriteLine($"cold (reading and parsing from disk): {folders.Count} folders, {objects:N0} objects in {cold.Elapsed.TotalMilliseconds:N0} ms");

        var workspaces = byRepository.Select(g => (Workspace: WorkspaceLoader.Load(g.Key, PhysicalFileSystem.Instance), Folders: g.ToList())).ToList();
        for (var round = 0; round < 5; round++)
        {
            // CPU time too: on a shared machine the wall time of a round says more about the other processes than the render.
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var warm = Stopwatch.StartNew();
            var count = 0;
            Parallel.ForEach(workspaces, item =>
            {
                var renderer = KustomizeRenderer.For(item.Workspace);
                var local = item.Folders.Sum(f => renderer.Render(f, LoadRestriction.RepositoryRoot).Objects.Count);
                Interlocked.Add(ref count, local);
            });
            warm.Stop();
            var cpuTime = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
            Console.WriteLine($"warm round {round}: {folders.Count} folders, {count:N0} objects in {warm.Elapsed.TotalMilliseconds:N0} ms ({cpuTime:N0} ms CPU)");
        }

        // The rendered checks the analyzer adds, over the whole corpus as one workspace (as gitops-ai check runs it).
        var corpusWorkspace = WorkspaceLoader.Load(corpus, PhysicalFileSystem.Instance);
        var analyzer = new GitOpsAi.Core.Analysis.Analyzer();
        var file = corpusWorkspace.Files.Values.First();
        var checks = Stopwatch.StartNew();
        analyzer.Analyze(corpusWorkspace, file);
        checks.Stop();
        Console.WriteLine($"rendered checks for the whole corpus as one workspace (first file analysed): {checks.Elapsed.TotalMilliseconds:N0} ms");
        return 0;
    }

    private static string RepositoryOf(string corpus, string folder) =>
        Path.Combine(corpus, Path.GetRelativePath(corpus, folder).Split(Path.DirectorySeparatorChar)[0]);
}
