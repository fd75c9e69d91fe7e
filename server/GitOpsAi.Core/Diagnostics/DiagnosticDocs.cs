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

    /// <summary>Where a code is documented in this repository (diagnostics.md for built-in codes, rules.md for rules).</summary>
    public static string DocsPath(string code) =>
        CoreDiagnostics.IsBuiltIn(code)
            ? $"docs/diagnostics.md#{code}"
            : code.StartsWith("kyverno:", StringComparison.Ordinal)
                ? "docs/rules.md#the-repositorys-own-kyverno-policies"
                : $"docs/rules.md#{code}";

    /// <summary>
    /// The repository's address from the <c>repository</c> field of its package.json, stamped into the assembly at build
    /// time (Directory.Build.props); null when it has none, so no front end ever invents a host.
    /// </summary>
    public static string? RepositoryUrl { get; } = NormalizeRepositoryUrl(
        typeof(DiagnosticDocs).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .OfType<System.Reflection.AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "RepositoryUrl")?.Value);

    /// <summary>The web address of a code's documentation, or null when the repository's address is unknown.</summary>
    public static string? HelpUri(string code, string? repositoryUrl) =>
        NormalizeRepositoryUrl(repositoryUrl) is { } url ? $"{url}/blob/main/{DocsPath(code)}" : null;

    public static string? HelpUri(string code) => HelpUri(code, RepositoryUrl);

    /// <summary>"git+https://github.com/o/r.git" → "https://github.com/o/r"; anything but an https address → null.</summary>
    public static string? NormalizeRepositoryUrl(string? value)
    {
        var url = value?.Trim();
        if (string.IsNullOrEmpty(url))
        {
            return null;
        }

        url = url.StartsWith("git+", StringComparison.Ordinal) ? url[4..] : url;
        url = url.EndsWith(".git", StringComparison.Ordinal) ? url[..^4] : url;
        return Uri.TryCreate(url.TrimEnd('/'), UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps ? uri.AbsoluteUri.TrimEnd('/') : null;
    }
}
