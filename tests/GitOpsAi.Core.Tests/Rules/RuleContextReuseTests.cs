using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Rules;

/// <summary>
/// The rules run on one object share one context, moved on from rule to rule: each finding must still carry the id and
/// the severity of the rule that reported it, never those of the rule before.
/// </summary>
public sealed class RuleContextReuseTests
{
    private const string Workload =
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      hostNetwork: true\n      hostPID: true\n      containers:\n        - name: web\n          image: nginx:latest\n          securityContext:\n            privileged: true\n            allowPrivilegeEscalation: true\n            capabilities:\n              add: [\"SYS_ADMIN\", \"NET_ADMIN\"]\n          env:\n            - name: DB_PASSWORD\n              value: hunter2hunter2\n";

    [Test]
    public void Every_finding_of_an_object_that_breaks_many_rules_carries_its_own_rules_id_and_severity()
    {
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, new InMemoryFileSystem().Add("app.yaml", Workload));
        var findings = new Analyzer().Analyze(workspace, workspace.Files.Values.Single()).Diagnostics
            .Where(d => d.Source == DiagnosticSources.Policy).ToList();
        var severities = workspace.EffectiveRules.ToDictionary(r => r.Definition.Id, r => r.Severity);

        Assert.That(findings.Select(d => d.Code).Distinct().Count(), Is.GreaterThanOrEqualTo(5), string.Join(", ", findings.Select(d => d.Code)));
        Assert.That(findings.Select(d => d.Severity).Distinct().Count(), Is.GreaterThanOrEqualTo(2), "rules of different severities ran one after the other");
        foreach (var finding in findings)
        {
            Assert.That(severities.ContainsKey(finding.Code), finding.Code);
            Assert.That(finding.Severity, Is.EqualTo(severities[finding.Code]), finding.Code);
        }
    }
}
