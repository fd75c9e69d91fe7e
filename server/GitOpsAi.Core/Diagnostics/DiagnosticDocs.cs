using System.Text;

namespace GitOpsAi.Core.Diagnostics;

/// <summary>docs/diagnostics.md: every built-in (non-rule) diagnostic code, generated from <see cref="CoreDiagnostics"/>.</summary>
public static class DiagnosticDocs
{
    public const string Begin = "<!-- generated:diagnostics:begin -->";
    public const string End = "<!-- generated:diagnostics:end -->";

    public static string Reference()
    {
        var builder = new StringBuilder(Begin + "\n");
        builder.Append("| Code | Default severity | Source | Meaning |\n|---|---|---|---|\n");
        foreach (var descriptor in CoreDiagnostics.All)
        {
            builder.Append($"| <a id=\"{descriptor.Code}\"></a>`{descriptor.Code}` | {descriptor.DefaultSeverity.ToName()} | {descriptor.Source} | {descriptor.Title} |\n");
        }

        return builder.Append(End).Append('\n').ToString();
    }

    /// <summary>Where a code is documented (diagnostics.md for built-in codes, rules.md for rules).</summary>
    public static string HelpUri(string code) =>
        CoreDiagnostics.IsBuiltIn(code)
            ? $"https://github.com/gitopsai/gitops-ai/blob/main/docs/diagnostics.md#{code}"
            : code.StartsWith("kyverno:", StringComparison.Ordinal)
                ? "https://github.com/gitopsai/gitops-ai/blob/main/docs/rules.md#the-repositorys-own-kyverno-policies"
                : $"https://github.com/gitopsai/gitops-ai/blob/main/docs/rules.md#{code}";
}
