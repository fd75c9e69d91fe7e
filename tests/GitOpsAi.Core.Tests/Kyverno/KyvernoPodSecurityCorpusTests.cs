namespace GitOpsAi.Core.Tests.Kyverno;

/// <summary>
/// The corpus's <c>validate.podSecurity</c> policies (baseline and restricted, latest) against the hardened Pod of
/// <see cref="KyvernoCorpusAgreementTests"/> and each of its changes, as Pods and through auto-gen as Deployments: a
/// level fails exactly when one of kyverno/policies' per-control pod-security policies of that level fails (the same
/// Pod Security Standards written out rule by rule), and baseline also when the pod sets an Unconfined seccomp profile
/// (a baseline control that corpus set has no policy for).
/// </summary>
public sealed class KyvernoPodSecurityCorpusTests
{
    private static readonly string[] BaselinePolicies =
    [
        "disallow-privileged-containers", "disallow-host-path", "disallow-host-namespaces", "disallow-host-ports", "disallow-capabilities",
        "disallow-proc-mount", "restrict-sysctls", "disallow-selinux",
    ];

    private static readonly string[] RestrictedPolicies =
    [
        "require-run-as-nonroot", "require-run-as-non-root-user", "disallow-privilege-escalation", "disallow-capabilities-strict", "restrict-seccomp-strict", "restrict-volume-types",
    ];

    [Test]
    public void The_podSecurity_levels_agree_with_the_per_control_policies_on_every_case()
    {
        var root = Path.Combine(SharedData.RequireCorpus(), "kyverno__policies", "pod-security", "subrule");
        if (!Directory.Exists(root))
        {
            Assert.Ignore($"The Kyverno policy corpus is not at {root}; skipping.");
        }

        var fileSystem = new InMemoryFileSystem()
            .Add("policies/baseline.yaml", File.ReadAllText(Path.Combine(root, "podsecurity-subrule-baseline", "podsecurity-subrule-baseline.yaml")))
            .Add("policies/restricted.yaml", File.ReadAllText(Path.Combine(root, "restricted", "restricted-latest", "restricted-latest.yaml")));
        var agreements = 0;
        var disagreements = new List<string>();
        foreach (var (name, change, failing) in KyvernoCorpusAgreementTests.Cases)
        {
            var policies = failing.Select(f => f[..f.IndexOf('/', StringComparison.Ordinal)]).ToHashSet(StringComparer.Ordinal);
            var baseline = policies.Overlaps(BaselinePolicies) || name == "unconfined seccomp";
            var restricted = baseline || policies.Overlaps(RestrictedPolicies);
            var pod = change(KyvernoCorpusAgreementTests.HardenedPod);
            foreach (var (kind, resource, prefix) in new[] { ("Pod", pod, string.Empty), ("Deployment", KyvernoCorpusAgreementTests.AsDeployment(pod), "autogen-") })
            {
                fileSystem.Add("apps/resource.yaml", resource);
                var actual = TestAnalysis.AnalyzeAll(fileSystem, "apps/resource.yaml").Kyverno()
                    .Where(d => d.Severity != DiagnosticSeverity.Information).Select(d => d.Code).Order(StringComparer.Ordinal).ToList();
                var expected = new List<string>();
                if (baseline)
                {
                    expected.Add("kyverno:podsecurity-subrule-baseline/baseline");
                }

                if (restricted)
                {
                    expected.Add("kyverno:podsecurity-subrule-restricted/restricted");
                }

                if (actual.SequenceEqual(expected))
                {
                    agreements++;
                }
                else
                {
                    disagreements.Add($"{kind} {name} ({prefix}): expected [{string.Join(", ", expected)}], got [{string.Join(", ", actual)}]");
                }
            }
        }

        TestContext.Out.WriteLine($"{agreements} of {agreements + disagreements.Count} (resource, level) cases agree.");
        Assert.That(disagreements, Is.Empty, string.Join("\n", disagreements));
    }
}
