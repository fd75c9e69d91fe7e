using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Text;

namespace GitOpsAi.Core.Analysis;

/// <summary>The finding a defect in GitOpsAi leaves on the file it was analysing.</summary>
public static class InternalErrors
{
    public static Diagnostic Create(string relativePath, string check, Exception exception) =>
        CoreDiagnostics.InternalError.Create(new TextSpan(0, 0),
            $"Internal error in {check} while analysing {relativePath}: {exception.GetType().Name}: {exception.Message}. Its findings are missing; please report this.");

    public static bool IsInternalError(this Diagnostic diagnostic) => diagnostic.Code == CoreDiagnostics.InternalError.Code;
}
