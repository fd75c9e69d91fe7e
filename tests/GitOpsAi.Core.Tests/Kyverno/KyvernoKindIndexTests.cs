using GitOpsAi.Core.Kyverno;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Kyverno;

/// <summary>
/// The policy set hands an object only the rules whose match can select its kind (so the rest cost nothing). It may
/// hand out more than match, never fewer: every way of naming kinds must reach the objects it selects.
/// </summary>
public class KyvernoKindIndexTests
{
    private static string Rule(string name, string match, string exclude = "") => $"""
            - name: {name}
              match:
        {match}
        {exclude}
              validate:
                message: "m"
                pattern:
                  metadata:
                    name: "?*"
        """;

    private static KyvernoPolicySet SetOf(params string[] rules)
    {
        var policy = "apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata:\n  name: index\nspec:\n  rules:\n" + string.Join("\n", rules);
        return KyvernoPolicySet.For(WorkspaceLoader.Load(InMemoryFileSystem.Root, new InMemoryFileSystem().Add("policies/index.yaml", policy)));
    }

    private static string[] Candidates(KyvernoPolicySet set, string kind) =>
        set.CandidatesFor(kind).Select(c => c.AutogenKind is null ? c.Rule.Name : $"{c.Rule.Name}@{c.AutogenKind}").Order(StringComparer.Ordinal).ToArray();

    [Test]
    public void A_wildcard_kind_a_group_version_kind_a_version_kind_and_a_kind_pattern_reach_the_kinds_they_name()
    {
        var set = SetOf(
            Rule("star", "        resources:\n          kinds: ['*']"),
            Rule("grouped", "        resources:\n          kinds: [apps/*/Deployment]"),
            Rule("versioned", "        resources:\n          kinds: [v1/ConfigMap]"),
            Rule("prefix", "        resources:\n          kinds: [Config*]"));

        // A pattern may stand for any kind (it is offered everywhere); a kind named outright only to that kind.
        Assert.That(Candidates(set, "Deployment"), Is.SupersetOf(new[] { "grouped", "star" }).And.Not.Contain("versioned"));
        Assert.That(Candidates(set, "ConfigMap"), Is.SupersetOf(new[] { "prefix", "star", "versioned" }).And.Not.Contain("grouped"));
        Assert.That(Candidates(set, "Secret"), Is.SupersetOf(new[] { "star" }).And.Not.Contain("grouped").And.Not.Contain("versioned"));
    }

    [Test]
    public void Every_filter_of_an_any_or_all_block_adds_its_kinds_and_a_filter_without_kinds_reaches_every_kind()
    {
        var set = SetOf(
            Rule("any", "        any:\n          - resources:\n              kinds: [Service]\n          - resources:\n              kinds: [Ingress]"),
            Rule("all", "        all:\n          - resources:\n              kinds: [Service]\n          - resources:\n              namespaces: [shop]"),
            Rule("by-name", "        any:\n          - resources:\n              names: [web]"));

        Assert.That(Candidates(set, "Ingress"), Is.EqualTo(new[] { "all", "any", "by-name" }));
        Assert.That(Candidates(set, "Service"), Is.EqualTo(new[] { "all", "any", "by-name" }));
        Assert.That(Candidates(set, "Secret"), Is.EqualTo(new[] { "all", "by-name" }));
    }

    [Test]
    public void An_exclude_never_takes_a_rule_out_of_the_index_and_a_Pod_rule_reaches_the_pod_controllers_through_its_autogen_copies()
    {
        var set = SetOf(
            Rule("pods", "        any:\n          - resources:\n              kinds: [Pod]", "      exclude:\n        any:\n          - resources:\n              kinds: [Pod]\n              namespaces: [kube-system]"));

        Assert.That(Candidates(set, "Pod"), Is.EqualTo(new[] { "pods" }));
        Assert.That(Candidates(set, "Deployment"), Is.EqualTo(new[] { "pods@Deployment" }));
        Assert.That(Candidates(set, "CronJob"), Is.EqualTo(new[] { "pods@CronJob" }));
        Assert.That(Candidates(set, "Service"), Is.Empty);
    }
}
