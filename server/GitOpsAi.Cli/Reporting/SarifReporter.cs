using System.Reflection;
using System.Text.Json;
using GitOpsAi.Core.Diagnostics;

namespace GitOpsAi.Cli.Reporting;

/// <summary>
/// SARIF 2.1.0 as GitHub code scanning accepts it: one run, a rule per diagnostic code used, results with
/// <c>%SRCROOT%</c>-relative locations. Written as plain JSON (the SARIF SDK is not available here).
/// </summary>
internal sealed class SarifReporter : IReporter
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    public void Write(TextWriter output, IReadOnlyList<ReportedFile> files)
    {
        // One %SRCROOT% for the run: with several checked paths, every location is relative to the folder holding them all.
        var root = CommonFolder(files.Select(f => f.Root).Distinct(StringComparer.Ordinal).ToList());
        var diagnostics = ReportedDiagnostic.All(root is null ? files : files.Select(f => f with { Root = root })).ToList();
        var ruleIds = diagnostics.Select(d => d.Diagnostic.Code).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var ruleIndex = ruleIds.Select((id, index) => (id, index)).ToDictionary(p => p.id, p => p.index, StringComparer.Ordinal);
        var descriptors = DiagnosticCatalog.All.ToDictionary(d => d.Code, StringComparer.Ordinal);
        var version = typeof(SarifReporter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

        using var json = new StreamedJson(output, Utf8Stdout.For(output));
        var writer = json.Writer;
        writer.WriteStartObject();
        writer.WriteString("$schema", SchemaUri);
        writer.WriteString("version", "2.1.0");
        writer.WriteStartArray("runs");
        writer.WriteStartObject();

        writer.WriteStartObject("tool");
        writer.WriteStartObject("driver");
        writer.WriteString("name", "gitops-ai");
        if (DiagnosticDocs.RepositoryUrl is { } repositoryUrl)
        {
            writer.WriteString("informationUri", repositoryUrl);
        }

        writer.WriteString("version", version);
        writer.WriteString("semanticVersion", version);
        writer.WriteStartArray("rules");
        foreach (var id in ruleIds)
        {
            var descriptor = descriptors.GetValueOrDefault(id);
            var severity = descriptor?.DefaultSeverity ?? diagnostics.First(d => d.Diagnostic.Code == id).Diagnostic.Severity;
            writer.WriteStartObject();
            writer.WriteString("id", id);
            writer.WriteString("name", ToPascalCase(id));
            writer.WriteStartObject("shortDescription");
            writer.WriteString("text", descriptor?.Title ?? id);
            writer.WriteEndObject();
            if (DiagnosticDocs.HelpUri(id) is { } helpUri)
            {
                writer.WriteString("helpUri", helpUri); // only with a real address: never an invented host
            }

            writer.WriteStartObject("defaultConfiguration");
            writer.WriteString("level", Level(severity));
            writer.WriteEndObject();
            writer.WriteStartObject("properties");
            writer.WriteStartArray("tags");
            writer.WriteStringValue(descriptor?.Source ?? "gitops-ai");
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
            json.FlushIfLarge();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();

        if (root is not null)
        {
            writer.WriteStartObject("originalUriBaseIds");
            writer.WriteStartObject("%SRCROOT%");
            writer.WriteString("uri", new Uri(root.EndsWith('/') ? root : root + "/").AbsoluteUri);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteStartArray("results");
        foreach (var item in diagnostics)
        {
            writer.WriteStartObject();
            writer.WriteString("ruleId", item.Diagnostic.Code);
            writer.WriteNumber("ruleIndex", ruleIndex[item.Diagnostic.Code]);
            writer.WriteString("level", Level(item.Diagnostic.Severity));
            writer.WriteStartObject("message");
            writer.WriteString("text", item.Diagnostic.Message);
            writer.WriteEndObject();
            writer.WriteStartArray("locations");
            writer.WriteStartObject();
            writer.WriteStartObject("physicalLocation");
            writer.WriteStartObject("artifactLocation");
            writer.WriteString("uri", EscapePath(item.Path));
            writer.WriteString("uriBaseId", "%SRCROOT%");
            writer.WriteEndObject();
            writer.WriteStartObject("region");
            writer.WriteNumber("startLine", item.Line);
            writer.WriteNumber("startColumn", item.Column);
            writer.WriteNumber("endLine", item.EndLine);
            writer.WriteNumber("endColumn", Math.Max(item.EndColumn, item.EndLine == item.Line ? item.Column : 1));
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
            json.FlushIfLarge();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();

        json.Complete();
    }

    /// <summary>SARIF has error, warning and note; information and hints are notes.</summary>
    public static string Level(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        _ => "note",
    };

    /// <summary>The deepest folder that holds all of the folders; null for none.</summary>
    private static string? CommonFolder(IReadOnlyList<string> folders)
    {
        var common = folders.FirstOrDefault();
        foreach (var folder in folders.Skip(1))
        {
            while (common is not null && !IsSameOrUnder(folder, common))
            {
                common = Path.GetDirectoryName(common);
            }
        }

        return common;
    }

    private static bool IsSameOrUnder(string path, string folder) =>
        path == folder || path.StartsWith(Path.EndsInDirectorySeparator(folder) ? folder : folder + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static string EscapePath(string relativePath) =>
        string.Join('/', relativePath.Split('/').Select(Uri.EscapeDataString));

    private static string ToPascalCase(string code) =>
        string.Concat(code.Split('-', StringSplitOptions.RemoveEmptyEntries).Select(part => char.ToUpperInvariant(part[0]) + part[1..]));
}
