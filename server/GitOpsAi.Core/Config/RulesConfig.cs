using System.Text.Json.Nodes;
using GitOpsAi.Core.Diagnostics;
using Microsoft.Extensions.FileSystemGlobbing;

namespace GitOpsAi.Core.Config;

/// <summary>How one rule (or any diagnostic code) is configured: on/off, severity, parameter overrides.</summary>
public sealed record RuleSetting(bool? Enabled, DiagnosticSeverity? Severity, JsonObject? Parameters);

/// <summary>
/// A per-resource exemption from .gitops-ai/rules.yaml: which rules ("*" for all), for which objects (kind, namespace,
/// name glob) or files (path glob relative to the repository root), and why.
/// </summary>
public sealed record RuleExemption(IReadOnlyList<string> Rules, string? Kind, string? Namespace, string? Name, string? Path, string? Reason)
{
    public bool Covers(string ruleId) => Rules.Contains("*") || Rules.Contains(ruleId, StringComparer.Ordinal);

    public bool Matches(string? kind, string? @namespace, string? name, string relativePath) =>
        (Kind is null || string.Equals(Kind, kind, StringComparison.Ordinal))
        && (Namespace is null || Glob.IsMatch(Namespace, @namespace ?? string.Empty))
        && (Name is null || Glob.IsMatch(Name, name ?? string.Empty))
        && (Path is null || Glob.MatchesPath(Path, relativePath));
}

/// <summary>Repository-wide inputs some rules need (the "configured" paths, stores and defaults).</summary>
public sealed record RulesSettings
{
    /// <summary>Path globs of tenant folders: Flux Kustomizations there must set spec.serviceAccountName.</summary>
    public IReadOnlyList<string> TenantPaths { get; init; } = [];

    /// <summary>The sealed-secrets controller's public certificate (PEM), relative to the repository root.</summary>
    public string? SealedSecretsCertificate { get; init; }

    /// <summary>strict (default), namespace-wide or cluster-wide, as kubeseal's --scope.</summary>
    public string SealedSecretsScope { get; init; } = "strict";

    /// <summary>The SecretStore (or ClusterSecretStore) an ExternalSecret skeleton refers to.</summary>
    public string? ExternalSecretStore { get; init; }

    public string ExternalSecretStoreKind { get; init; } = "ClusterSecretStore";

    /// <summary>Resource requests and limits the "add resources" fixes insert.</summary>
    public string DefaultCpuRequest { get; init; } = "100m";

    public string DefaultMemoryRequest { get; init; } = "128Mi";

    public string? DefaultCpuLimit { get; init; }

    public string DefaultMemoryLimit { get; init; } = "256Mi";

    /// <summary>When true, StatefulSet volume claims and PVCs must use a StorageClass with reclaimPolicy Retain.</summary>
    public bool RequireRetainReclaimPolicy { get; init; }
}

/// <summary>The parsed .gitops-ai/rules.yaml, with the problems found in it (reported in that file).</summary>
public sealed class RulesConfig
{
    public static RulesConfig Empty { get; } = new(null, new Dictionary<string, RuleSetting>(), [], [], new RulesSettings(), []);

    /// <summary>The time budget of the regular expressions this configuration's rule parameters hold, for as long as it is in force.</summary>
    public Text.RegexBudget Regexes { get; } = new();

    public RulesConfig(string? path, IReadOnlyDictionary<string, RuleSetting> rules, IReadOnlyList<RuleExemption> exemptions, IReadOnlyList<string> ignore, RulesSettings settings, IReadOnlyList<Diagnostic> diagnostics)
    {
        Path = path;
        Rules = rules;
        Exemptions = exemptions;
        Ignore = ignore;
        Settings = settings;
        Diagnostics = diagnostics;
    }

    /// <summary>The file the configuration came from, or null when there is none.</summary>
    public string? Path { get; }

    public IReadOnlyDictionary<string, RuleSetting> Rules { get; }

    public IReadOnlyList<RuleExemption> Exemptions { get; }

    /// <summary>Path globs (relative to the root) never analysed.</summary>
    public IReadOnlyList<string> Ignore { get; }

    public RulesSettings Settings { get; }

    /// <summary>The drift section: clusters, thresholds, ignore entries, suppress windows, baseline.</summary>
    public Drift.DriftSettings Drift { get; init; } = GitOpsAi.Core.Drift.DriftSettings.Default;

    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    public bool IsIgnored(string relativePath) => Ignore.Any(pattern => Glob.MatchesPath(pattern, relativePath));
}

/// <summary>Glob matching for names ("web-*") and repository paths ("charts/**", "vendor/").</summary>
public static class Glob
{
    public static bool IsMatch(string pattern, string value)
    {
        // Linear in the value whatever the pattern: both come from the repository.
        return Text.WildcardPattern.IsMatch(pattern, value);
    }

    /// <summary>A path glob: "dir/" or "dir" also matches everything under dir; a leading "./" or "/" means the root.</summary>
    public static bool MatchesPath(string pattern, string relativePath)
    {
        // Only "./" and "/" are stripped: the dot of ".github/" or ".gitlab-ci.yml" is part of the name.
        var normalized = pattern.Replace('\\', '/');
        while (normalized.StartsWith("./", StringComparison.Ordinal) || normalized.StartsWith('/'))
        {
            normalized = normalized[(normalized[0] == '/' ? 1 : 2)..];
        }

        if (normalized is "" or ".")
        {
            return true;
        }

        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddInclude(normalized);
        if (!normalized.Contains('*'))
        {
            matcher.AddInclude(normalized.TrimEnd('/') + "/**");
        }

        return matcher.Match(relativePath).HasMatches;
    }
}
