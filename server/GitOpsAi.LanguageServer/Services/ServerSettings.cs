using System.Text.Json;
using GitOpsAi.Core.Diagnostics;
using GitOpsAi.LanguageServer.Framework;

namespace GitOpsAi.LanguageServer.Services;

/// <summary>The "gitopsAi" settings section, as editors send it.</summary>
internal sealed record ServerSettings
{
    public static ServerSettings Default { get; } = new();

    public bool ValidateSchemas { get; init; } = true;

    public IReadOnlyList<string> ExtraSchemaFolders { get; init; } = [];

    /// <summary>Per-code severity; null means the code is turned off. Applied by the core with the repository's configuration.</summary>
    public IReadOnlyDictionary<string, DiagnosticSeverity?> SeverityOverrides { get; init; } = new Dictionary<string, DiagnosticSeverity?>();

    public string Trace { get; init; } = "off";

    /// <summary>Generation: the comment prefix that marks a request, and the engine settings (provider, endpoint, model).</summary>
    public string GenerationPrefix { get; init; } = Core.Generation.GenerationRequest.DefaultPrefix;

    public string GenerationProvider { get; init; } = "offline";

    public string? GenerationEndpoint { get; init; }

    public string? GenerationModel { get; init; }
    /// <summary>gitopsAi.cluster.enabled: compare with the live cluster (off by default; read-only).</summary>
    public bool ClusterEnabled { get; init; }

    /// <summary>gitopsAi.cluster.kubeconfig: a kubeconfig file (default: $KUBECONFIG, then ~/.kube/config).</summary>
    public string? ClusterKubeconfig { get; init; }

    /// <summary>gitopsAi.cluster.context: the context (default: the current one, or drift.clusters in rules.yaml).</summary>
    public string? ClusterContext { get; init; }

    /// <summary>Reads settings from either the whole settings object (with a "gitopsAi" member) or the section itself.</summary>
    public static ServerSettings Parse(JsonElement? element)
    {
        if (element is not { ValueKind: JsonValueKind.Object } root)
        {
            return Default;
        }

        var section = root.TryGetProperty("gitopsAi", out var nested) && nested.ValueKind == JsonValueKind.Object ? nested : root;
        var settings = Default;
        if (Find(section, "validation", "schemas") is { ValueKind: JsonValueKind.True or JsonValueKind.False } validate)
        {
            settings = settings with { ValidateSchemas = validate.GetBoolean() };
        }

        if (Find(section, "schemas", "extraFolders") is { ValueKind: JsonValueKind.Array } folders)
        {
            settings = settings with { ExtraSchemaFolders = folders.EnumerateArray().Where(f => f.ValueKind == JsonValueKind.String).Select(f => f.GetString()!).ToList() };
        }

        if (Find(section, "severityOverrides") is { ValueKind: JsonValueKind.Object } overrides)
        {
            var map = new Dictionary<string, DiagnosticSeverity?>(StringComparer.Ordinal);
            foreach (var entry in overrides.EnumerateObject())
            {
                // The same words as .gitops-ai/rules.yaml: a severity or "off" (null), read by the same parser.
                var value = entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString() : null;
                if (Core.Config.ConfiguredLevel.TryParse(value, out var severity))
                {
                    map[entry.Name] = severity;
                }
            }

            settings = settings with { SeverityOverrides = map };
        }

        settings = ParseGeneration(section, settings);
        if (Find(section, "cluster", "enabled") is { ValueKind: JsonValueKind.True or JsonValueKind.False } cluster)
        {
            settings = settings with { ClusterEnabled = cluster.GetBoolean() };
        }

        if (Find(section, "cluster", "kubeconfig") is { ValueKind: JsonValueKind.String } kubeconfig && kubeconfig.GetString() is { Length: > 0 } kubeconfigPath)
        {
            settings = settings with { ClusterKubeconfig = kubeconfigPath };
        }

        if (Find(section, "cluster", "context") is { ValueKind: JsonValueKind.String } context && context.GetString() is { Length: > 0 } contextName)
        {
            settings = settings with { ClusterContext = contextName };
        }

        if (Find(section, "trace", "server") is { ValueKind: JsonValueKind.String } trace)
        {
            settings = settings with { Trace = trace.GetString() ?? "off" };
        }

        return settings;
    }

    private static ServerSettings ParseGeneration(JsonElement section, ServerSettings settings)
    {
        string? Text(string key) => Find(section, "generation", key) is { ValueKind: JsonValueKind.String } value && value.GetString() is { Length: > 0 } text ? text : null;
        return settings with
        {
            GenerationPrefix = Text("prefix") ?? settings.GenerationPrefix,
            GenerationProvider = Text("provider") ?? settings.GenerationProvider,
            GenerationEndpoint = Text("endpoint"),
            GenerationModel = Text("model"),
        };
    }

    private static JsonElement? Find(JsonElement element, params string[] path)
    {
        // Accept both nested objects and VS Code's flattened dotted keys ("validation.schemas").
        if (element.TryGetProperty(string.Join('.', path), out var dotted))
        {
            return dotted;
        }

        return element.At(path);
    }
}
