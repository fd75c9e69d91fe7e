using static GitOpsAi.Core.Tests.Kyverno.KyvernoTestSupport;

namespace GitOpsAi.Core.Tests.Kyverno;

/// <summary>
/// Every rule that decides on an object reads the same request context and the same CEL view of it (built once per
/// object): what one rule reads must never be what another rule left behind.
/// </summary>
public class KyvernoSharedObjectTests
{
    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: shop
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
                  image: nginx:1.27
        """;

    [Test]
    public void A_CEL_rule_on_a_controller_sees_its_own_spec_after_an_auto_generated_rule_read_its_pod_template()
    {
        // Policy files are read in path order: the Pod rule's auto-generated copy for the Deployment is decided first and
        // sees the pod template in place of the spec; the Deployment rule after it must see replicas again.
        var podRule = """
            apiVersion: kyverno.io/v1
            kind: ClusterPolicy
            metadata:
              name: a-containers
            spec:
              rules:
                - name: has-containers
                  match:
                    any:
                      - resources:
                          kinds: [Pod]
                  validate:
                    cel:
                      expressions:
                        - expression: "object.spec.containers.size() > 0"
            """;
        var deploymentRule = """
            apiVersion: kyverno.io/v1
            kind: ClusterPolicy
            metadata:
              name: b-replicas
            spec:
              rules:
                - name: two-replicas
                  match:
                    any:
                      - resources:
                          kinds: [Deployment]
                  validate:
                    cel:
                      expressions:
                        - expression: "object.spec.replicas >= 2"
                          message: "at least two replicas"
            """;

        var diagnostics = Evaluate(podRule, Deployment, out _, ("policies/z-replicas.yaml", deploymentRule));

        Assert.That(diagnostics.Select(d => (d.Code, d.Message)), Is.EqualTo(new[] { ("kyverno:b-replicas/two-replicas", "at least two replicas") }));
    }

    [Test]
    public void Rules_with_context_entries_each_see_the_request_without_the_entries_of_another_rule()
    {
        // Both rules name their entry "team"; the second must not see the first's value through a shared context.
        var policy = """
            apiVersion: kyverno.io/v1
            kind: ClusterPolicy
            metadata:
              name: contexts
            spec:
              rules:
                - name: first
                  match:
                    any:
                      - resources:
                          kinds: [Deployment]
                  context:
                    - name: team
                      variable:
                        value: platform
                  validate:
                    message: "first sees {{ team }}"
                    deny:
                      conditions:
                        any:
                          - key: "{{ team }}"
                            operator: Equals
                            value: platform
                - name: second
                  match:
                    any:
                      - resources:
                          kinds: [Deployment]
                  validate:
                    message: "second sees a team"
                    deny:
                      conditions:
                        any:
                          - key: "{{ request.object.metadata.labels.team || 'none' }}"
                            operator: NotEquals
                            value: none
            """;

        var diagnostics = Evaluate(policy, Deployment);

        Assert.That(diagnostics.Select(d => d.Message), Is.EqualTo(new[] { "first sees platform" }));
    }
}
