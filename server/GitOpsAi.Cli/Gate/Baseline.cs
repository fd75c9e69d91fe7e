using System.Text.Json;
using System.Text.Json.Serialization;
using GitOpsAi.Cli.Reporting;

namespace GitOpsAi.Cli.Gate;

/// <summary>
/// The findings a team accepted when adopting the gate (Android lint's, detekt's and PHPStan's baselines): they do not
/// fail the run, new ones do, and the ones that are gone are reported as fixed so the file can shrink. Entries are
/// matched by code, path and object (see <see cref="FindingKey"/>) with a count, so moving lines changes nothing and a
/// second copy of an accepted finding in the same object is new.
/// </summary>
internal sealed class Baseline
{
    private const int FormatVersion = 1;

    private Baseline(IReadOnlyList<Entry> entries) => Entries = entries;

    public IReadOnlyList<Entry> Entries { get; }

    internal sealed record Entry(
        [property: JsonPropertyName("code")] string Code,
        [property: JsonPropertyName("path")] string Path,
        [property: JsonPropertyName("object")] string Object,
        [property: JsonPropertyName("count")] int Count);

    private sealed record FileFormat(
        [property: JsonPropertyName("version")] int Version,
        [property: JsonPropertyName("tool")] string Tool,
        [property: JsonPropertyName("findings")] IReadOnlyList<Entry> Findings);

    /// <summary>Reads a baseline; a missing or malformed file is a usage error (<see cref="BaselineException"/>), never "no baseline".</summary>
    public static Baseline Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new BaselineException($"cannot read the baseline {path}: {exception.Message}");
        }

        try
        {
            var format = JsonSerializer.Deserialize<FileFormat>(text);
            if (format is null || format.Version != FormatVersion || format.Findings is null || format.Findings.Any(e => e is null || e.Code is null || e.Path is null || e.Object is null || e.Count < 1))
            {
                throw new BaselineException($"{path} is not a gitops-ai baseline (version {FormatVersion}); write one with --write-baseline.");
            }

            return new Baseline(format.Findings);
        }
        catch (JsonException exception)
        {
            throw new BaselineException($"{path} is not valid JSON at line {(exception.LineNumber ?? 0) + 1}: write it with --write-baseline.");
        }
    }

    public static int Write(string path, IEnumerable<ReportedFile> files)
    {
        var entries = Keys(files).GroupBy(k => k)
            .Select(g => new Entry(g.Key.Code, g.Key.Path, g.Key.Object, g.Count()))
            .OrderBy(e => e.Path, StringComparer.Ordinal).ThenBy(e => e.Object, StringComparer.Ordinal).ThenBy(e => e.Code, StringComparer.Ordinal)
            .ToList();
        var json = JsonSerializer.Serialize(new FileFormat(FormatVersion, "gitops-ai", entries), new JsonSerializerOptions { WriteIndented = true });
        File.WriteAllText(path, json + "\n");
        return entries.Sum(e => e.Count);
    }

    /// <summary>Splits the findings into new ones (kept in the returned files) and baselined ones (counted), and lists the fixed entries.</summary>
    public GateResult Apply(IReadOnlyList<ReportedFile> files)
    {
        var remaining = Entries.GroupBy(e => new FindingKey(e.Code, e.Path, e.Object)).ToDictionary(g => g.Key, g => g.Sum(e => e.Count));
        var baselined = 0;
        var kept = new List<ReportedFile>();
        foreach (var file in files)
        {
            var newOnes = new List<Core.Diagnostics.Diagnostic>();
            foreach (var diagnostic in file.Analysis.Diagnostics)
            {
                var key = FindingKey.Of(file, diagnostic);
                if (remaining.TryGetValue(key, out var left) && left > 0)
                {
                    remaining[key] = left - 1;
                    baselined++;
                }
                else
                {
                    newOnes.Add(diagnostic);
                }
            }

            kept.Add(file with { Analysis = file.Analysis with { Diagnostics = newOnes } });
        }

        var analysedPaths = files.Select(f => f.RelativePath).ToHashSet(StringComparer.Ordinal);
        var fixedEntries = remaining.Where(p => p.Value > 0 && analysedPaths.Contains(p.Key.Path)).Select(p => new Entry(p.Key.Code, p.Key.Path, p.Key.Object, p.Value)).ToList();
        return new GateResult(kept, baselined, fixedEntries);
    }

    private static IEnumerable<FindingKey> Keys(IEnumerable<ReportedFile> files) =>
        files.SelectMany(file => file.Analysis.Diagnostics.Select(d => FindingKey.Of(file, d)));
}

/// <param name="Files">The files with only the findings that are not in the baseline.</param>
/// <param name="Fixed">Baseline entries (of the files checked in this run) that no longer occur, with how many are gone.</param>
internal sealed record GateResult(IReadOnlyList<ReportedFile> Files, int Baselined, IReadOnlyList<Baseline.Entry> Fixed);

internal sealed class BaselineException(string message) : Exception(message);
