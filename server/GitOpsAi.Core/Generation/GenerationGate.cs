using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Generation;

/// <summary>
/// The gate every generated text passes, whatever wrote it: parsed, schema-validated and run through the policy set
/// by the same <see cref="Analyzer"/> the CI uses, over the repository plus the generated documents (so references to
/// the repository's objects resolve). An error-level finding refuses the text. The gate is code, so nothing a prompt
/// or a file in the repository says can talk it round.
/// </summary>
public static class GenerationGate
{
    private static readonly Analyzer Analyzer = new();

    public sealed record Verdict(bool Passed, string Yaml, IReadOnlyList<Diagnostic> Findings)
    {
        public IEnumerable<Diagnostic> Errors => Findings.Where(f => f.Severity == DiagnosticSeverity.Error);
    }

    /// <param name="path">Where the text will live (a new file's path, or a file beside the document it goes into).</param>
    public static Verdict Check(WorkspaceSnapshot workspace, string path, string yaml, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(yaml))
        {
            return new Verdict(false, yaml, []);
        }

        var file = WorkspaceFile.FromText(path, workspace.Root, yaml);
        var snapshot = workspace.WithUnlistedFile(path, file);
        var findings = Analyzer.Analyze(snapshot, file, cancellationToken).Diagnostics;
        var objects = file.Manifests.Count;
        var passed = objects > 0 && findings.All(f => f.Severity != DiagnosticSeverity.Error);
        return new Verdict(passed, yaml, findings);
    }

    /// <summary>"3:5 error schema-unknown-field: ..." for each finding, lines and columns 1-based in the generated text.</summary>
    public static string Describe(Verdict verdict, Diagnostic finding)
    {
        var position = new Text.SourceText(verdict.Yaml).GetLinePosition(finding.Span.Start);
        return $"{position.Line + 1}:{position.Character + 1}: {finding.Severity.ToName()} {finding.Code}: {finding.Message}";
    }
}
