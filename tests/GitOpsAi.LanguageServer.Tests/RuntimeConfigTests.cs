namespace GitOpsAi.LanguageServer.Tests;

/// <summary>The garbage collector settings the server's memory figures depend on (docs/benchmarks.md, issue 13) ship with it.</summary>
public sealed class RuntimeConfigTests
{
    [Test]
    public void The_server_allocates_arrays_below_one_megabyte_as_ordinary_objects_so_each_keystrokes_copies_die_young()
    {
        Assert.That(Setting("System.GC.LOHThreshold"), Is.GreaterThanOrEqualTo(1024 * 1024));
    }

    [Test]
    public void The_servers_young_generation_is_capped_so_a_collection_while_typing_in_a_big_file_stays_short()
    {
        Assert.That(Setting("System.GC.Gen0MaxBudget"), Is.InRange(8L * 1024 * 1024, 32L * 1024 * 1024));
    }

    private static long? Setting(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "GitOpsAi.LanguageServer.runtimeconfig.json");
        using var config = JsonDocument.Parse(File.ReadAllText(path));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
        return properties.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : null;
    }
}
