using System.Text.RegularExpressions;
using GitOpsAi.Core.Config;
using GitOpsAi.Core.Rules;

namespace GitOpsAi.Core.Tests.Rules;

/// <summary>Keeps the catalogue honest: every rule documented, covered by fixtures, and every peer check mapped.</summary>
public sealed partial class RuleMetaTests
{
    /// <summary>Polaris's checks (pkg/config/default.yaml), every one of which must have an equivalent here.</summary>
    public static readonly string[] PolarisChecks =
    [
        "deploymentMissingReplicas", "priorityClassNotSet", "tagNotSpecified", "pullPolicyNotAlways", "readinessProbeMissing",
        "livenessProbeMissing", "metadataAndInstanceMismatched", "pdbDisruptionsIsZero", "missingPodDisruptionBudget",
        "topologySpreadConstraint", "hpaMaxAvailability", "hpaMinAvailability", "pdbMinAvailableGreaterThanHPAMinReplicas",
        "cpuRequestsMissing", "cpuLimitsMissing", "memoryRequestsMissing", "memoryLimitsMissing",
        "automountServiceAccountToken", "hostIPCSet", "hostPathSet", "hostProcess", "hostPIDSet", "linuxHardening",
        "missingNetworkPolicy", "notReadOnlyRootFilesystem", "privilegeEscalationAllowed", "procMount", "runAsRootAllowed",
        "runAsPrivileged", "dangerousCapabilities", "insecureCapabilities", "hostNetworkSet", "hostPortSet", "tlsSettingsMissing",
        "sensitiveContainerEnvVar", "sensitiveConfigmapContent", "clusterrolePodExecAttach", "rolePodExecAttach",
        "clusterrolebindingPodExecAttach", "rolebindingClusterRolePodExecAttach", "rolebindingRolePodExecAttach",
        "clusterrolebindingClusterAdmin", "rolebindingClusterAdminClusterRole", "rolebindingClusterAdminRole",
    ];

    /// <summary>kube-linter's checks enabled by default (internal/defaultchecks/default_checks.go).</summary>
    public static readonly string[] KubeLinterDefaultChecks =
    [
        "dangling-service", "deprecated-service-account-field", "docker-sock", "drop-net-raw-capability", "duplicate-env-var",
        "env-var-secret", "host-ipc", "host-network", "host-pid", "invalid-target-ports", "latest-tag", "liveness-port",
        "mismatching-selector", "no-anti-affinity", "no-extensions-v1beta", "no-read-only-root-fs", "non-existent-service-account",
        "pdb-max-unavailable", "pdb-min-available", "privilege-escalation-container", "privileged-container", "readiness-port",
        "run-as-non-root", "sensitive-host-mounts", "ssh-port", "startup-port", "unsafe-sysctls", "unset-cpu-requirements",
        "unset-memory-requirements", "pdb-unhealthy-pod-eviction-policy", "job-ttl-seconds-after-finished",
    ];

    public static IEnumerable<TestCaseData> Rules() =>
        RuleRegistry.All.Select(r => new TestCaseData(r.Id).SetName($"Rule {r.Id} is complete"));

    [TestCaseSource(nameof(Rules))]
    public void Rule_is_complete(string id)
    {
        var rule = RuleRegistry.Find(id)!;
        Assert.Multiple(() =>
        {
            Assert.That(KebabCase().IsMatch(rule.Id), Is.True, "the id is kebab-case");
            Assert.That(rule.Description, Is.Not.Empty.And.EndsWith("."), "the description is a sentence");
            Assert.That(rule.Remediation, Is.Not.Empty.And.EndsWith("."), "the remediation is one sentence ending with a period");
            Assert.That(rule.Scope, Is.Not.Empty);
            Assert.That(rule.Equivalents.All(e => EquivalentFormat().IsMatch(e)), Is.True, "equivalents look like tool:check");
            var fixtures = RuleFixture.All().Where(f => f.RuleId == id).ToList();
            Assert.That(fixtures.Any(f => f.ExpectFindings), Is.True, "at least one failing fixture");
            Assert.That(fixtures.Any(f => !f.ExpectFindings), Is.True, "at least one passing fixture");
        });
    }

    [Test]
    public void Rule_ids_are_unique_and_never_collide_with_core_codes()
    {
        var ids = RuleRegistry.All.Select(r => r.Id).ToList();
        Assert.That(ids, Is.Unique);
        Assert.That(ids.Intersect(GitOpsAi.Core.Diagnostics.CoreDiagnostics.All.Select(d => d.Code)), Is.Empty);
    }

    [Test]
    public void Every_polaris_check_has_an_equivalent_rule()
    {
        var mapped = RuleRegistry.All.SelectMany(r => r.Equivalents).Where(e => e.StartsWith("polaris:", StringComparison.Ordinal)).Select(e => e["polaris:".Length..]).ToHashSet();
        Assert.That(PolarisChecks.Where(c => !mapped.Contains(c)), Is.Empty);
    }

    [Test]
    public void Every_kube_linter_default_check_has_an_equivalent_rule()
    {
        var mapped = RuleRegistry.All.SelectMany(r => r.Equivalents).Where(e => e.StartsWith("kube-linter:", StringComparison.Ordinal)).Select(e => e["kube-linter:".Length..]).ToHashSet();
        Assert.That(KubeLinterDefaultChecks.Where(c => !mapped.Contains(c)), Is.Empty);
    }

    [Test]
    public void Every_rule_fixture_folder_belongs_to_a_rule()
    {
        var orphans = RuleFixture.All().Select(f => f.RuleId).Distinct().Where(id => RuleRegistry.Find(id) is null);
        Assert.That(orphans, Is.Empty);
    }

    [Test]
    public void The_rule_reference_in_docs_rules_md_is_current()
    {
        var path = Path.Combine(SharedData.RepositoryRoot, "docs", "rules.md");
        var current = File.Exists(path) ? File.ReadAllText(path) : "# Rules\n";
        var expected = RuleDocs.Update(current, RuleDocs.Begin, RuleDocs.End, RuleDocs.Reference());
        if (Environment.GetEnvironmentVariable("GITOPSAI_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, expected);
        }

        Assert.That(current, Is.EqualTo(expected), "docs/rules.md is stale; run the tests with GITOPSAI_UPDATE_DOCS=1 to regenerate it.");
    }

    [Test]
    public void The_configuration_schema_in_schemas_is_current()
    {
        var path = Path.Combine(SharedData.RepositoryRoot, "schemas", "gitops-ai-rules.schema.json");
        var expected = RulesConfigSchema.Generate();
        if (Environment.GetEnvironmentVariable("GITOPSAI_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, expected);
        }

        Assert.That(File.Exists(path) ? File.ReadAllText(path) : string.Empty, Is.EqualTo(expected), "schemas/gitops-ai-rules.schema.json is stale; run the tests with GITOPSAI_UPDATE_DOCS=1.");
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex KebabCase();

    [GeneratedRegex("^(polaris|kube-linter|kyverno|checkov|kube-score|datree):[A-Za-z0-9-]+$")]
    private static partial Regex EquivalentFormat();
}

public sealed class DiagnosticDocsTests
{
    [Test]
    public void The_diagnostic_reference_in_docs_diagnostics_md_is_current()
    {
        var path = Path.Combine(SharedData.RepositoryRoot, "docs", "diagnostics.md");
        var current = File.ReadAllText(path);
        var expected = RuleDocs.Update(current, DiagnosticDocs.Begin, DiagnosticDocs.End, DiagnosticDocs.Reference());
        if (Environment.GetEnvironmentVariable("GITOPSAI_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, expected);
        }

        Assert.That(current, Is.EqualTo(expected), "docs/diagnostics.md is stale; run the tests with GITOPSAI_UPDATE_DOCS=1.");
    }
}
