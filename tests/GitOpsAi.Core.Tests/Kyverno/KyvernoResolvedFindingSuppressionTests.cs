using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Workspace;
using static GitOpsAi.Core.Tests.Kyverno.KyvernoMutationSupport;

namespace GitOpsAi.Core.Tests.Kyverno;

/// <summary>
/// A built-in finding that a Kyverno mutate policy resolves becomes a hint under the policy's code; what the user wrote
/// to silence the finding (a disable comment, the ignore annotation, the editor's "off") silences that hint too.
/// </summary>
public class KyvernoResolvedFindingSuppressionTests
{
    private static IReadOnlyList<Diagnostic> Analyze(string pod, WorkspaceOptions? options = null)
    {
        var fileSystem = new InMemoryFileSystem().Add("apps/pod.yaml", pod).Add("policies/mutate.yaml", AddNonRoot);
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem, options);
        return new Analyzer(AnalyzerFeatures.All).Analyze(workspace, workspace.GetFile(InMemoryFileSystem.PathOf("apps/pod.yaml"))!).Diagnostics;
    }

    private static bool IsResolvedHint(Diagnostic d) => d.Message.StartsWith("run-as-non-root is resolved at admission", StringComparison.Ordinal);

    /// <summary>The pod with a disable-next-line comment above the line the run-as-non-root finding is at.</summary>
    private static string WithCommentAboveTheFinding()
    {
        var resolved = Analyze(Pod).Single(IsResolvedHint);
        var lineStart = Pod.LastIndexOf('\n', resolved.Span.Start) + 1;
        var indent = new string(' ', Pod[lineStart..].TakeWhile(c => c == ' ').Count());
        return Pod.Insert(lineStart, indent + "# gitops-ai-disable-next-line run-as-non-root -- runs as root on purpose\n");
    }

    [Test]
    public void A_disable_comment_for_the_built_in_finding_also_silences_the_hint_that_replaces_it()
    {
        Assert.That(Analyze(Pod).Count(IsResolvedHint), Is.EqualTo(1), "without the comment the hint is there");

        var diagnostics = Analyze(WithCommentAboveTheFinding());
        Assert.Multiple(() =>
        {
            Assert.That(diagnostics.Where(IsResolvedHint), Is.Empty);
            Assert.That(diagnostics.Where(d => d.Code == "run-as-non-root"), Is.Empty);
        });
    }

    [Test]
    public void The_ignore_annotation_for_the_built_in_finding_also_silences_the_hint_that_replaces_it()
    {
        var annotated = Pod.Replace("  namespace: shop\n", "  namespace: shop\n  annotations:\n    gitops-ai.dev/ignore: run-as-non-root\n", StringComparison.Ordinal);
        Assert.That(annotated, Is.Not.EqualTo(Pod));
        Assert.That(Analyze(annotated).Where(IsResolvedHint), Is.Empty);
    }

    [Test]
    public void A_disable_comment_for_another_code_leaves_the_hint()
    {
        var other = WithCommentAboveTheFinding().Replace("disable-next-line run-as-non-root", "disable-next-line latest-tag", StringComparison.Ordinal);
        Assert.That(Analyze(other).Count(IsResolvedHint), Is.EqualTo(1));
    }

    [Test]
    public void The_editor_turning_the_built_in_rule_off_also_drops_the_hint_that_replaces_it()
    {
        var off = new WorkspaceOptions { SeverityOverrides = new Dictionary<string, DiagnosticSeverity?> { ["run-as-non-root"] = null } };
        var other = new WorkspaceOptions { SeverityOverrides = new Dictionary<string, DiagnosticSeverity?> { ["latest-tag"] = null } };
        Assert.Multiple(() =>
        {
            Assert.That(Analyze(Pod, off).Where(IsResolvedHint), Is.Empty);
            Assert.That(Analyze(Pod, other).Count(IsResolvedHint), Is.EqualTo(1));
        });
    }
}
