using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Rules.Reuse;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Rules;

/// <summary>
/// A rule's findings on a rendered object are taken from another render of the same origin object when every read the
/// rule made gives the same answer there (issue 13). These tests turn reuse on for every rule (it is off outside tests:
/// it saved about what it cost) and prove the findings are those of running every rule on every render.
/// </summary>
[NonParallelizable]
public sealed class RenderedRuleReuseTests
{
    // Two overlays render the base with their own namespace and image tag; overlays/b also patches a securityContext in.
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
                - name: [|web|]
                  image: nginx:1.27
                  env:
                    - name: DB_PASSWORD
                      value: [|"hunter2-but-longer-Xq9"|]
        """);

    private static InMemoryFileSystem Repository() => new InMemoryFileSystem()
        .Add("base/kustomization.yaml", "resources:\n  - web.yaml\n")
        .Add("base/web.yaml", Base.Text)
        .Add("overlays/a/kustomization.yaml", "namespace: a\nresources:\n  - ../../base\nimages:\n  - name: nginx\n    newTag: \"1.28\"\n")
        .Add("overlays/b/kustomization.yaml", """
            namespace: b
            resources:
              - ../../base
            images:
              - name: nginx
                newTag: latest
            patches:
              - patch: |-
                  apiVersion: apps/v1
                  kind: Deployment
                  metadata:
                    name: web
                  spec:
                    template:
                      spec:
                        containers:
                          - name: web
                            securityContext:
                              runAsNonRoot: true
            """);

    private sealed record Run(List<(string Path, string Span, string Code, string Message)> Findings, List<(string Rule, bool Reused)> Log);

    /// <summary>The raw rendered findings (as <see cref="RenderedAnalysis.Reported"/> has them) and each rule run, with reuse on for every rule or off.</summary>
    private static Run Reported(IO.IFileSystem fileSystem, string root, bool reuse)
    {
        var log = new List<(string, bool)>();
        RuleReuse.OffOnThisThread = !reuse;
        RuleReuse.EveryRuleOnThisThread = reuse;
        RuleReuse.Log = log;
        try
        {
            var snapshot = WorkspaceLoader.Load(root, fileSystem);
            var findings = RenderedAnalysis.For(snapshot, Analyzer.RenderedChecks, CancellationToken.None).Reported
                .Select(f => (f.Path, f.Diagnostic.Span.ToString(), f.Diagnostic.Code, $"{f.Diagnostic.Severity} {f.Diagnostic.Message} [{string.Join("; ", f.Objects.Select(o => $"{o.Origin} {string.Join(",", o.Overlays)} {string.Join(",", o.Sources)}"))}]"))
                .ToList();
            return new Run(findings, log);
        }
        finally
        {
            RuleReuse.OffOnThisThread = false;
            RuleReuse.EveryRuleOnThisThread = false;
            RuleReuse.Log = null;
        }
    }

    private static List<bool> RunsOf(Run run, string rule) => run.Log.Where(r => r.Rule == rule).Select(r => r.Reused).ToList();

    [Test]
    public void A_rule_that_reads_only_fields_the_overlays_keep_is_run_on_the_first_render_and_reused_on_the_second()
    {
        var run = Reported(Repository(), InMemoryFileSystem.Root, reuse: true);

        // cpu-requests-missing reads the container's resources, which neither overlay touches.
        Assert.That(RunsOf(run, "cpu-requests-missing"), Is.EqualTo(new[] { false, true }));
        var finding = run.Findings.Single(f => f.Code == "cpu-requests-missing");
        Assert.That(finding.Path, Is.EqualTo(InMemoryFileSystem.PathOf("base/web.yaml")));
        Assert.That(finding.Span, Is.EqualTo(Base.Spans[0].ToString()));
        Assert.That(finding.Message, Does.Contain("(in overlays/a, overlays/b)"));
    }

    [Test]
    public void A_rule_that_reads_a_field_an_overlay_changed_runs_again()
    {
        var run = Reported(Repository(), InMemoryFileSystem.Root, reuse: true);

        // latest-tag reads the image, which each overlay tags its own way: overlays/b's 'latest' is found, overlays/a's 1.28 is not.
        Assert.That(RunsOf(run, "latest-tag"), Is.EqualTo(new[] { false, false }));
        Assert.That(run.Findings.Where(f => f.Code == "latest-tag").Select(f => f.Message), Has.One.Contains("(in overlays/b)"));
    }

    [Test]
    public void A_field_an_overlay_adds_runs_again_a_rule_that_looked_it_up_and_did_not_find_it()
    {
        var run = Reported(Repository(), InMemoryFileSystem.Root, reuse: true);

        // run-as-non-root looked up the container's securityContext (missing in overlays/a): overlays/b patches it in.
        Assert.That(RunsOf(run, "run-as-non-root"), Is.EqualTo(new[] { false, false }));
        var finding = run.Findings.Single(f => f.Code == "run-as-non-root");
        Assert.That(finding.Span, Is.EqualTo(Base.Spans[0].ToString()));
        Assert.That(finding.Message, Does.Contain("(in overlays/a)"));
        Assert.That(finding.Message, Does.Not.Contain("overlays/b"));
    }

    [Test]
    public void A_rule_that_looks_outside_the_object_is_never_reused()
    {
        // duplicate-env-var reads the text (to name the line of the first definition): more than the object.
        var duplicated = Base.Text.Replace("""
                      env:
            """, """
                      env:
                        - name: LOG_LEVEL
                          value: info
                        - name: LOG_LEVEL
                          value: debug
            """, StringComparison.Ordinal);
        Assert.That(duplicated, Is.Not.EqualTo(Base.Text));
        var run = Reported(Repository().Add("base/web.yaml", duplicated), InMemoryFileSystem.Root, reuse: true);

        Assert.That(RunsOf(run, "duplicate-env-var"), Is.EqualTo(new[] { false, false }));
        Assert.That(run.Findings.Where(f => f.Code == "duplicate-env-var").Select(f => f.Message), Has.One.Contains("(in overlays/a, overlays/b)"));
    }

    [Test]
    public void The_cross_object_rules_are_not_run_on_a_rendered_object_as_their_findings_come_from_its_siblings()
    {
        var run = Reported(Repository(), InMemoryFileSystem.Root, reuse: true);

        // The network-policy rule looks the repository's NetworkPolicies up; on a rendered object it runs against the root's siblings.
        Assert.That(RunsOf(run, "missing-network-policy"), Is.Empty);
        Assert.That(RunsOf(run, "run-as-non-root"), Is.Not.Empty);
    }

    [Test]
    public void Outside_tests_no_rule_is_recorded_nor_replayed_and_the_secret_value_is_reported_at_its_base_line()
    {
        var reusedBefore = RuleReuse.ReusedOnThisThread;
        var reported = RenderedAnalysis.For(WorkspaceLoader.Load(InMemoryFileSystem.Root, Repository()), Analyzer.RenderedChecks, CancellationToken.None).Reported;

        Assert.That(RuleReuse.ReusedOnThisThread - reusedBefore, Is.Zero, "reuse saved about what it cost at 50,000 resources: off outside tests");
        var secret = reported.Single(f => f.Diagnostic.Span == Base.Spans[1]);
        Assert.That(secret.Diagnostic.Code, Is.EqualTo("sensitive-env-var"));
        Assert.That(secret.Diagnostic.Message, Does.Contain("(in overlays/a, overlays/b)"));
    }

    [Test]
    public void Reuse_finds_exactly_what_running_every_rule_finds_in_the_hand_made_overlays()
    {
        var on = Reported(Repository(), InMemoryFileSystem.Root, reuse: true);
        var off = Reported(Repository(), InMemoryFileSystem.Root, reuse: false);

        Assert.That(on.Log.Count(r => r.Reused), Is.Positive);
        Assert.That(off.Log.Count(r => r.Reused), Is.Zero);
        Assert.That(on.Findings, Is.EqualTo(off.Findings));
    }

    [Test]
    public void Reuse_finds_exactly_what_running_every_rule_finds_in_a_generated_monorepo_of_overlays()
    {
        var on = Reported(GeneratedMonorepo(apps: 6), InMemoryFileSystem.Root, reuse: true);
        var off = Reported(GeneratedMonorepo(apps: 6), InMemoryFileSystem.Root, reuse: false);

        TestContext.Out.WriteLine($"{on.Log.Count(r => r.Reused)} of {on.Log.Count} rule runs reused; {on.Findings.Count} findings");
        Assert.That(on.Log.Count(r => r.Reused), Is.GreaterThan(on.Log.Count / 3));
        Assert.That(on.Findings, Has.Count.GreaterThan(20));
        Assert.That(on.Findings, Is.EqualTo(off.Findings));
    }

    [Test]
    public void Reuse_finds_exactly_what_running_every_rule_finds_in_the_corpus()
    {
        var corpus = SharedData.RequireCorpus();
        var on = Reported(IO.PhysicalFileSystem.Instance, corpus, reuse: true);
        var off = Reported(IO.PhysicalFileSystem.Instance, corpus, reuse: false);

        TestContext.Out.WriteLine($"{on.Log.Count(r => r.Reused)} of {on.Log.Count} rule runs reused; {on.Findings.Count} findings");
        Assert.That(on.Log.Count(r => r.Reused), Is.Positive);
        Assert.That(on.Findings, Is.EqualTo(off.Findings));
    }

    /// <summary>
    /// Apps like gen-monorepo's (tests/bench/gen-monorepo.mjs): a base of workloads with env values (some secret-looking),
    /// a Service and a ConfigMap, rendered by dev, staging and prod overlays that set a namespace, an image tag, a replicas
    /// patch (prod) and a configMapGenerator.
    /// </summary>
    private static InMemoryFileSystem GeneratedMonorepo(int apps)
    {
        var fileSystem = new InMemoryFileSystem();
        for (var app = 0; app < apps; app++)
        {
            var name = $"app-{app}";
            var workloads = string.Join("\n---\n", Enumerable.Range(0, 3).Select(i => $$"""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: {{name}}-w{{i}}
                  annotations:
                    note: "token=abcdefghijklmnop{{app}}{{i}}"
                spec:
                  {{(i == 0 ? "" : "replicas: 2")}}
                  selector:
                    matchLabels:
                      app: {{name}}-w{{i}}
                  template:
                    metadata:
                      labels:
                        app: {{name}}-w{{i}}
                    spec:
                      {{(i == 2 ? "securityContext:\n        runAsNonRoot: true" : "")}}
                      containers:
                        - name: main
                          image: registry.example.com/{{name}}:1.0.{{i}}
                          {{(i == 1 ? "resources:\n            requests:\n              cpu: 100m" : "")}}
                          env:
                            - name: LOG_LEVEL
                              value: info
                            - name: API_TOKEN
                              value: "{{(app % 2 == 0 ? $"s3cr3t-{app}-{i}-XyZ987abc" : "${API_TOKEN}")}}"
                """));
            fileSystem
                .Add($"apps/{name}/base/kustomization.yaml", "resources:\n  - workloads.yaml\n  - service.yaml\n")
                .Add($"apps/{name}/base/workloads.yaml", workloads)
                .Add($"apps/{name}/base/service.yaml", $"apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\nspec:\n  selector:\n    app: {name}-w0\n  ports:\n    - port: 80\n      targetPort: 8080\n");
            foreach (var environment in new[] { "dev", "staging", "prod" })
            {
                var replicas = environment == "prod"
                    ? $"patches:\n  - target:\n      kind: Deployment\n      name: {name}-w1\n    patch: |-\n      - op: replace\n        path: /spec/replicas\n        value: 5\n"
                    : "";
                fileSystem.Add($"apps/{name}/overlays/{environment}/kustomization.yaml",
                    $"namespace: {name}-{environment}\nresources:\n  - ../../base\nimages:\n  - name: registry.example.com/{name}\n    newTag: \"{environment}-{app}\"\n"
                    + $"configMapGenerator:\n  - name: {name}-settings\n    literals:\n      - ENVIRONMENT={environment}\n      - PASSWORD=pw-{environment}-Qz81xv\n{replicas}");
            }
        }

        return fileSystem;
    }
}
