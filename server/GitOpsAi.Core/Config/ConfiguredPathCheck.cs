using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Workspace;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Config;

/// <summary>
/// Reports, at its line in .gitops-ai/rules.yaml, a configured path GitOpsAi refuses to read (outside the repository,
/// a FIFO or device, too large), so the refusal is visible where it was written and not only in the rules that use it.
/// </summary>
internal static class ConfiguredPathCheck
{
    public static IEnumerable<Diagnostic> Check(WorkspaceSnapshot workspace, WorkspaceFile configFile)
    {
        if (workspace.RulesConfig.Settings.SealedSecretsCertificate is not { Length: > 0 } written)
        {
            yield break;
        }

        var resolved = ConfiguredFile.Resolve(workspace, written);
        if (resolved.Refusal is not { } refusal)
        {
            yield break;
        }

        var node = configFile.Yaml.Documents.Select(d => (d.Root as YamlMapping)?.At("settings", "sealedSecretsCertificate")).FirstOrDefault(n => n is not null);
        yield return refusal.Create(node?.Span ?? new Text.TextSpan(0, 0),
            $"settings.sealedSecretsCertificate: {resolved.Problem}; SealedSecret fixes are not offered.");
    }
}
