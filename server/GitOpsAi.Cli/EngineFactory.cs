using GitOpsAi.Core.Generation;

namespace GitOpsAi.Cli;

/// <summary>The generation engine for a --provider value.</summary>
internal static class EngineFactory
{
    public static IManifestEngine? Create(string provider, TextWriter stderr)
    {
        if (provider == "offline")
        {
            return new OfflineGenerator();
        }

        stderr.WriteLine($"gitops-ai: the {provider} provider is not available in this build; use --provider offline.");
        return null;
    }
}
