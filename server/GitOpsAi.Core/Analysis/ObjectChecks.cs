using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Manifests;

namespace GitOpsAi.Core.Analysis;

/// <summary>Runs an <see cref="IObjectAnalyzer"/> over a file's objects: one by one, or on all cores for a large file.</summary>
internal static class ObjectChecks
{
    /// <summary>From this many objects to check, they are checked on all cores.</summary>
    public const int ParallelThreshold = 64;

    /// <summary>How many runs of objects each core is given when a file is checked on all of them: enough for a core to take over another's.</summary>
    private const int RunsPerCore = 8;

    /// <summary>
    /// Every object's findings added to <paramref name="output"/> in file order. A large file (hundreds of objects) is cut
    /// into a few runs of consecutive objects, each run's findings in a list of its own, joined in order once all are
    /// checked: a list per object (grown as findings came) was 6 MB of a 50,000-resource check.
    /// </summary>
    public static void CheckEach(IObjectAnalyzer analyzer, FileAnalysisContext context, IReadOnlyList<Manifest> objects, List<Diagnostic> output)
    {
        if (objects.Count < ParallelThreshold)
        {
            for (var i = 0; i < objects.Count; i++)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                analyzer.AnalyzeObject(context, objects[i], output);
            }

            return;
        }

        CheckInParallel(analyzer, context, objects, output);
    }

    // Its own method: the parallel loop's closure was made on entry for every file, the one-object files of rendered
    // objects included (with the enumerator it replaced, 10 MB of a 50,000-resource check).
    private static void CheckInParallel(IObjectAnalyzer analyzer, FileAnalysisContext context, IReadOnlyList<Manifest> objects, List<Diagnostic> output)
    {
        var runs = Math.Min(objects.Count, Environment.ProcessorCount * RunsPerCore);
        var parts = new List<Diagnostic>[runs];
        Parallel.For(0, runs, new ParallelOptions { CancellationToken = context.CancellationToken }, run =>
        {
            var found = new List<Diagnostic>();
            for (var i = run * objects.Count / runs; i < (run + 1) * objects.Count / runs; i++)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                analyzer.AnalyzeObject(context, objects[i], found);
            }

            parts[run] = found;
        });

        output.EnsureCapacity(output.Count + parts.Sum(p => p.Count)); // grown once, not doubled
        foreach (var part in parts)
        {
            output.AddRange(part);
        }
    }
}
