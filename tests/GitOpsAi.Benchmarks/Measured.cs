using System.Diagnostics;

namespace GitOpsAi.Benchmarks;

/// <summary>One timed piece of work: wall time, the process's CPU time and bytes allocated (after a full collection first).</summary>
internal readonly record struct Measured(TimeSpan Wall, TimeSpan Cpu, double AllocatedMb)
{
    public static Measured Run(Action action)
    {
        GC.Collect();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes(precise: false);
        var stopwatch = Stopwatch.StartNew();
        action();
        stopwatch.Stop();
        return new Measured(stopwatch.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpu,
            (GC.GetTotalAllocatedBytes(precise: false) - allocated) / 1e6);
    }

    /// <summary>The machine's 1, 5 and 15 minute load averages: every figure is read against them.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
