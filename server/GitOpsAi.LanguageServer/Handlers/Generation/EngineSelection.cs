using GitOpsAi.Core.Generation;
using GitOpsAi.LanguageServer.Framework;
using GitOpsAi.LanguageServer.Services;

namespace GitOpsAi.LanguageServer.Handlers.Generation;

/// <summary>The engine the settings ask for (generation.provider); the offline generator unless another is configured.</summary>
internal static class EngineSelection
{
    public static IManifestEngine Create(ServerSettings settings, ServerLog log)
    {
        if (settings.GenerationProvider != "offline")
        {
            log.Warning($"The generation provider '{settings.GenerationProvider}' is not available in this build; the offline generator answers.");
        }

        return new OfflineGenerator();
    }
}
