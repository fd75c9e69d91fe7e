using GitOpsAi.Core.AdmissionPolicies;
using GitOpsAi.Core.Expressions.Cel;
using GitOpsAi.Core.IO;
using GitOpsAi.Core.Kyverno;
using GitOpsAi.Core.Workspace;
using static GitOpsAi.Core.Tests.Kyverno.KyvernoCorpusAgreementTests;

namespace GitOpsAi.Core.Tests.Kyverno;

/// <summary>
/// The CEL policies of kyverno/policies: the share of CEL rules (validate.cel) and ValidatingPolicy validations that are
/// evaluated, and the verdicts of the CEL rewrites of the hand-checked policies on the hand-checked resources.
/// </summary>
public sealed class KyvernoCelCorpusTests
{
    private static string PoliciesRoot()
    {
        var root = Path.Combine(SharedData.RequireCorpus(), "kyverno__policies");
        if (!Directory.Exists(root))
        {
            Assert.Ignore($"The Kyverno policy corpus is not at {root}; skipping.");
        }

        return root;
    }

    [Test]
    public void Most_cel_rules_and_validating_policy_validations_of_the_corpus_are_evaluated()
    {
        var root = PoliciesRoot();
        var files = Directory.EnumerateFiles(root, "*.y*ml", SearchOption.AllDirectories)
            .Where(p => !p.Contains(".kyverno-test", StringComparison.Ordinal) && !p.Contains(".chainsaw-test", StringComparison.Ordinal))
            .Select(p => WorkspaceFile.Load(PhysicalFileSystem.Instance, p, root))
            .ToList();
        var workspace = WorkspaceLoader.Create(root, files, PhysicalFileSystem.Instance);
        int celRules = 0, celRulesEvaluated = 0, validations = 0, validationsEvaluated = 0;
        var reasons = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var file in workspace.Files.Values)
        {
            foreach (var manifest in file.Manifests)
            {
                if (KyvernoPolicyLoader.IsPolicy(manifest))
                {
                    foreach (var rule in KyvernoPolicySet.PolicyFor(file, manifest).Rules.Where(r => r.Validate?.Cel is not null || r.UnsupportedReasons.Any(x => x.Contains("CEL", StringComparison.Ordinal))))
                    {
                        celRules++;
                        celRulesEvaluated += rule.IsSupported ? 1 : 0;
                        foreach (var reason in rule.UnsupportedReasons.Take(1))
                        {
                            reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
                        }
                    }
                }
                else if (KyvernoValidatingPolicyLoader.IsValidatingPolicy(manifest))
                {
                    var policy = KyvernoValidatingPolicyLoader.Load(file, manifest);
                    var shared = policy.Variables.Concat(policy.MatchConditions).Select(v => v.Expression.Text).ToList();
                    foreach (var validation in policy.Validations)
                    {
                        validations++;
                        var problem = shared.Append(validation.Expression.Text).Select(Problem).FirstOrDefault(p => p is not null);
                        validationsEvaluated += problem is null ? 1 : 0;
                        if (problem is not null)
                        {
                            reasons[problem] = reasons.GetValueOrDefault(problem) + 1;
                        }
                    }
                }
            }
        }

        TestContext.Out.WriteLine($"validate.cel rules: {celRulesEvaluated} of {celRules} evaluated ({100.0 * celRulesEvaluated / Math.Max(1, celRules):F1}%)");
        TestContext.Out.WriteLine($"ValidatingPolicy validations: {validationsEvaluated} of {validations} evaluated ({100.0 * validationsEvaluated / Math.Max(1, validations):F1}%)");
        foreach (var (reason, count) in reasons.OrderByDescending(r => r.Value).Take(15))
        {
            TestContext.Out.WriteLine($"  {count,4}  {reason}");
        }

        Assert.Multiple(() =>
        {
            Assert.That(celRules, Is.GreaterThanOrEqualTo(100), "validate.cel rules found");
            Assert.That(validations, Is.GreaterThanOrEqualTo(100), "ValidatingPolicy validations found");
            Assert.That(celRulesEvaluated, Is.GreaterThanOrEqualTo(celRules * 8 / 10), "validate.cel rules evaluated");
            Assert.That(validationsEvaluated, Is.GreaterThanOrEqualTo(validations * 8 / 10), "validations evaluated");
        });
    }

    private static string? Problem(string expression) =>
        CelEvaluator.UnsupportedFunctions(expression) is { Count: > 0 } functions ? "uses " + string.Join(", ", functions)
        : CelEvaluator.CompileProblem(expression)?.Message;

    /// <summary>
    /// Each (resource, policy) pair is a case: the policy fails the resource, passes it, or is not evaluated on it (a
    /// note says so). Agreement is counted over the evaluated cases; the share evaluated is reported beside it.
    /// </summary>
    [TestCase("-cel", true)]
    [TestCase("-vpol", false)]
    public void The_cel_rewrites_of_the_hand_checked_policies_agree_with_the_expected_verdicts(string suffix, bool autogen)
    {
        var root = PoliciesRoot();
        var fileSystem = new InMemoryFileSystem();
        var policyNames = new List<string>();
        foreach (var path in PolicyPaths)
        {
            var folder = path.Split('/')[0] + suffix;
            var rewritten = Path.Combine(root, folder, string.Join('/', path.Split('/')[1..]), Path.GetFileName(path) + ".yaml");
            if (File.Exists(rewritten))
            {
                var text = File.ReadAllText(rewritten);
                fileSystem.Add($"policies/{Path.GetFileName(path)}.yaml", text);
                policyNames.Add(System.Text.RegularExpressions.Regex.Match(text, @"(?m)^  name: (\S+)").Groups[1].Value);
            }
        }

        int cases = 0, evaluated = 0, agreements = 0;
        var disagreements = new List<string>();
        var notEvaluated = new List<string>();
        void Check(string name, string resource, IEnumerable<string> failingRules)
        {
            fileSystem.Add("apps/resource.yaml", resource);
            var kyverno = TestAnalysis.AnalyzeAll(fileSystem, "apps/resource.yaml").Where(d => d.Source == DiagnosticSources.Kyverno).ToList();
            string PolicyOf(Diagnostic d) => d.Code["kyverno:".Length..].Split('/')[0];
            var failing = kyverno.Where(d => d.Severity != DiagnosticSeverity.Information).Select(PolicyOf).ToHashSet();
            var undecided = kyverno.Where(d => d.Severity == DiagnosticSeverity.Information).Select(PolicyOf).ToHashSet();
            var wanted = failingRules.Select(r => r.Split('/')[0]).ToHashSet();
            foreach (var policy in policyNames)
            {
                cases++;
                if (undecided.Contains(policy) && !failing.Contains(policy))
                {
                    notEvaluated.Add($"{name}: {policy}");
                    continue;
                }

                evaluated++;
                if (failing.Contains(policy) == wanted.Contains(policy))
                {
                    agreements++;
                }
                else
                {
                    disagreements.Add($"{name}: {policy} expected to {(wanted.Contains(policy) ? "fail" : "pass")}");
                }
            }
        }

        foreach (var (name, change, failing) in Cases)
        {
            var pod = change(HardenedPod);
            Check("Pod " + name, pod, failing);
            if (autogen)
            {
                Check("Deployment " + name, AsDeployment(pod), failing);
            }
        }

        foreach (var (name, yaml, failing) in OtherResources)
        {
            Check(name, yaml, failing);
        }

        TestContext.Out.WriteLine($"{suffix}: {policyNames.Count} policies; {evaluated} of {cases} (resource, policy) cases evaluated ({100.0 * evaluated / cases:F1}%), {agreements} of {evaluated} agree ({100.0 * agreements / Math.Max(1, evaluated):F1}%).");
        foreach (var item in notEvaluated.Take(10))
        {
            TestContext.Out.WriteLine("  not evaluated: " + item);
        }

        Assert.Multiple(() =>
        {
            Assert.That(disagreements, Is.Empty, string.Join("\n", disagreements));
            Assert.That(evaluated, Is.GreaterThanOrEqualTo(cases * 9 / 10), "share of cases evaluated");
        });
    }
}
