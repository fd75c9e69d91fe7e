using GitOpsAi.Core.Diagnostics;

namespace GitOpsAi.Core.Config;

/// <summary>
/// The one way a level is written, in .gitops-ai/rules.yaml and in the editor's severityOverrides alike: a severity
/// name (error, warning, information, hint) or "off". Any other word is refused, never read as "off" in one place and
/// as a typo in another.
/// </summary>
public static class ConfiguredLevel
{
    public const string Off = "off";

    /// <summary>True for a severity (<paramref name="severity"/> set) or "off" (<paramref name="severity"/> null).</summary>
    public static bool TryParse(string? text, out DiagnosticSeverity? severity)
    {
        severity = null;
        if (text == Off)
        {
            return true;
        }

        if (DiagnosticSeverityNames.TryParse(text, out var parsed))
        {
            severity = parsed;
            return true;
        }

        return false;
    }
}
