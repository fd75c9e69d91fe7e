namespace GitOpsAi.Core.Diagnostics;

/// <summary>Ordered from most to least severe; the numeric values match LSP's DiagnosticSeverity.</summary>
public enum DiagnosticSeverity
{
    Error = 1,
    Warning = 2,
    Information = 3,
    Hint = 4,
}

public static class DiagnosticSeverityNames
{
    public static string ToName(this DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        DiagnosticSeverity.Information => "information",
        _ => "hint",
    };

    public static bool TryParse(string? text, out DiagnosticSeverity severity)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "error":
                severity = DiagnosticSeverity.Error;
                return true;
            case "warning" or "warn":
                severity = DiagnosticSeverity.Warning;
                return true;
            case "information" or "info":
                severity = DiagnosticSeverity.Information;
                return true;
            case "hint":
                severity = DiagnosticSeverity.Hint;
                return true;
            default:
                severity = default;
                return false;
        }
    }

    /// <summary>True when <paramref name="severity"/> is at least as severe as <paramref name="threshold"/>.</summary>
    public static bool IsAtLeast(this DiagnosticSeverity severity, DiagnosticSeverity threshold) => severity <= threshold;
}
