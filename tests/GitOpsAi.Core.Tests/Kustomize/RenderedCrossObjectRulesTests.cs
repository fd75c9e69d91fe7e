using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Rules;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Kustomize;

/// <summary>
/// A rendered object's own checks skip the cross-object rules: their findings there would be dropped, and the rules run
/// against the root's rendered siblings instead (issue 13: they looked the whole workspace up for every rendered object).
/// </summary>
[NonParallelizable]
public sealed class RenderedCrossObjectRulesTests
{
    private static readonly Markup Base = Markup.Parse("""
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
              containers:
                - name: web
                  image: nginx:1.27
                  env:
                    - name: DB_PASSWORD
                      value: [|"hunter2-but-longer-Xq9"|]
        """);

    private static InMemoryFileSystem Repository() => new InMemoryFileSystem()
        .Add("base/kustomization.yaml", "resources:\n  - web.yaml\n")
        .Add("base/web.yaml", Base.Text)
        .Add("overlays/a/kustomization.yaml", "namespace: a\nresources:\n  - ../../base\nimages:\n  - name: nginx\n    newTag: \"1.28\"\n")
        .Add("overlays/b/kustomization.yaml", "namespace: b\nresources:\n  - ../../base\nimages:\n  - name: nginx\n    newTag: latest\n");

    private static (IReadOnlyList<ReportedFinding> Reported, List<string> RulesRun) Reported()
    {
        var rulesRun = new List<string>();
        PolicyAnalyzer.RulesRunOnThisThread = rulesRun;
        try
        {
            var snapshot = WorkspaceLoader.Load(InMemoryFileSystem.Root, Repository());
            return (RenderedAnalysis.For(snapshot, Analyzer.RenderedChecks, CancellationToken.None).Reported, rulesRun);
        }
        finally
        {
            PolicyAnalyzer.RulesRunOnThisThread = null;
        }
    }

    [Test]
    public void The_cross_object_rules_are_not_run_on_a_rendered_object_as_their_findings_come_from_its_siblings()
    {
        var (_, rulesRun) = Reported();

        // The network-policy rule looks the repository's NetworkPolicies up; on a rendered object it runs against the
        // root's siblings (RenderedSiblings), which make their rule contexts themselves.
        Assert.That(rulesRun, Does.Not.Contain("missing-network-policy"));
        Assert.That(rulesRun, Does.Contain("run-as-non-root"));
    }

    [Test]
    public void A_rendered_finding_of_a_per_object_rule_is_reported_at_its_base_line_naming_both_overlays()
    {
        var (reported, _) = Reported();

        var secret = reported.Single(f => f.Diagnostic.Span == Base.Spans[0]);
        Assert.That(secret.Diagnostic.Code, Is.EqualTo("sensitive-env-var"));
        Assert.That(secret.Diagnostic.Message, Does.Contain("(in overlays/a, overlays/b)"));
    }
}
