using GitOpsAi.Core.Text;
using GitOpsAi.Core.Workspace;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Benchmarks;

/// <summary>
/// YAML parsing alone (<see cref="YamlParser.Parse(SourceText, YamlFile?)"/>, no manifests, no analysis) of every YAML
/// file under a folder, read into memory first: through our own reader (what parsing uses), through the token events
/// and through YamlDotNet's Parser only, in the same run, on one thread and on all cores. The all-cores figure is where the Parser's key interning
/// (String.IsInterned, one lock for all threads) showed.
/// </summary>
internal static class YamlParseBenchmark
{
    public static void Run(string folder, int rounds)
    {
        var texts = Directory.EnumerateFiles(folder, "*.*", SearchOption.AllDirectories)
            .Where(WorkspaceLoader.IsYamlFile)
            .Select(File.ReadAllText)
            .ToList();
        Console.WriteLine($"{texts.Count:N0} files, {texts.Sum(t => (long)t.Length) / 1e6:F1} M characters, {Environment.ProcessorCount} cores");
        for (var round = 0; round < rounds; round++)
        {
            Time($"round {round}, our reader's events alone (no trees), one thread", () => ReadEventsOnly(texts));
            foreach (var reader in Enum.GetValues<YamlParser.ChunkReader>())
            {
                var how = reader switch
                {
                    YamlParser.ChunkReader.Fast => "our reader       ",
                    YamlParser.ChunkReader.TokenEvents => "token events     ",
                    _ => "YamlDotNet Parser",
                };
                Time($"round {round}, {how}, one thread", () =>
                {
                    foreach (var text in texts)
                    {
                        YamlParser.Parse(new SourceText(text), null, reader);
                    }
                });
                Time($"round {round}, {how}, all cores ", () =>
                    Parallel.ForEach(texts, text => YamlParser.Parse(new SourceText(text), null, reader)));
            }
        }
    }

    /// <summary>Our reader over every chunk without building trees: how much of a parse is reading, how much building.</summary>
    private static void ReadEventsOnly(List<string> texts)
    {
        foreach (var text in texts)
        {
            var bodyStart = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
            foreach (var (start, end) in DocumentSplitter.Split(text, bodyStart))
            {
                if (FastEventReader.TryRead(text, start, end) is { } events)
                {
                    TokenEventParser.Release(events);
                }
            }
        }
    }

    private static void Time(string label, Action action)
    {
        var m = Measured.Run(action);
        Console.WriteLine($"{label}: wall {m.Wall.TotalMilliseconds,6:N0} ms, CPU {m.Cpu.TotalMilliseconds,6:N0} ms, {m.AllocatedMb,5:N0} MB allocated, load {Measured.LoadAverage()}");
    }
}
