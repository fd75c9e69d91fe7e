using System.Diagnostics;

namespace GitOpsAi.Cli;

/// <summary>
/// With GITOPSAI_TIMING=1 (the language server's switch), one line on stderr per phase of a check and one for the run:
/// wall time, this process's CPU time, bytes allocated, collections and the time the garbage collector paused the
/// program. What the scale benchmarks compare between builds (docs/benchmarks.md) without a profiler attached.
/// </summary>
internal sealed class CheckTimings
{
    private static readonly string? Setting = Environment.GetEnvironmentVariable("GITOPSAI_TIMING");
    private static readonly bool Enabled = Setting is "1" or "gc";

    private readonly TextWriter _stderr;
    private long _phaseStartedAt = Stopwatch.GetTimestamp();
    private TimeSpan _phaseCpu = ProcessCpu();

    private CheckTimings(TextWriter stderr) => _stderr = stderr;

    private static TimeSpan ProcessCpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    /// <summary>Null unless GITOPSAI_TIMING=1 (or =gc, which adds a line per collection): a normal run pays nothing.</summary>
    public static CheckTimings? Start(TextWriter stderr)
    {
        if (!Enabled)
        {
            return null;
        }

        if (Setting == "gc")
        {
            new Thread(() => WatchCollections(stderr)) { IsBackground = true, Name = "GC watch" }.Start();
        }

        return new CheckTimings(stderr);
    }

    /// <summary>
    /// A line per garbage collection seen (polled every millisecond, so two quick ones may show as one): its generation,
    /// pause, promoted bytes and each generation's size after it. What the GC settings in the project file were tuned by.
    /// </summary>
    private static void WatchCollections(TextWriter stderr)
    {
        var startedAt = Stopwatch.GetTimestamp();
        var seen = GC.GetGCMemoryInfo(GCKind.Any).Index;
        while (true)
        {
            var info = GC.GetGCMemoryInfo(GCKind.Any);
            if (info.Index != seen)
            {
                seen = info.Index;
                var sizes = info.GenerationInfo;
                stderr.WriteLine(
                    $"gitops-ai gc: #{info.Index} at {Stopwatch.GetElapsedTime(startedAt).TotalSeconds:F3} s gen{info.Generation} pause {info.PauseDurations[0].TotalMilliseconds:F1} ms, "
                    + $"promoted {info.PromotedBytes / 1e6:F1} MB, after: gen0 {sizes[0].SizeAfterBytes / 1e6:F0} gen1 {sizes[1].SizeAfterBytes / 1e6:F0} "
                    + $"gen2 {sizes[2].SizeAfterBytes / 1e6:F0} large {sizes[3].SizeAfterBytes / 1e6:F0} MB, committed {info.TotalCommittedBytes / 1e6:F0} MB, working set {Environment.WorkingSet / 1048576} MiB");
            }

            Thread.Sleep(1);
        }
    }

    /// <summary>Ends the phase that began at the previous mark (or at the start) and names it.</summary>
    public void Mark(string phase)
    {
        var now = Stopwatch.GetTimestamp();
        var cpu = ProcessCpu();
        _stderr.WriteLine($"gitops-ai timing: {phase} {Stopwatch.GetElapsedTime(_phaseStartedAt, now).TotalSeconds:F3} s wall, {(cpu - _phaseCpu).TotalSeconds:F3} s CPU");
        _phaseStartedAt = now;
        _phaseCpu = cpu;
    }

    /// <summary>The run as a whole, from process start (the runtime's own start-up included).</summary>
    public void Finish()
    {
        using var process = Process.GetCurrentProcess();
        var sinceStart = DateTime.Now - process.StartTime;
        // Lock contentions: a thread-time profile shows threads parked in Monitor.Enter_Slowpath through GC pauses as
        // lock spinning (10.7 % of the corpus check's samples, for about 150 contended locks: docs/benchmarks.md, corp22).
        _stderr.WriteLine(
            $"gitops-ai timing: run {sinceStart.TotalSeconds:F3} s since process start, {process.TotalProcessorTime.TotalSeconds:F3} s CPU, "
            + $"{GC.GetTotalAllocatedBytes(precise: true) / 1e6:F0} MB allocated, collections gen0 {GC.CollectionCount(0)} gen1 {GC.CollectionCount(1)} gen2 {GC.CollectionCount(2)}, "
            + $"GC pauses {GC.GetTotalPauseDuration().TotalSeconds:F3} s, peak working set {process.PeakWorkingSet64 / 1048576.0:F0} MiB, lock contentions {Monitor.LockContentionCount}");
    }
}
