using GitOpsAi.Core.Generation;
using GitOpsAi.LanguageServer.Framework;
using GitOpsAi.LanguageServer.Services;

namespace GitOpsAi.LanguageServer.Handlers.Generation;

/// <summary>The engine the settings ask for (generation.provider); the offline generator unless another is configured.</summary>
internal static class EngineSelection
{
    public static IManifestEngine Create(ServerSettings settings, ServerLog log)
    {
        var (engine, problem) = GitOpsAi.Generation.Llm.EngineFactory.Create(settings.GenerationProvider, settings.GenerationEndpoint, settings.GenerationModel);
        if (engine is null)
        {
            log.Warning($"Generation: {problem} The offline generator answers.");
            return new OfflineGenerator();
        }

        return engine;
    }
}
