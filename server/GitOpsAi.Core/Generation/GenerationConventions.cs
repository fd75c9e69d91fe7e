namespace GitOpsAi.Core.Generation;

/// <summary>
/// A repository's generation conventions (<c>.gitops-ai/generation.yaml</c> or StackGen's
/// <c>.stackgen/generation-config.yaml</c>): names, labels and annotations every object carries, resource defaults,
/// the pod security context, preferred chart versions and the registries images may come from.
/// </summary>
public sealed record GenerationConventions
{
    public static GenerationConventions Default { get; } = new();

    /// <summary>A name pattern with <c>{name}</c> (e.g. <c>{name}-svc</c>), per kind; missing kinds use the name as is.</summary>
    public IReadOnlyDictionary<string, string> NamePatterns { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> RequiredLabels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> RequiredAnnotations { get; init; } = new Dictionary<string, string>();

    public string CpuRequest { get; init; } = "100m";

    public string MemoryRequest { get; init; } = "128Mi";

    public string CpuLimit { get; init; } = "500m";

    public string MemoryLimit { get; init; } = "256Mi";

    /// <summary>The user pods run as when the image has no known non-root user.</summary>
    public long RunAsUser { get; init; } = 65532;

    public string? StorageClass { get; init; }

    /// <summary>Chart name → version or range to use when the request gives none.</summary>
    public IReadOnlyDictionary<string, string> ChartVersions { get; init; } = new Dictionary<string, string>();

    /// <summary>Registries images must come from (prefixes such as <c>ghcr.io/acme</c>); empty allows any.</summary>
    public IReadOnlyList<string> AllowedRegistries { get; init; } = [];

    /// <summary>Example manifests (kind → YAML text) from <c>.gitops-ai/examples/</c>, for few-shot prompts and templates.</summary>
    public IReadOnlyDictionary<string, string> Examples { get; init; } = new Dictionary<string, string>();

    public string NameFor(string kind, string name) =>
        NamePatterns.TryGetValue(kind, out var pattern) ? pattern.Replace("{name}", name, StringComparison.Ordinal) : name;
}
