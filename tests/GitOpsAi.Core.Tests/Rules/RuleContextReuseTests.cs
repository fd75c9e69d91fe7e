using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Rules;
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
    [Test]
    public void A_rule_context_taken_while_another_is_in_use_on_the_thread_is_one_of_its_own()
    {
        // A rule may render another root, whose objects are checked on the same thread before the rule returns: the
        // nested check must not take (and move on) the context the outer check is still using.
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, new InMemoryFileSystem().Add("app.yaml", Workload + "---\n" + Workload.Replace("name: web\n", "name: api\n", StringComparison.Ordinal)));
        var file = workspace.Files.Values.Single();
        var (outerObject, innerObject) = (file.Objects[0], file.Objects[1]);
        var rule = workspace.EffectiveRules[0];
        var (outerFindings, innerFindings) = (new List<Diagnostic>(), new List<Diagnostic>());

        var outer = RuleContext.Take(rule.Definition, rule.Severity, outerObject, file, workspace, outerFindings, wantsFixes: true);
        var inner = RuleContext.Take(rule.Definition, rule.Severity, innerObject, file, workspace, innerFindings, wantsFixes: false);
        inner.Report(inner.ObjectSpan, "inner");
        inner.GiveBack();
        outer.Report(outer.ObjectSpan, "outer");

        Assert.That(inner, Is.Not.SameAs(outer));
        Assert.That((outer.Manifest, outer.WantsFixes), Is.EqualTo((outerObject, true)));
        Assert.That((outerFindings.Single().Message, innerFindings.Single().Message), Is.EqualTo(("outer", "inner")));
        outer.GiveBack();
        var next = RuleContext.Take(rule.Definition, rule.Severity, innerObject, file, workspace, innerFindings, wantsFixes: true);
        Assert.That((next, next.Manifest, next.WantsFixes), Is.EqualTo((outer, innerObject, true)), "the context given back last is taken next, set for its object");
        next.GiveBack();
    }

    [Test]
    public void Two_rules_of_one_template_with_their_own_parameters_each_report_only_their_own_capabilities()
    {
        // Both capability rules run on the container: each compares with the names of its own parameters (remembered per
        // parameters), SYS_ADMIN for the one and NET_RAW for the other, never the other's.
        const string Adds = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: nginx:1.0\n      securityContext:\n        capabilities:\n          add: [\"SYS_ADMIN\", \"NET_RAW\"]\n          drop: [\"NET_RAW\"]\n";
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, new InMemoryFileSystem().Add("pod.yaml", Adds));
        var findings = new Analyzer().Analyze(workspace, workspace.Files.Values.Single()).Diagnostics;

        Assert.That(findings.Where(d => d.Code == "dangerous-capabilities").Select(d => d.Message), Is.EqualTo(new[] { "Container 'c' adds the capability SYS_ADMIN." }));
        Assert.That(findings.Where(d => d.Code == "drop-net-raw-capability").Select(d => d.Message), Is.EqualTo(new[] { "Container 'c' adds the capability NET_RAW." }));
    }
}
