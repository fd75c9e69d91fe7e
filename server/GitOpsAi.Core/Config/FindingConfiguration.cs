using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Config;

/// <summary>
/// What the configuration says about findings, applied in one step to every finding of every source (built-in rules,
/// core checks, Kyverno, and any later source whose codes follow the <c>source:name/part</c> form): turned off,
/// exempted for an object or path, or given another severity, with the editor's severityOverrides on top. The CLI
/// and the language server both analyse through <see cref="Analysis.Analyzer"/>, which calls <see cref="Apply"/>, so
/// they cannot disagree. Sources may ask <see cref="IsOff"/> and <see cref="IsExempt"/> early to skip work; the
/// answer is the same one <see cref="Apply"/> gives.
/// </summary>
public sealed class FindingConfiguration
{
    private readonly RulesConfig _config;
    private readonly IReadOnlyDictionary<string, DiagnosticSeverity?> _editorOverrides;

    public FindingConfiguration(RulesConfig config, IReadOnlyDictionary<string, DiagnosticSeverity?>? editorOverrides = null)
    {
        _config = config;
        _editorOverrides = editorOverrides ?? new Dictionary<string, DiagnosticSeverity?>();
    }

    /// <summary>
    /// The codes a setting for <paramref name="code"/> may be written under, most specific first: <c>kyverno:p/r</c>,
    /// then <c>kyverno:p</c> (all rules of the policy). Built-in rule ids and core codes have only themselves.
    /// </summary>
    public static IEnumerable<string> CodeAndParents(string code)
    {
        yield return code;
        var colon = code.IndexOf(':');
        var current = code;
        while (colon > 0 && current.LastIndexOf('/') is var slash && slash > colon)
        {
            current = current[..slash];
            yield return current;
        }
    }

    /// <summary>The repository's setting for a code (or for its policy), or null when it says nothing.</summary>
    public RuleSetting? SettingFor(string code)
    {
        if (_config.Rules.Count == 0)
        {
            return null;
        }

        foreach (var candidate in CodeAndParents(code))
        {
            if (_config.Rules.TryGetValue(candidate, out var setting))
            {
                return setting;
            }
        }

        return null;
    }

    /// <summary>True when some exemption may cover a finding: only then does a finding depend on the file's path.</summary>
    public bool HasExemptions => _config.Exemptions.Count > 0;

    /// <summary>True when the repository or the editor turns the code off.</summary>
    public bool IsOff(string code) => SettingFor(code)?.Enabled == false || EditorOverride(code) is (true, null);

    /// <summary>
    /// True when an exemption of .gitops-ai/rules.yaml covers the code for this object (or this file). Exemptions are
    /// about policy findings (rules, Kyverno, later sources), not about the core's schema and YAML checks.
    /// </summary>
    public bool IsExempt(string code, string? kind, string? @namespace, string? name, string relativePath) =>
        _config.Exemptions.Count > 0 && !CoreDiagnostics.IsBuiltIn(code) && AnyExemptionCovers(code, kind, @namespace, name, relativePath);

    // Apart from IsExempt: the lambda's captured parameters made a closure on every call, even with no exemptions at all
    // (asked for every rule of every object).
    private bool AnyExemptionCovers(string code, string? kind, string? @namespace, string? name, string relativePath) =>
        _config.Exemptions.Any(e => CodeAndParents(code).Any(e.Covers) && e.Matches(kind, @namespace, name, relativePath));

    /// <summary>The severity a finding of this code is shown at: the editor's override, else the repository's, else its own.</summary>
    public DiagnosticSeverity SeverityOf(string code, DiagnosticSeverity own) =>
        EditorOverride(code) is (true, { } editor) ? editor : SettingFor(code)?.Severity ?? own;

    /// <summary>The one step: drops what is off or exempt, sets severities. Everything else is kept as found.</summary>
    public List<Diagnostic> Apply(WorkspaceFile file, List<Diagnostic> diagnostics)
    {
        if (_config.Rules.Count == 0 && _config.Exemptions.Count == 0 && _editorOverrides.Count == 0)
        {
            return diagnostics;
        }

        var result = new List<Diagnostic>(diagnostics.Count);
        foreach (var diagnostic in diagnostics)
        {
            var code = diagnostic.Code;

            // A hint that stands in for a finding (resolved by a Kyverno mutation) goes where the finding would go.
            var replaced = diagnostic.Properties?.GetValueOrDefault(Analysis.Suppressions.ResolvedCodeProperty);
            if (IsOff(code) || (replaced is not null && IsOff(replaced)))
            {
                continue;
            }

            if (_config.Exemptions.Count > 0 && ObjectAt(file, diagnostic) is var manifest
                && (IsExempt(code, manifest?.Kind, manifest?.Namespace, manifest?.Name, file.RelativePath)
                    || (replaced is not null && IsExempt(replaced, manifest?.Kind, manifest?.Namespace, manifest?.Name, file.RelativePath))))
            {
                continue;
            }

            var severity = SeverityOf(code, diagnostic.Severity);
            result.Add(severity == diagnostic.Severity ? diagnostic : diagnostic.WithSeverity(severity));
        }

        return result;
    }

    private (bool Found, DiagnosticSeverity? Severity) EditorOverride(string code)
    {
        if (_editorOverrides.Count == 0)
        {
            return (false, null);
        }

        foreach (var candidate in CodeAndParents(code))
        {
            if (_editorOverrides.TryGetValue(candidate, out var severity))
            {
                return (true, severity);
            }
        }

        return (false, null);
    }

    private static Manifest? ObjectAt(WorkspaceFile file, Diagnostic diagnostic)
    {
        foreach (var manifest in file.Manifests)
        {
            if (manifest.Document.Span.Contains(diagnostic.Span.Start))
            {
                return manifest;
            }
        }

        return null;
    }
}
