using GitOpsAi.Core.Analysis;

namespace GitOpsAi.Core.Policies.Kyverno;

/// <summary>Evaluates the repository's own Kyverno policies against its objects. (Being written.)</summary>
internal sealed class KyvernoAnalyzer : IFileAnalyzer
{
    public void Analyze(FileAnalysisContext context)
    {
    }
}
