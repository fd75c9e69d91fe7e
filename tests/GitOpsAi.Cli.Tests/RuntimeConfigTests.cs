using System.Text.Json;

namespace GitOpsAi.Cli.Tests;

/// <summary>The garbage collector settings the CLI's memory figures depend on (docs/benchmarks.md, issue 13) ship with it.</summary>
public class RuntimeConfigTests
{
    [Test]
    public void The_program_allocates_arrays_below_one_megabyte_as_ordinary_objects_so_per_root_copies_die_young()
    {
        var (path, properties) = ConfigProperties();

        Assert.That(properties.TryGetProperty("System.GC.LOHThreshold", out var threshold), Is.True, path);
        Assert.That(threshold.GetInt64(), Is.GreaterThanOrEqualTo(1024 * 1024));
    }

    [Test]
    public void The_program_collects_garbage_without_background_collections_so_the_heap_stays_near_what_is_live()
    {
        var (path, properties) = ConfigProperties();

        Assert.That(properties.TryGetProperty("System.GC.Concurrent", out var concurrent), Is.True, path);
        Assert.That(concurrent.GetBoolean(), Is.False);
    }

    [Test]
    public void The_program_caps_each_heap_s_young_generation_so_young_garbage_does_not_double_the_peak_memory()
    {
        var (path, properties) = ConfigProperties();

        Assert.That(properties.TryGetProperty("System.GC.Gen0MaxBudget", out var budget), Is.True, path);
        Assert.That(budget.GetInt64(), Is.InRange(4L * 1024 * 1024, 64L * 1024 * 1024));
    }

    [Test]
    public void The_program_s_young_generation_cap_stays_at_40_MB_or_less_where_the_runtime_keeps_gen0_at_its_cache_sized_floor()
    {
        var (path, properties) = ConfigProperties();

        // Measured at 50k on the 32 MB-L3 machine (docs/benchmarks.md, "GC pauses at 50k (gc15)"): any cap of 21-40 MB gives
        // the same 20 MB gen0 budget a heap (5/8 of the L3), 41 MB or more a budget equal to the cap: half the gen0
        // collections, but 40-60 MiB more peak RSS (452-480 against 397-435 MiB), over the 400 MiB target.
        Assert.That(properties.TryGetProperty("System.GC.Gen0MaxBudget", out var budget), Is.True, path);
        Assert.That(budget.GetInt64(), Is.LessThanOrEqualTo(40L * 1024 * 1024));
    }

    [Test]
    public void The_program_keeps_a_fixed_number_of_heaps_so_gen1_is_collected_before_dead_renders_pile_up_in_it()
    {
        var (path, properties) = ConfigProperties();

        Assert.That(properties.TryGetProperty("System.GC.DynamicAdaptationMode", out var mode), Is.True, path);
        Assert.That(mode.GetInt32(), Is.Zero);
        Assert.That(properties.TryGetProperty("System.GC.Gen0MaxBudget", out _), Is.True, "without a gen0 cap a fixed heap count sizes gen0 from the cache: 730 MiB at 50k");
    }

    [Test]
    public void The_program_counts_calls_from_the_start_and_optimizes_only_methods_called_thousands_of_times()
    {
        var (path, properties) = ConfigProperties();

        Assert.That(properties.TryGetProperty("System.Runtime.TieredCompilation.CallCountingDelayMs", out var delay), Is.True, path);
        Assert.That(delay.GetInt32(), Is.Zero, "the runtime's 100 ms (and the earlier 10) kept the 50k check's writer on precompiled code");
        Assert.That(properties.TryGetProperty("System.Runtime.TieredCompilation.CallCountThreshold", out var threshold), Is.True, path);
        Assert.That(
            threshold.GetInt32(),
            Is.InRange(1024, 16384),
            "with no delay, the runtime's 30 calls optimized every lukewarm method of a check of many kinds (the corpus 13 % slower); "
            + "65,535 left busy methods precompiled (50k 2.40-2.52 against 2.23-2.29 s wall at 4,096)");
    }

    /// <summary>The shipped runtimeconfig's path and its configProperties.</summary>
    private static (string Path, JsonElement Properties) ConfigProperties()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "gitops-ai.runtimeconfig.json");
        using var config = JsonDocument.Parse(File.ReadAllText(path));
        return (path, config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").Clone());
    }
}
