using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Rules;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Kustomize;

/// <summary>
/// A rendered object's findings are taken back to their sources without fixes, so its checks make none: the rules hand
/// their fixes over as factories, called only where fixes are wanted (issue 13). The sources' own findings keep theirs.
/// </summary>
public sealed class RenderedChecksMakeNoFixesTests
{
    private const string Web = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: 3
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
            spec:
              automountServiceAccountToken: false
              containers:
                - name: web
                  image: nginx:1.27
        """;

    // Three replicas and no token: the cross-object rules that run on the rendered siblings (RenderedSiblings, not these
    // per-object checks) find nothing to fix.
    private static WorkspaceSnapshot Repository(string web = Web) => WorkspaceLoader.Load(InMemoryFileSystem.Root, new InMemoryFileSystem()
        .Add("base/kustomization.yaml", "resources:\n  - web.yaml\n")
        .Add("base/web.yaml", web)
        .Add("overlays/prod/kustomization.yaml", "namespace: prod\nresources:\n  - ../../base\n"));

    [Test]
    public void A_rendered_check_calls_no_fix_factory_while_the_same_findings_on_the_source_carry_fixes()
    {
        var snapshot = Repository();
        var before = RuleContext.FixFactoriesCalledOnThisThread;
        var rendered = RenderedAnalysis.For(snapshot, Analyzer.RenderedChecks, CancellationToken.None).Reported;
        var calledByRenderedChecks = RuleContext.FixFactoriesCalledOnThisThread - before;

        // The overlay's namespace makes its object differ from the source, so it is checked: the fixable rules find it.
        Assert.That(rendered.Select(f => f.Diagnostic.Code), Has.Member("run-as-non-root").And.Member("memory-limits-missing"));
        Assert.That(rendered.SelectMany(f => f.Diagnostic.Fixes), Is.Empty);
        Assert.That(calledByRenderedChecks, Is.Zero);

        var source = snapshot.GetFile(InMemoryFileSystem.PathOf("base/web.yaml"))!;
        before = RuleContext.FixFactoriesCalledOnThisThread;
        var own = new Analyzer(AnalyzerFeatures.All).Analyze(snapshot, source).Diagnostics;
        Assert.That(RuleContext.FixFactoriesCalledOnThisThread - before, Is.Positive);
        Assert.That(own.Single(d => d.Code == "run-as-non-root").Fixes, Is.Not.Empty);
    }

    [Test]
    public void The_cross_object_rules_on_the_rendered_siblings_call_no_fix_factory_either()
    {
        // Without automountServiceAccountToken: false, the token rule (run against the root's rendered siblings) finds the
        // rendered object and has a fix to offer: it is not made either.
        var snapshot = Repository(Web.Replace("      automountServiceAccountToken: false\n", "", StringComparison.Ordinal));
        var before = RuleContext.FixFactoriesCalledOnThisThread;
        var rendered = RenderedAnalysis.For(snapshot, Analyzer.RenderedChecks, CancellationToken.None).Reported;

        Assert.That(rendered.Select(f => f.Diagnostic.Code), Has.Member("automount-service-account-token"));
        Assert.That(RuleContext.FixFactoriesCalledOnThisThread - before, Is.Zero);
    }
}
