using System.Diagnostics;
using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.IO;
using GitOpsAi.Core.Kyverno;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Kyverno;

/// <summary>
/// The 660 files of kyverno/policies (../shared/corpus/kyverno__policies): every policy loads without an exception,
/// and the figures of what GitOpsAi evaluates fully, partly or not at all are printed (and kept from regressing).
/// </summary>
public sealed class KyvernoCorpusTests
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

    private static WorkspaceSnapshot LoadAll(string root)
    {
        // Every YAML file, including any under dot-folders that a repository walk would skip.
        var files = Directory.EnumerateFiles(root, "*.*", SearchOption.AllDirectories)
            .Where(WorkspaceLoader.IsYamlFile)
            .Select(p => WorkspaceFile.Load(PhysicalFileSystem.Instance, p, root))
            .ToList();
        return WorkspaceLoader.Create(root, files, PhysicalFileSystem.Instance);
    }

    [Test]
    public void Every_policy_of_the_corpus_loads_and_the_support_figures_are_reported()
    {
        var root = PoliciesRoot();
        var stopwatch = Stopwatch.StartNew();
        var workspace = LoadAll(root);
        var policies = new List<KyvernoPolicy>();
        var otherKinds = new Dictionary<string, int>(StringComparer.Ordinal);
        var celPolicies = 0;
        var failures = new List<string>();
        foreach (var file in workspace.Files.Values.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            foreach (var manifest in file.Manifests)
            {
                try
                {
                    if (KyvernoPolicyLoader.IsPolicy(manifest))
                    {
                        policies.Add(KyvernoPolicySet.PolicyFor(file, manifest));
                    }
                    else if (KyvernoValidatingPolicyLoader.IsValidatingPolicy(manifest))
                    {
                        celPolicies++; // evaluated by the CEL policy engine (KyvernoCelCorpusTests measures it)
                    }
                    else if (KyvernoPolicyLoader.UnsupportedKindReason(manifest) is not null)
                    {
                        otherKinds[$"{manifest.ApiVersion} {manifest.Kind}"] = otherKinds.GetValueOrDefault($"{manifest.ApiVersion} {manifest.Kind}") + 1;
                    }
                }
                catch (Exception exception)
                {
                    failures.Add($"{file.RelativePath}: {exception.GetType().Name}: {exception.Message}");
                }
            }
        }

        var loadTime = stopwatch.Elapsed;
        var rules = policies.SelectMany(p => p.Rules).ToList();
        var full = policies.Count(p => p.Rules.Count > 0 && p.Rules.All(r => r.IsSupported));
        var none = policies.Count(p => !p.Rules.Any(r => r.IsSupported));
        var partly = policies.Count - full - none;
        var reasons = rules.Where(r => !r.IsSupported)
            .GroupBy(r => Generalise(r.UnsupportedReasons.FirstOrDefault() ?? "no match block"))
            .OrderByDescending(g => g.Count())
            .ToList();

        TestContext.Out.WriteLine($"kyverno.io ClusterPolicy/Policy documents: {policies.Count} ({rules.Count} rules) loaded in {loadTime.TotalMilliseconds:N0} ms");
        TestContext.Out.WriteLine($"  fully evaluated: {full}, partly: {partly}, not at all: {none}");
        TestContext.Out.WriteLine($"  rules evaluated: {rules.Count(r => r.IsSupported)}, skipped: {rules.Count(r => !r.IsSupported)}");
        TestContext.Out.WriteLine("  reasons rules are skipped (first reason of each rule):");
        foreach (var reason in reasons)
        {
            TestContext.Out.WriteLine($"    {reason.Count(),4}  {reason.Key}");
        }

        TestContext.Out.WriteLine("  other Kyverno kinds, each noted as not evaluated:");
        foreach (var (kind, count) in otherKinds.OrderByDescending(k => k.Value))
        {
            TestContext.Out.WriteLine($"    {count,4}  {kind}");
        }

        Assert.That(failures, Is.Empty, string.Join("\n", failures));
        Assert.Multiple(() =>
        {
            Assert.That(policies, Has.Count.GreaterThanOrEqualTo(450));
            // Kept from regressing (a third of the kyverno.io policies there are CEL rewrites, which are noted, not evaluated).
            Assert.That(full, Is.GreaterThanOrEqualTo(170), "fully evaluated policies");
            Assert.That(otherKinds.Values.Sum() + celPolicies, Is.GreaterThanOrEqualTo(150), "CEL and other Kyverno kinds are recognised");
        });
    }

    [Test]
    public void The_whole_corpus_is_analysed_with_its_policies_without_an_exception_and_quickly()
    {
        var root = PoliciesRoot();
        var workspace = LoadAll(root);
        var analyzer = new Analyzer();
        var stopwatch = Stopwatch.StartNew();
        var results = analyzer.AnalyzeAll(workspace);
        var elapsed = stopwatch.Elapsed;
        var kyverno = results.SelectMany(r => r.Diagnostics.Where(d => d.Source == DiagnosticSources.Kyverno)).ToList();
        TestContext.Out.WriteLine($"{results.Count} files analysed with {KyvernoPolicySet.For(workspace).AllPolicies.Count} policies in {elapsed.TotalMilliseconds:N0} ms; " +
            $"{kyverno.Count(d => d.Severity == DiagnosticSeverity.Information)} notes, {kyverno.Count(d => d.Severity != DiagnosticSeverity.Information)} findings " +
            "(the policies evaluated against each other, as Kyverno would with kinds '*').");

        // Notes sit on rule names, once per rule.
        var duplicates = kyverno.Where(d => d.Severity == DiagnosticSeverity.Information).GroupBy(d => (d.Code, d.Span)).Where(g => g.Count() > 1).ToList();
        Assert.That(duplicates, Is.Empty);
        Assert.That(elapsed, Is.LessThan(TimeSpan.FromSeconds(60)));
    }

    [Test]
    public void A_manifest_is_evaluated_against_all_corpus_policies_within_milliseconds()
    {
        var root = PoliciesRoot();
        var workspace = LoadAll(root);
        var deployment = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: shop
              labels:
                app.kubernetes.io/name: web
            spec:
              replicas: 1
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
                      image: nginx:latest
                      securityContext:
                        privileged: true
            """;
        var path = Path.Combine(root, "zz-test", "deployment.yaml");
        var snapshot = workspace.WithFile(path, WorkspaceFile.FromText(path, root, deployment));
        var analyzer = new Analyzer();
        var file = snapshot.GetFile(path)!;
        analyzer.Analyze(snapshot, file); // warm: policies parsed, index built

        var typed = snapshot.WithFile(path, WorkspaceFile.FromText(path, root, deployment.Replace("replicas: 1", "replicas: 2", StringComparison.Ordinal)));
        var stopwatch = Stopwatch.StartNew();
        var diagnostics = analyzer.Analyze(typed, typed.GetFile(path)!).Diagnostics.Where(d => d.Source == DiagnosticSources.Kyverno).ToList();
        var elapsed = stopwatch.Elapsed;
        TestContext.Out.WriteLine($"One Deployment against the corpus after a keystroke: {diagnostics.Count} findings in {elapsed.TotalMilliseconds:N1} ms");
        foreach (var diagnostic in diagnostics.Take(40))
        {
            TestContext.Out.WriteLine($"  {diagnostic.Code}: {diagnostic.Message}");
        }

        Assert.That(diagnostics.Select(d => d.Code), Does.Contain("kyverno:disallow-latest-tag/validate-image-tag").And.Contain("kyverno:disallow-privileged-containers/privileged-containers"));
        Assert.That(elapsed, Is.LessThan(TimeSpan.FromMilliseconds(500)));
    }

    private static string Generalise(string reason)
    {
        var paren = reason.IndexOf(" ('", StringComparison.Ordinal);
        if (reason.StartsWith("it uses a JMESPath expression", StringComparison.Ordinal) && paren > 0)
        {
            return reason[..paren];
        }

        return reason;
    }
}
