using GitOpsAi.Core.Generation;

namespace GitOpsAi.Generation.Llm;

/// <summary>The engine for a provider name: "offline" (the default) or a language model configured by settings and environment.</summary>
public static class EngineFactory
{
    public static (IManifestEngine? Engine, string? Error) Create(string provider, string? endpoint = null, string? model = null, Func<string, string?>? environment = null)
    {
        if (provider is "offline" or "")
        {
            return (new OfflineGenerator(), null);
        }

        var (settings, error) = LlmSettings.Resolve(provider, endpoint, model, environment ?? Environment.GetEnvironmentVariable);
        return settings is null ? (null, error) : (new LlmEngine(settings), null);
    }
}
