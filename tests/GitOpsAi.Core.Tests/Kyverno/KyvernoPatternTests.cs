using static GitOpsAi.Core.Tests.Kyverno.KyvernoTestSupport;

namespace GitOpsAi.Core.Tests.Kyverno;

public class KyvernoPatternTests
{
    private const string DisallowLatest = """
                message: "Using a mutable image tag e.g. 'latest' is not allowed."
                pattern:
                  spec:
                    containers:
                      - image: "!*:latest"
        """;

    private const string LatestDeployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            spec:
              containers:
                - name: web
                  image: nginx:latest
        """;

    [Test]
    public void A_pattern_failure_is_reported_at_the_failing_value_with_kyvernos_message()
    {
        var diagnostics = Evaluate(Policy(DisallowLatest), """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
            spec:
              containers:
                - name: ok
                  image: nginx:1.27
                - name: bad
                  image: [|nginx:latest|]
            """, out var markup);

        AssertAt(diagnostics, markup);
        var diagnostic = diagnostics.Single();
        Assert.Multiple(() =>
        {
            Assert.That(diagnostic.Code, Is.EqualTo("kyverno:test-policy/check"));
            Assert.That(diagnostic.Severity, Is.EqualTo(DiagnosticSeverity.Warning));
            Assert.That(diagnostic.Message, Is.EqualTo("validation error: Using a mutable image tag e.g. 'latest' is not allowed. rule check failed at path /spec/containers/1/image/"));
            Assert.That(diagnostic.Properties!["path"], Is.EqualTo("/spec/containers/1/image/"));
            Assert.That(diagnostic.Properties!["policyFile"], Is.EqualTo("policies/policy.yaml"));
        });
    }

    [Test]
    public void Every_failing_element_of_a_list_is_reported()
    {
        var diagnostics = Evaluate(Policy(DisallowLatest), """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
            spec:
              containers:
                - name: a
                  image: [|nginx:latest|]
                - name: b
                  image: [|redis:latest|]
            """, out var markup);

        AssertAt(diagnostics, markup);
    }

    [Test]
    public void A_passing_resource_has_no_finding_and_other_kinds_are_not_matched()
    {
        Assert.That(Evaluate(Policy(DisallowLatest), """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
            spec:
              containers:
                - name: a
                  image: nginx:1.27
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: web
            spec:
              containers:
                - image: nginx:latest
            """), Is.Empty);
    }

    [Test]
    public void A_missing_required_key_is_reported_at_its_parent_key()
    {
        var policy = Policy("""
                    message: "Containers must set securityContext.runAsNonRoot to true."
                    pattern:
                      spec:
                        containers:
                          - securityContext:
                              runAsNonRoot: true
            """);
        var diagnostics = Evaluate(policy, """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
            spec:
              containers:
                - name: has-context
                  [|securityContext|]:
                    privileged: false
                - [|name: no-context|]
                  image: nginx
            """, out var markup);

        AssertAt(diagnostics, markup);
        Assert.That(diagnostics.Select(d => d.Properties!["path"]), Is.EquivalentTo(new[] { "/spec/containers/0/securityContext/runAsNonRoot/", "/spec/containers/1/securityContext/" }));
    }

    [Test]
    public void Auto_gen_applies_a_pod_rule_to_the_pod_template_of_controllers()
    {
        var diagnostics = Evaluate(Policy(DisallowLatest), """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              template:
                spec:
                  containers:
                    - name: web
                      image: [|nginx:latest|]
            ---
            apiVersion: batch/v1
            kind: CronJob
            metadata:
              name: nightly
            spec:
              schedule: "@daily"
              jobTemplate:
                spec:
                  template:
                    spec:
                      containers:
                        - name: job
                          image: [|busybox:latest|]
            """, out var markup);

        AssertAt(diagnostics, markup);
        Assert.That(diagnostics[0].Message, Does.EndWith("rule autogen-check failed at path /spec/template/spec/containers/0/image/"));
        Assert.That(diagnostics[1].Message, Does.EndWith("rule autogen-cronjob-check failed at path /spec/jobTemplate/spec/template/spec/containers/0/image/"));
        Assert.That(diagnostics.Select(d => d.Code).Distinct(), Is.EqualTo(new[] { "kyverno:test-policy/check" }));
    }

    [Test]
    public void Auto_gen_is_off_when_the_policy_says_none_or_the_match_names_a_selector()
    {
        var none = Policy(DisallowLatest, annotations: "  annotations:\n    pod-policies.kyverno.io/autogen-controllers: none");
        Assert.That(Evaluate(none, LatestDeployment), Is.Empty);

        var onlyStatefulSets = Policy(DisallowLatest, annotations: "  annotations:\n    pod-policies.kyverno.io/autogen-controllers: StatefulSet");
        Assert.That(Evaluate(onlyStatefulSets, LatestDeployment), Is.Empty);

        var withSelector = Policy(DisallowLatest, kinds: "Pod").Replace("                - Pod", "                - Pod\n                selector:\n                  matchLabels:\n                    app: web", StringComparison.Ordinal);
        Assert.That(Evaluate(withSelector, LatestDeployment), Is.Empty);
    }

    [Test]
    public void A_policy_exception_names_a_long_auto_generated_rule_as_kyverno_truncates_it()
    {
        const string rule = "disallow-mutable-image-tags-in-every-container-of-every-workload";
        var exception = ("policies/exception.yaml", $"""
            apiVersion: kyverno.io/v2
            kind: PolicyException
            metadata:
              name: web
            spec:
              exceptions:
                - policyName: test-policy
                  ruleNames: ["{("autogen-" + rule)[..63]}"]
              match:
                any:
                  - resources:
                      kinds: [Deployment]
            """);

        Assert.That(Evaluate(Policy(DisallowLatest, rule: rule), LatestDeployment, out _), Has.Count.EqualTo(1));
        Assert.That(Evaluate(Policy(DisallowLatest, rule: rule), LatestDeployment, out _, exception), Is.Empty);
    }

    [Test]
    public void A_conditional_anchor_applies_the_rest_of_the_map_only_when_it_holds()
    {
        var policy = Policy("""
                    message: "Images tagged latest must be pulled Always."
                    pattern:
                      spec:
                        containers:
                          - (image): "*:latest"
                            imagePullPolicy: Always
            """);
        var diagnostics = Evaluate(policy, """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
            spec:
              containers:
                - name: pinned
                  image: nginx:1.27
                  imagePullPolicy: IfNotPresent
                - name: latest
                  image: nginx:latest
                  imagePullPolicy: [|IfNotPresent|]
            """, out var markup);
        AssertAt(diagnostics, markup);

        Assert.That(Evaluate(policy, """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
            spec:
              containers:
                - name: pinned
                  image: nginx:1.27
                  imagePullPolicy: IfNotPresent
            """), Is.Empty, "every element skipped: the rule is skipped");
    }

    [Test]
    public void An_equality_anchor_checks_only_when_the_key_is_present()
    {
        var policy = Policy("""
                    message: "Host networking is not allowed."
                    pattern:
                      spec:
                        =(hostNetwork): false
            """);
        Assert.That(Evaluate(policy, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers: []\n"), Is.Empty);
        var diagnostics = Evaluate(policy, """
            apiVersion: v1
            kind: Pod
            metadata:
              name: a
            spec:
              hostNetwork: [|true|]
            """, out var markup);
        AssertAt(diagnostics, markup);
    }

    [Test]
    public void A_negation_anchor_is_reported_at_the_forbidden_key()
    {
        var policy = Policy("""
                    message: "HostPath volumes are forbidden."
                    pattern:
                      spec:
                        =(volumes):
                          - X(hostPath): "null"
            """);
        var diagnostics = Evaluate(policy, """
            apiVersion: v1
            kind: Pod
            metadata:
              name: a
            spec:
              volumes:
                - name: data
                  emptyDir: {}
                - name: host
                  [|hostPath|]:
                    path: /var/run
            """, out var markup);
        AssertAt(diagnostics, markup);
        Assert.That(diagnostics.Single().Message, Does.EndWith("failed at path /spec/volumes/1/hostPath/"));
    }

    [Test]
    public void An_existence_anchor_needs_one_matching_element()
    {
        var policy = Policy("""
                    message: "At least one container must come from the corporate registry."
                    pattern:
                      spec:
                        ^(containers):
                          - image: "registry.corp.io/*"
            """);
        Assert.That(Evaluate(policy, """
            apiVersion: v1
            kind: Pod
            metadata:
              name: a
            spec:
              containers:
                - name: a
                  image: nginx
                - name: b
                  image: registry.corp.io/app:1
            """), Is.Empty);
        var diagnostics = Evaluate(policy, """
            apiVersion: v1
            kind: Pod
            metadata:
              name: a
            spec:
              [|containers|]:
                - name: a
                  image: nginx
            """, out var markup);
        AssertAt(diagnostics, markup);
    }

    [Test]
    public void A_global_anchor_that_does_not_hold_skips_the_rule()
    {
        var policy = Policy("""
                    message: "Images from somecorp.com need the registry pull secret."
                    pattern:
                      spec:
                        containers:
                          - name: "*"
                            <(image): "somecorp.com/*"
                        imagePullSecrets:
                          - name: my-registry-secret
            """);
        Assert.That(Evaluate(policy, """
            apiVersion: v1
            kind: Pod
            metadata:
              name: a
            spec:
              containers:
                - name: a
                  image: nginx
            """), Is.Empty);
        var diagnostics = Evaluate(policy, """
            apiVersion: v1
            kind: Pod
            metadata:
              name: a
            spec:
              containers:
                - name: a
                  image: somecorp.com/app:1
              imagePullSecrets:
                - name: [|other|]
            """, out var markup);
        AssertAt(diagnostics, markup);
    }

    [TestCase("\"?*\"", "x", true)]
    [TestCase("\"?*\"", "\"\"", false)]
    [TestCase("\"!default\"", "prod", true)]
    [TestCase("\"!default\"", "default", false)]
    [TestCase("\"prod-* | staging-*\"", "staging-eu", true)]
    [TestCase("\"prod-* | staging-*\"", "dev-eu", false)]
    [TestCase("\"!*-test & ?*\"", "web-test", false)]
    [TestCase("\">1\"", "2", true)]
    [TestCase("\">1\"", "1", false)]
    [TestCase("\"<=10\"", "10", true)]
    [TestCase("\"1-10\"", "5", true)]
    [TestCase("\"1-10\"", "11", false)]
    [TestCase("\"1!-10\"", "11", true)]
    [TestCase("\"1!-10\"", "5", false)]
    [TestCase("\"<=1Gi\"", "\"512Mi\"", true)]
    [TestCase("\"<=1Gi\"", "\"2Gi\"", false)]
    [TestCase("\">=100m\"", "\"0.5\"", true)]
    [TestCase("\">=100m\"", "\"50m\"", false)]
    [TestCase("\"<=1h\"", "\"30m\"", true)]
    [TestCase("\"<=1h\"", "\"2h\"", false)]
    [TestCase("3", "3", true)]
    [TestCase("3", "\"3\"", true)]
    [TestCase("3", "4", false)]
    [TestCase("true", "true", true)]
    [TestCase("true", "\"true\"", false)]
    [TestCase("null", "\"\"", true)]
    [TestCase("null", "0", true)]
    [TestCase("null", "x", false)]
    [TestCase("\"*\"", "x", true)]
    public void Scalar_patterns_follow_kyverno(string pattern, string value, bool passes)
    {
        var policy = Policy($"""
                    message: "bad value"
                    pattern:
                      metadata:
                        labels:
                          check: {pattern}
            """, kinds: "ConfigMap");
        var diagnostics = Evaluate(policy, $"""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: a
              labels:
                check: {value}
            """);
        Assert.That(diagnostics, passes ? Is.Empty : Has.Count.EqualTo(1));
    }

    [Test]
    public void A_scalar_pattern_against_a_list_checks_every_item()
    {
        var policy = Policy("""
                    message: "Only ports 80 and 443."
                    pattern:
                      spec:
                        ports:
                          - port: "80 | 443"
            """, kinds: "Service");
        var diagnostics = Evaluate(policy, """
            apiVersion: v1
            kind: Service
            metadata:
              name: a
            spec:
              ports:
                - port: 80
                - port: [|8080|]
            """, out var markup);
        AssertAt(diagnostics, markup);

        var allowed = Policy("""
                    message: "Only TCP and UDP."
                    pattern:
                      spec:
                        protocols: ["TCP | UDP"]
            """, kinds: "Service");
        var list = Evaluate(allowed, """
            apiVersion: v1
            kind: Service
            metadata:
              name: a
            spec:
              protocols: [TCP, [|SCTP|]]
            """, out var listMarkup);
        AssertAt(list, listMarkup);
    }

    [Test]
    public void Wildcard_label_keys_in_metadata_are_expanded()
    {
        var policy = Policy("""
                    message: "app.kubernetes.io labels must not be empty."
                    pattern:
                      metadata:
                        labels:
                          "app.kubernetes.io/*": "?*"
            """, kinds: "ConfigMap");
        Assert.That(Evaluate(policy, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels:\n    app.kubernetes.io/name: web\n"), Is.Empty);
        var diagnostics = Evaluate(policy, """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: a
              labels:
                app.kubernetes.io/name: [|""|]
            """, out var markup);
        AssertAt(diagnostics, markup);
    }

    [Test]
    public void AnyPattern_passes_when_one_pattern_holds_and_reports_every_alternative_otherwise()
    {
        var policy = Policy("""
                    message: "Run as non-root, at pod or container level."
                    anyPattern:
                      - spec:
                          securityContext:
                            runAsNonRoot: true
                      - spec:
                          containers:
                            - securityContext:
                                runAsNonRoot: true
            """);
        Assert.That(Evaluate(policy, """
            apiVersion: v1
            kind: Pod
            metadata:
              name: a
            spec:
              containers:
                - name: a
                  securityContext:
                    runAsNonRoot: true
            """), Is.Empty);
        var diagnostics = Evaluate(policy, """
            apiVersion: v1
            kind: Pod
            metadata:
              name: a
            spec:
              securityContext:
                runAsNonRoot: [|false|]
              containers:
                - name: a
            """, out var markup);
        AssertAt(diagnostics, markup);
        Assert.That(diagnostics.Single().Message, Is.EqualTo(
            "validation error: Run as non-root, at pod or container level. rule check[0] failed at path /spec/securityContext/runAsNonRoot/ rule check[1] failed at path /spec/containers/0/securityContext/"));
    }

    [Test]
    public void Pattern_values_can_use_variables_of_the_resource()
    {
        var policy = Policy("""
                    message: "The app label must be the name ({{request.object.metadata.name}})."
                    pattern:
                      metadata:
                        labels:
                          app: "{{request.object.metadata.name}}"
            """, kinds: "ConfigMap");
        Assert.That(Evaluate(policy, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n  labels:\n    app: web\n"), Is.Empty);
        var diagnostics = Evaluate(policy, """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: web
              labels:
                app: [|api|]
            """, out var markup);
        AssertAt(diagnostics, markup);
        Assert.That(diagnostics.Single().Message, Does.StartWith("validation error: The app label must be the name (web). rule check"));
    }
}
