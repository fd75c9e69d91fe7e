namespace GitOpsAi.Generation.Llm;

/// <summary>
/// Which model to ask and how: the provider (openai, azure, or ollama for any OpenAI-compatible server such as
/// Ollama, llama.cpp or vLLM), its endpoint, the model (an Azure deployment name for azure) and the key. Keys come
/// from the environment (or, in the editor, from its secret storage through the server's environment), never from
/// the repository.
/// </summary>
public sealed record LlmSettings(string Provider, Uri? Endpoint, string Model, string? ApiKey)
{
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    public static readonly IReadOnlyList<string> Providers = ["openai", "azure", "ollama"];

    /// <summary>
    /// Settings from explicit values, else the environment: <c>GITOPS_AI_API_KEY</c> (or <c>OPENAI_API_KEY</c> /
    /// <c>AZURE_OPENAI_API_KEY</c>), <c>GITOPS_AI_ENDPOINT</c> (or <c>AZURE_OPENAI_ENDPOINT</c> / <c>OLLAMA_HOST</c>),
    /// <c>GITOPS_AI_MODEL</c>, <c>GITOPS_AI_TIMEOUT_SECONDS</c>. Returns an error sentence when something required is missing.
    /// </summary>
    public static (LlmSettings? Settings, string? Error) Resolve(string provider, string? endpoint, string? model, Func<string, string?> environment)
    {
        string? Env(params string[] names) => names.Select(environment).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();

        var key = provider switch
        {
            "openai" => Env("GITOPS_AI_API_KEY", "OPENAI_API_KEY"),
            "azure" => Env("GITOPS_AI_API_KEY", "AZURE_OPENAI_API_KEY"),
            _ => Env("GITOPS_AI_API_KEY"),
        };
        var endpointText = endpoint ?? provider switch
        {
            "azure" => Env("GITOPS_AI_ENDPOINT", "AZURE_OPENAI_ENDPOINT"),
            "ollama" => Env("GITOPS_AI_ENDPOINT", "OLLAMA_HOST") ?? "http://127.0.0.1:11434",
            _ => Env("GITOPS_AI_ENDPOINT"),
        };
        var modelName = model ?? Env("GITOPS_AI_MODEL") ?? provider switch
        {
            "openai" => "gpt-4o-mini",
            "ollama" => "llama3.1",
            _ => null,
        };

        if (!Providers.Contains(provider))
        {
            return (null, $"Unknown provider '{provider}'; use offline, {string.Join(", ", Providers)}.");
        }

        if (provider is "openai" or "azure" && key is null)
        {
            return (null, $"The {provider} provider needs an API key in GITOPS_AI_API_KEY (or {(provider == "azure" ? "AZURE_OPENAI_API_KEY" : "OPENAI_API_KEY")}).");
        }

        if (provider == "azure" && (endpointText is null || modelName is null))
        {
            return (null, "The azure provider needs an endpoint (GITOPS_AI_ENDPOINT or AZURE_OPENAI_ENDPOINT) and a deployment name (GITOPS_AI_MODEL).");
        }

        Uri? uri = null;
        if (endpointText is not null && !Uri.TryCreate(endpointText.Contains("://", StringComparison.Ordinal) ? endpointText : "http://" + endpointText, UriKind.Absolute, out uri))
        {
            return (null, $"The endpoint '{endpointText}' is not a URL.");
        }

        var timeout = int.TryParse(Env("GITOPS_AI_TIMEOUT_SECONDS"), out var seconds) && seconds > 0 ? TimeSpan.FromSeconds(seconds) : TimeSpan.FromSeconds(60);
        return (new LlmSettings(provider, uri is null ? null : ApiBase(provider, uri), modelName!, key) { Timeout = timeout }, null);
    }

    /// <summary>The OpenAI-compatible base URL: Azure's v1 API lives under /openai/v1, Ollama's under /v1.</summary>
    private static Uri ApiBase(string provider, Uri endpoint)
    {
        var path = endpoint.AbsolutePath.TrimEnd('/');
        var suffix = provider switch
        {
            "azure" when !path.EndsWith("/openai/v1", StringComparison.Ordinal) => "/openai/v1",
            "ollama" when !path.EndsWith("/v1", StringComparison.Ordinal) => "/v1",
            _ => string.Empty,
        };
        return new Uri(endpoint.GetLeftPart(UriPartial.Authority) + path + suffix + "/");
    }
}
