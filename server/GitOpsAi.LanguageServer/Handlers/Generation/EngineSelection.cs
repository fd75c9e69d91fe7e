using GitOpsAi.Core.Generation;
using GitOpsAi.LanguageServer.Framework;
using GitOpsAi.LanguageServer.Services;

namespace GitOpsAi.LanguageServer.Handlers.Generation;

/// <summary>The engine the settings ask for (generation.provider); the offline generator unless another is configured.</summary>
internal static class EngineSelection
{
    /// <returns>The engine, and a note for the user when the configured one could not be used.</returns>
    public static (IManifestEngine Engine, string? Note) Create(ServerSettings settings, ServerLog log)
    {
        var (engine, problem) = GitOpsAi.Generation.Llm.EngineFactory.Create(settings.GenerationProvider, settings.GenerationEndpoint, settings.GenerationModel);
        if (engine is null)
        {
            var note = $"{problem} The offline generator answered instead.";
            log.Warning("Generation: " + note);
            return (new OfflineGenerator(), note);
        }

        return (engine, null);
    }
}
