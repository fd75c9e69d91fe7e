namespace GitOpsAi.Core.Generation;

/// <summary>
/// What the user asked for, in their words, and where: <paramref name="Text"/> is the request (with or without the
/// <c>gitops:</c> prefix); <paramref name="DocumentPath"/> is the absolute path of the file the request was written in
/// (or the folder the CLI was pointed at), which decides the enclosing kustomization and namespace.
/// </summary>
public sealed record GenerationRequest(string Text, string DocumentPath)
{
    public const string DefaultPrefix = "gitops:";

    /// <summary>
    /// The request written in a comment line ("# gitops: redis statefulset"), or null when the line is not a comment
    /// starting with <paramref name="prefix"/> (or the request after it is empty).
    /// </summary>
    public static string? FromComment(ReadOnlySpan<char> line, string prefix = DefaultPrefix)
    {
        var trimmed = line.Trim();
        if (trimmed.Length == 0 || trimmed[0] != '#')
        {
            return null;
        }

        var body = trimmed.TrimStart('#').TrimStart();
        if (!body.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var request = body[prefix.Length..].Trim().ToString();
        return request.Length == 0 ? null : request;
    }

    /// <summary>The request without a leading comment marker and <c>gitops:</c> prefix.</summary>
    public static string StripPrefix(string text, string prefix = DefaultPrefix)
    {
        var trimmed = text.Trim().TrimStart('#').Trim();
        return trimmed.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? trimmed[prefix.Length..].Trim() : trimmed;
    }
}

/// <summary>The facts a request states, extracted by <see cref="RequestParser"/>; null means "not said".</summary>
public sealed class RequestFacts
{
    public required string Text { get; init; }

    /// <summary>The kinds to generate, in the order they were asked for.</summary>
    public List<string> Kinds { get; } = [];

    public string? Name { get; set; }

    /// <summary>The image repository without its tag (e.g. <c>ghcr.io/acme/api</c>).</summary>
    public string? Image { get; set; }

    public string? Tag { get; set; }

    public int? Replicas { get; set; }

    public int? MinReplicas { get; set; }

    public int? MaxReplicas { get; set; }

    public int? Port { get; set; }

    public int? TargetPort { get; set; }

    public string? Storage { get; set; }

    public string? StorageClass { get; set; }

    public string? Host { get; set; }

    /// <summary>An HTTP path for an Ingress, or a repository path for a Flux Kustomization.</summary>
    public string? Path { get; set; }

    public string? TlsSecret { get; set; }

    public bool Tls { get; set; }

    public string? Schedule { get; set; }

    public string? Chart { get; set; }

    /// <summary>A chart version or range (<c>1.2.3</c>, <c>~1.2.0</c>, <c>&gt;=4.0.0 &lt;5.0.0</c>, <c>4.x</c>).</summary>
    public string? Version { get; set; }

    public string? RepositoryUrl { get; set; }

    public string? Branch { get; set; }

    public string? Interval { get; set; }

    public Dictionary<string, string> Selector { get; } = new(StringComparer.Ordinal);

    /// <summary>Keys named for a secret or configuration ("with keys username and password").</summary>
    public List<string> Keys { get; } = [];

    public int? Percentage { get; set; }

    public int? MaxPercentage { get; set; }

    public string? ServiceType { get; set; }

    public string? Namespace { get; set; }

    /// <summary>The object the request is "for": a kind (or null when only a name was given) and a name.</summary>
    public (string? Kind, string Name)? Target { get; set; }

    /// <summary>A file the request names ("in apps/api/hpa.yaml"), relative to the repository or the document.</summary>
    public string? TargetFile { get; set; }

    /// <summary>The name, or the target's, or null.</summary>
    public string? NameOrTarget => Name ?? Target?.Name;
}
