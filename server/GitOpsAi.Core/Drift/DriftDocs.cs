using System.Text;

namespace GitOpsAi.Core.Drift;

/// <summary>
/// The tables docs/drift.md shows, made from the code that applies them (a meta-test keeps the page current): what is
/// never drift, the values the API server defaults, and the fields Kubernetes will not let an update change.
/// </summary>
public static class DriftDocs
{
    public const string Begin = "<!-- generated:drift-tables:begin -->";
    public const string End = "<!-- generated:drift-tables:end -->";

    public static string Tables()
    {
        var text = new StringBuilder();
        text.AppendLine("### Never drift, whoever wrote it").AppendLine();
        text.AppendLine($"- Server-owned fields (and everything under them): {Codes(DriftNoise.ServerOwnedPaths)}.");
        text.AppendLine($"- Annotations (a trailing `/` is a prefix): {Codes(DriftNoise.TrackingAnnotations)}.");
        text.AppendLine($"- Labels (a trailing `/` is a prefix): {Codes(DriftNoise.TrackingLabels)}.");
        text.AppendLine();
        text.AppendLine("### Values the API server defaults").AppendLine();
        text.AppendLine("A live field Git does not set is not drift when it holds this value (\"any\": whatever the server chose).");
        text.AppendLine("Each row is a case of `ServerDefaultsTableTests` (the default is in sync; where a value is named, another value is drift).").AppendLine();
        text.AppendLine("| Kinds | Field | Value |");
        text.AppendLine("|---|---|---|");
        foreach (var entry in ServerDefaults.All)
        {
            text.AppendLine($"| {entry.Kinds.Replace(",", ", ", StringComparison.Ordinal)} | `{entry.Pattern}` | {(entry.Value is null ? "any" : $"`{(entry.Value.Length == 0 ? "\"\"" : entry.Value)}`")} |");
        }

        text.AppendLine();
        text.AppendLine("### Immutable fields").AppendLine();
        foreach (var line in ImmutableFields.Documented)
        {
            text.AppendLine($"- {line}");
        }

        return text.ToString();
    }

    private static string Codes(IEnumerable<string> values) => string.Join(", ", values.Select(v => $"`{v}`"));
}
