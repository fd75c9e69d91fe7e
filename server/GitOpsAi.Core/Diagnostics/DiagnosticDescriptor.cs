using GitOpsAi.Core.Text;

namespace GitOpsAi.Core.Diagnostics;

/// <summary>The fixed facts of one kind of built-in finding: its stable code, default severity, source and a title.</summary>
public sealed record DiagnosticDescriptor(string Code, DiagnosticSeverity DefaultSeverity, string Source, string Title)
{
    public Diagnostic Create(TextSpan span, string message) => new(Code, DefaultSeverity, span, message, Source);
}
