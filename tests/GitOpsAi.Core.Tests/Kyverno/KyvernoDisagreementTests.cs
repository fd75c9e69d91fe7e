using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Workspace;
using static GitOpsAi.Core.Tests.Kyverno.KyvernoTestSupport;

namespace GitOpsAi.Core.Tests.Kyverno;

/// <summary>
/// Cases where GitOpsAi used to decide otherwise than Kyverno, modelled on kyverno/policies' .kyverno-test suites and
/// kyverno/kyverno's test/cli cases: kind selectors, arithmetic in conditions, evaluation errors and auto-gen.
/// </summary>
public class KyvernoDisagreementTests
{
    private const string CronJob = """
        apiVersion: batch/v1
        kind: CronJob
        metadata:
          name: [|nightly|]
        spec:
          schedule: "0 3 * * *"
          jobTemplate:
            spec:
              template:
                spec:
                  containers:
                    - name: job
                      image: busybox:1.36
        """;

    private static string DenyAll(string kinds) => Policy("""
                message: "this API is deprecated"
                deny: {}
        """, kinds: kinds);

    [TestCase("batch/*/CronJob", true)]
    [TestCase("batch/v1/CronJob", true)]
    [TestCase("batch/v1beta1/CronJob", false)]
    [TestCase("\"*/CronJob\"", true)]
    [TestCase("v1/CronJob", true)]
    [TestCase("apps/*/CronJob", false)]
    [TestCase("CronJob", true)]
    [TestCase("CronJob/status", false)]
    public void Kind_selectors_are_parsed_as_Kyverno_parses_them(string selector, bool matches)
    {
        var diagnostics = Evaluate(DenyAll(selector), CronJob, out var markup);
        if (matches)
        {
            AssertAt(diagnostics, markup);
        }
        else
        {
            Assert.That(diagnostics, Is.Empty);
        }
    }

    private const string Pod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: [|web|]
        spec:
          containers:
            - name: web
              image: nginx:1.27
              resources:
                limits: {memory: 300Mi}
                requests: {memory: 100Mi}
        """;

    [TestCase("\"{{ divide('{{ request.object.spec.containers[0].resources.limits.memory }}', '{{ request.object.spec.containers[0].resources.requests.memory }}') }}\"", "GreaterThan", "2", true)]
    [TestCase("\"{{ divide('{{ request.object.spec.containers[0].resources.limits.memory }}', '{{ request.object.spec.containers[0].resources.requests.memory }}') }}\"", "GreaterThan", "3", false)]
    [TestCase("\"{{ add('100Mi', '200Mi') }}\"", "Equals", "300Mi", true)]
    [TestCase("\"{{ sum(request.object.spec.containers[].resources.limits.memory) }}\"", "GreaterThan", "256Mi", true)]
    [TestCase("\"{{ multiply(request.object.spec.containers[0].resources.requests.memory, `2`) }}\"", "LessThan", "300Mi", true)]
    [TestCase("\"{{ subtract('1h', '30m0s') }}\"", "Equals", "30m0s", true)]
    public void Conditions_compare_arithmetic_on_quantities_as_Kyverno_does(string key, string op, string value, bool denied)
    {
        var policy = Policy($"""
                message: "ratio"
                deny:
                  conditions:
                    any:
                      - key: {key}
                        operator: {op}
                        value: {value}
        """);
        var diagnostics = Evaluate(policy, Pod, out var markup);
        Assert.That(diagnostics.Select(d => d.Message), denied ? Is.EqualTo(new[] { "ratio" }) : Is.Empty);
    }

    // A pattern variable that cannot be resolved is an error in Kyverno (conditions would read it as "").
    private static readonly string ErroringPolicy = Policy("""
                message: "the name must be the team's"
                pattern:
                  metadata:
                    name: "{{ request.object.metadata.labels.team }}"
        """, action: "Enforce");

    [Test]
    public void A_rule_that_errors_is_reported_on_the_resource_as_an_error_result()
    {
        var diagnostics = Evaluate(ErroringPolicy, Pod, out var markup);
        AssertAt(diagnostics, markup);
        var diagnostic = diagnostics.Single();
        Assert.Multiple(() =>
        {
            Assert.That(diagnostic.Code, Is.EqualTo("kyverno:test-policy/check"));
            Assert.That(diagnostic.Severity, Is.EqualTo(DiagnosticSeverity.Error));
            Assert.That(diagnostic.Message, Does.StartWith("Kyverno reports an error for rule check of policy test-policy:"));
            Assert.That(diagnostic.Message, Does.Contain("request.object.metadata.labels.team"));
        });
    }

    [Test]
    public void A_rule_that_errors_is_reported_on_the_policy_naming_the_object()
    {
        var fileSystem = new InMemoryFileSystem().Add("policies/policy.yaml", ErroringPolicy).Add("apps/pod.yaml", Pod.Replace("[|", "").Replace("|]", ""));
        var notes = TestAnalysis.AnalyzeAll(fileSystem, "policies/policy.yaml").Kyverno();
        var note = notes.Single();
        Assert.Multiple(() =>
        {
            Assert.That(note.Severity, Is.EqualTo(DiagnosticSeverity.Information));
            Assert.That(note.Code, Is.EqualTo("kyverno:test-policy/check"));
            Assert.That(note.Message, Does.StartWith("Rule 'check' cannot be evaluated on Pod web (apps/pod.yaml:1):"));
            Assert.That(ErroringPolicy.Substring(note.Span.Start, note.Span.Length), Is.EqualTo("check"));
        });
    }

    [Test]
    public void The_policy_note_counts_the_erroring_objects_of_resource_files_and_names_the_first()
    {
        // The objects rules decide on are found once per kind for every policy file's notes: patches and kustomizations are not among them.
        var pod = Pod.Replace("[|", "").Replace("|]", "");
        var fileSystem = new InMemoryFileSystem().Add("policies/policy.yaml", ErroringPolicy)
            .Add("apps/a/pod.yaml", pod).Add("apps/b/pods.yaml", pod + "\n---\n" + pod.Replace("name: web", "name: api"))
            .Add("apps/c/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [pod.yaml]\npatches:\n  - path: patch.yaml\n")
            .Add("apps/c/pod.yaml", pod).Add("apps/c/patch.yaml", pod);
        var note = TestAnalysis.AnalyzeAll(fileSystem, "policies/policy.yaml").Kyverno().Single();

        Assert.That(note.Message, Does.StartWith("Rule 'check' cannot be evaluated on Pod web (apps/a/pod.yaml:1) and 3 other object(s):"));
    }

    // The object's verdict and the policy's note come from one evaluation per snapshot, whichever file is analysed first.
    [TestCase(true)]
    [TestCase(false)]
    public void In_one_snapshot_the_object_gets_the_error_and_the_policy_the_note_in_either_order(bool policyFirst)
    {
        var fileSystem = new InMemoryFileSystem().Add("policies/policy.yaml", ErroringPolicy).Add("apps/pod.yaml", Pod.Replace("[|", "").Replace("|]", ""));
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem);
        var analyzer = new Analyzer(AnalyzerFeatures.All);
        string[] order = policyFirst ? ["policies/policy.yaml", "apps/pod.yaml"] : ["apps/pod.yaml", "policies/policy.yaml"];
        var byFile = order.ToDictionary(p => p, p => analyzer.Analyze(workspace, workspace.GetFile(InMemoryFileSystem.PathOf(p))!).Diagnostics.Kyverno());

        Assert.Multiple(() =>
        {
            Assert.That(byFile["apps/pod.yaml"].Single().Message, Does.StartWith("Kyverno reports an error for rule check of policy test-policy:"));
            Assert.That(byFile["policies/policy.yaml"].Single().Message, Does.StartWith("Rule 'check' cannot be evaluated on Pod web (apps/pod.yaml:1):"));
        });
    }

    [Test]
    public void A_policy_whose_rules_all_evaluate_gets_no_error_note()
    {
        var fileSystem = new InMemoryFileSystem().Add("policies/policy.yaml", DenyAll("Pod")).Add("apps/pod.yaml", Pod.Replace("[|", "").Replace("|]", ""));
        Assert.That(TestAnalysis.AnalyzeAll(fileSystem, "policies/policy.yaml").Kyverno(), Is.Empty);
    }

    private const string DeploymentWithoutTemplateName = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: [|web|]
          labels: {team: payments}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
                - name: web
                  image: nginx:1.27
        """;

    [Test]
    public void Autogen_leaves_a_quoted_metadata_read_on_the_controller_itself()
    {
        // Kyverno rewrites only the literal text request.object.metadata; the quoted form reads the Deployment's own.
        var policy = Policy("""
                message: "team {{ request.object.\"metadata\".labels.team }} is frozen"
                deny:
                  conditions:
                    any:
                      - key: "{{ request.object.\"metadata\".labels.team }}"
                        operator: Equals
                        value: payments
        """);
        var diagnostics = Evaluate(policy, DeploymentWithoutTemplateName, out var markup);
        AssertAt(diagnostics, markup);
        Assert.That(diagnostics.Single().Message, Is.EqualTo("team payments is frozen"));
    }

    [Test]
    public void Autogen_rewrites_request_object_metadata_to_the_pod_template()
    {
        // The template has no team label, so the rewritten read errors exactly as Kyverno's would.
        var policy = Policy("""
                message: "frozen"
                deny:
                  conditions:
                    any:
                      - key: "{{ request.object.metadata.labels.app }}"
                        operator: Equals
                        value: web
        """);
        var diagnostics = Evaluate(policy, DeploymentWithoutTemplateName, out _);
        Assert.That(diagnostics.Select(d => d.Message), Is.EqualTo(new[] { "frozen" }));
    }

    [TestCase("Deployment", "apps/v1")]
    [TestCase("StatefulSet", "apps/v1")]
    public void A_controller_with_no_pod_template_fails_the_autogen_pattern(string kind, string apiVersion)
    {
        var policy = Policy("""
                message: "images need a tag"
                pattern:
                  spec:
                    containers:
                      - image: "*:*"
        """);
        var resource = $"""
            apiVersion: {apiVersion}
            kind: {kind}
            metadata:
              name: web
            [|spec|]:
              replicas: 2
            """;
        var diagnostics = Evaluate(policy, resource, out var markup);
        AssertAt(diagnostics, markup);
        Assert.That(diagnostics.Single().Message, Is.EqualTo("validation error: images need a tag. rule autogen-check failed at path /spec/template/"));
    }
}
