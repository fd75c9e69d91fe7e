using static GitOpsAi.Core.Tests.Kyverno.KyvernoTestSupport;

namespace GitOpsAi.Core.Tests.Kyverno;

public class KyvernoConditionTests
{
    private static string Deny(string key, string op, string value, string kinds = "Deployment") => Policy($"""
                message: "denied: {'{'}{'{'} request.object.metadata.name {'}'}{'}'}"
                deny:
                  conditions:
                    any:
                      - key: {key}
                        operator: {op}
                        value: {value}
        """, kinds: kinds);

    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          labels:
            team: payments
            tier: backend
        spec:
          replicas: [|5|]
          template:
            spec:
              terminationGracePeriodSeconds: 45
              containers:
                - name: web
                  image: nginx:1.27
        """;

    [TestCase("\"{{ request.object.spec.replicas }}\"", "GreaterThan", "3", true)]
    [TestCase("\"{{ request.object.spec.replicas }}\"", "GreaterThan", "5", false)]
    [TestCase("\"{{ request.object.spec.replicas }}\"", "GreaterThanOrEquals", "5", true)]
    [TestCase("\"{{ request.object.spec.replicas }}\"", "LessThan", "\"10\"", true)]
    [TestCase("\"{{ request.object.spec.replicas }}\"", "LessThanOrEquals", "4", false)]
    [TestCase("\"{{ request.object.spec.replicas }}\"", "Equals", "5", true)]
    [TestCase("\"{{ request.object.spec.replicas }}\"", "Equal", "\"5\"", true)]
    [TestCase("\"{{ request.object.spec.replicas }}\"", "NotEquals", "5", false)]
    [TestCase("\"{{ request.object.spec.replicas }}\"", "NotEqual", "6", true)]
    [TestCase("\"{{ request.object.spec.replicas }}\"", "In", "[1, 5]", true)]
    [TestCase("\"{{ request.object.spec.replicas }}\"", "AnyIn", "\"1-10\"", true)]
    [TestCase("\"{{ request.object.spec.replicas }}\"", "AnyNotIn", "\"1-10\"", false)]
    public void Numeric_and_equality_operators_point_at_the_key_value(string key, string op, string value, bool denied)
    {
        var diagnostics = Evaluate(Deny(key, op, value), Deployment, out var markup);
        if (denied)
        {
            AssertAt(diagnostics, markup);
            Assert.That(diagnostics.Single().Message, Is.EqualTo("denied: web"));
        }
        else
        {
            Assert.That(diagnostics, Is.Empty);
        }
    }

    [TestCase("\"{{ request.object.metadata.labels.team }}\"", "Equals", "\"pay*\"", true)]
    [TestCase("\"{{ request.object.metadata.labels.team }}\"", "Equals", "\"orders\"", false)]
    [TestCase("\"{{ request.object.metadata.labels.team }}\"", "AnyIn", "[orders, payments]", true)]
    [TestCase("\"{{ request.object.metadata.labels.team }}\"", "AnyNotIn", "[orders, payments]", false)]
    [TestCase("\"{{ request.object.metadata.labels.team }}\"", "NotIn", "[orders]", true)]
    [TestCase("\"{{ request.object.metadata.labels.keys(@) }}\"", "AllIn", "[team, tier, owner]", true)]
    [TestCase("\"{{ request.object.metadata.labels.keys(@) }}\"", "AllIn", "[team]", false)]
    [TestCase("\"{{ request.object.metadata.labels.keys(@) }}\"", "AnyIn", "[owner, tier]", true)]
    [TestCase("\"{{ request.object.metadata.labels.keys(@) }}\"", "AllNotIn", "[owner, cost-center]", true)]
    [TestCase("\"{{ request.object.metadata.labels.keys(@) }}\"", "AllNotIn", "[owner, team]", false)]
    [TestCase("\"{{ request.object.metadata.labels.keys(@) }}\"", "AnyNotIn", "[team, tier]", false)]
    [TestCase("owner", "AnyNotIn", "\"{{ request.object.metadata.labels.keys(@) }}\"", true)]
    [TestCase("\"{{ request.object.metadata.labels.missing || '' }}\"", "Equals", "\"\"", true)]
    [TestCase("\"{{ request.object.metadata.labels.missing }}\"", "Equals", "\"\"", true)]
    [TestCase("\"{{ request.object.spec.template.spec.terminationGracePeriodSeconds }}s\"", "DurationGreaterThan", "\"30s\"", true)]
    [TestCase("\"1h\"", "GreaterThan", "\"30m\"", true)]
    [TestCase("\"512Mi\"", "LessThan", "\"1Gi\"", true)]
    [TestCase("\"{{ length(request.object.spec.template.spec.containers) }}\"", "Equals", "1", true)]
    [TestCase("\"{{ request.operation }}\"", "Equals", "CREATE", true)]
    [TestCase("\"{{ request.operation || 'BACKGROUND' }}\"", "Equals", "UPDATE", false)]
    public void String_set_and_duration_operators_follow_kyverno(string key, string op, string value, bool denied)
    {
        var diagnostics = Evaluate(Deny(key, op, value), Deployment.Replace("[|", string.Empty, StringComparison.Ordinal).Replace("|]", string.Empty, StringComparison.Ordinal));
        Assert.That(diagnostics, denied ? Has.Count.EqualTo(1) : Is.Empty);
    }

    [Test]
    public void Deny_all_needs_every_condition_and_a_legacy_list_is_all()
    {
        var policy = Policy("""
                    message: "Scaled backends need an owner."
                    deny:
                      conditions:
                        all:
                          - key: "{{ request.object.spec.replicas }}"
                            operator: GreaterThan
                            value: 1
                          - key: owner
                            operator: AnyNotIn
                            value: "{{ request.object.metadata.labels.keys(@) }}"
            """, kinds: "Deployment");
        var diagnostics = Evaluate(policy, Deployment, out var markup);
        AssertAt(diagnostics, markup);

        var legacy = Policy("""
                    message: "Scaled backends need an owner."
                    deny:
                      conditions:
                        - key: "{{ request.object.spec.replicas }}"
                          operator: GreaterThan
                          value: 10
                        - key: owner
                          operator: AnyNotIn
                          value: "{{ request.object.metadata.labels.keys(@) }}"
            """, kinds: "Deployment");
        Assert.That(Evaluate(legacy, Deployment), Is.Empty);
    }

    [Test]
    public void Preconditions_skip_the_rule_and_the_request_is_a_create()
    {
        var policy = Policy("""
                    message: "Updates may not change the project."
                    deny:
                      conditions:
                        any:
                          - key: "{{ request.object.spec.replicas }}"
                            operator: GreaterThan
                            value: 1
            """, kinds: "Deployment", extraRule: """
                  preconditions:
                    all:
                      - key: "{{ request.operation || 'BACKGROUND' }}"
                        operator: Equals
                        value: UPDATE
            """);
        Assert.That(Evaluate(policy, Deployment), Is.Empty);

        var onCreate = policy.Replace("value: UPDATE", "value: CREATE", StringComparison.Ordinal);
        Assert.That(Evaluate(onCreate, Deployment), Has.Count.EqualTo(1));
    }

    [Test]
    public void Foreach_deny_reports_each_failing_element_with_its_own_message()
    {
        var policy = Policy("""
                    message: "Container {{ element.name }} must drop ALL capabilities."
                    foreach:
                      - list: request.object.spec.[ephemeralContainers, initContainers, containers][]
                        deny:
                          conditions:
                            all:
                              - key: ALL
                                operator: AnyNotIn
                                value: "{{ element.securityContext.capabilities.drop[].to_upper(@) || `[]` }}"
            """);
        var diagnostics = Evaluate(policy, """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              template:
                spec:
                  initContainers:
                    - [|name: init|]
                      image: busybox
                  containers:
                    - name: good
                      securityContext:
                        capabilities:
                          drop: [all]
                    - name: partial
                      securityContext:
                        capabilities:
                          [|drop|]:
                            - NET_RAW
            """, out var markup);
        AssertAt(diagnostics, markup);
        Assert.That(diagnostics.Select(d => d.Message), Is.EquivalentTo(new[] { "Container init must drop ALL capabilities.", "Container partial must drop ALL capabilities." }));
    }

    [Test]
    public void A_foreach_whose_list_is_not_set_applies_to_nothing_and_the_next_foreach_still_applies()
    {
        var policy = Policy("""
                    message: "Container {{ element.name }} must not use latest."
                    foreach:
                      - list: request.object.spec.initContainers
                        deny:
                          conditions:
                            any:
                              - key: "{{ element.image }}"
                                operator: Equals
                                value: "*:latest"
                      - list: request.object.spec.containers
                        deny:
                          conditions:
                            any:
                              - key: "{{ element.image }}"
                                operator: Equals
                                value: "*:latest"
            """);
        const string noInitContainers = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
            spec:
              containers:
                - [|name: web|]
                  image: nginx:latest
            """;

        var diagnostics = Evaluate(policy, noInitContainers, out var markup);

        AssertAt(diagnostics, markup);
        Assert.That(diagnostics.Single().Message, Does.Contain("Container web must not use latest."));
        Assert.That(Evaluate(policy, noInitContainers.Replace("nginx:latest", "nginx:1.27")), Is.Empty, "the unset list neither fails nor errs");
    }

    [Test]
    public void Foreach_pattern_applies_to_the_element_and_reports_full_paths()
    {
        var policy = Policy("""
                    message: "Volume {{ element.name }} must set a size limit."
                    foreach:
                      - list: "request.object.spec.volumes[?contains(keys(@), 'emptyDir')]"
                        pattern:
                          emptyDir:
                            sizeLimit: "?*"
            """);
        var diagnostics = Evaluate(policy, """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
            spec:
              containers:
                - name: a
                  image: nginx
              volumes:
                - name: config
                  configMap:
                    name: web
                - name: cache
                  [|emptyDir|]: {}
                - name: scratch
                  emptyDir:
                    sizeLimit: 1Gi
            """, out var markup);
        AssertAt(diagnostics, markup);
        Assert.That(diagnostics.Single().Message, Is.EqualTo("validation error: Volume cache must set a size limit. rule check failed at path /spec/volumes/1/emptyDir/sizeLimit/"));
    }

    [Test]
    public void Foreach_with_element_index_and_nested_foreach()
    {
        var policy = Policy("""
                    message: "Port {{ element.containerPort }} of container {{ elementIndex0 }} is privileged."
                    foreach:
                      - list: request.object.spec.containers
                        foreach:
                          - list: "element.ports || `[]`"
                            deny:
                              conditions:
                                any:
                                  - key: "{{ element.containerPort }}"
                                    operator: LessThan
                                    value: 1024
            """);
        var diagnostics = Evaluate(policy, """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
            spec:
              containers:
                - name: a
                  ports:
                    - containerPort: 8080
                    - containerPort: [|80|]
                - name: b
            """, out var markup);
        AssertAt(diagnostics, markup);
        Assert.That(diagnostics.Single().Message, Is.EqualTo("Port 80 of container 0 is privileged."));
    }

    [Test]
    public void Context_variables_are_evaluated_before_preconditions_and_deny()
    {
        var policy = Policy("""
                    message: "{{ count }} containers is too many."
                    deny:
                      conditions:
                        any:
                          - key: "{{ count }}"
                            operator: GreaterThan
                            value: 1
            """, extraRule: """
                  context:
                    - name: count
                      variable:
                        jmesPath: length(request.object.spec.containers)
                        default: 0
            """);
        var diagnostics = Evaluate(policy, """
            apiVersion: v1
            kind: Pod
            metadata:
              name: [|web|]
            spec:
              containers:
                - name: a
                - name: b
            """, out var markup);
        AssertAt(diagnostics, markup);
        Assert.That(diagnostics.Single().Message, Is.EqualTo("2 containers is too many."));
    }

    [Test]
    public void The_images_variable_splits_image_references()
    {
        var policy = Policy("""
                    message: "{{ images.containers.web.registry }} is not an allowed registry."
                    deny:
                      conditions:
                        any:
                          - key: "{{ images.[initContainers, containers][].*.registry[] }}"
                            operator: AnyNotIn
                            value: [ghcr.io, registry.corp.io]
            """);
        var diagnostics = Evaluate(policy, """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
            spec:
              initContainers:
                - name: init
                  image: ghcr.io/corp/init:1
              containers:
                - name: web
                  image: [|nginx:1.27|]
            """, out var markup);
        AssertAt(diagnostics, markup);
        Assert.That(diagnostics.Single().Message, Is.EqualTo("docker.io is not an allowed registry."));
    }
}
