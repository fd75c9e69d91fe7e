using GitOpsAi.Core.Kyverno;
using static GitOpsAi.Core.Tests.Kyverno.KyvernoMutationSupport;

namespace GitOpsAi.Core.Tests.Kyverno;

/// <summary>
/// Mutate rules computed as Kyverno computes them, in the form of kyverno/policies' <c>.kyverno-test</c> cases
/// (a resource, the expected <c>patchedResource</c>, pass or skip): strategic merge with Kyverno's anchors, JSON
/// patches, foreach, preconditions, variables and auto-gen. The cases are our own.
/// </summary>
public class KyvernoMutationTests
{
    private static readonly string Pod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            - name: web
              image: nginx:latest
            - name: sidecar
              image: envoy:1.30

        """;

    [Test]
    public void An_add_if_not_present_anchor_adds_a_field_the_object_lacks()
    {
        var policy = MutatePolicy("""
                    patchStrategicMerge:
                      spec:
                        securityContext:
                          +(runAsNonRoot): true
            """);
        AssertPatched(policy, Pod, Pod + "  securityContext:\n    runAsNonRoot: true\n");
    }

    [Test]
    public void An_add_if_not_present_anchor_keeps_the_value_the_object_has()
    {
        var pod = Pod + "  securityContext:\n    runAsNonRoot: false\n";
        var policy = MutatePolicy("""
                    patchStrategicMerge:
                      spec:
                        securityContext:
                          +(runAsNonRoot): true
            """);
        AssertPatched(policy, pod, pod);
    }

    [Test]
    public void A_conditional_anchor_in_a_list_patches_only_the_items_it_matches()
    {
        var policy = MutatePolicy("""
                    patchStrategicMerge:
                      spec:
                        containers:
                          - (image): "*:latest"
                            imagePullPolicy: Always
            """);
        AssertPatched(policy, Pod, Pod.Replace("      image: nginx:latest\n", "      image: nginx:latest\n      imagePullPolicy: Always\n", StringComparison.Ordinal));
    }

    [Test]
    public void A_conditional_anchor_on_a_map_that_does_not_hold_leaves_the_object_as_it_is()
    {
        var policy = MutatePolicy("""
                    patchStrategicMerge:
                      metadata:
                        labels:
                          (tier): frontend
                          exposed: "true"
            """);
        var labelled = Pod.Replace("  name: web\n", "  name: web\n  labels:\n    tier: backend\n", StringComparison.Ordinal);
        AssertPatched(policy, labelled, labelled);
        var frontend = Pod.Replace("  name: web\n", "  name: web\n  labels:\n    tier: frontend\n", StringComparison.Ordinal);
        AssertPatched(policy, frontend, frontend.Replace("    tier: frontend\n", "    tier: frontend\n    exposed: \"true\"\n", StringComparison.Ordinal));
    }

    [Test]
    public void A_global_anchor_decides_whether_the_rest_of_the_patch_applies()
    {
        var policy = MutatePolicy("""
                    patchStrategicMerge:
                      spec:
                        containers:
                          - <(image): "envoy:*"
                        imagePullSecrets:
                          - name: regcred
            """);
        AssertPatched(policy, Pod, Pod + "  imagePullSecrets:\n    - name: regcred\n");
        var noEnvoy = Pod.Replace("envoy:1.30", "busybox:1.36", StringComparison.Ordinal);
        AssertPatched(policy, noEnvoy, noEnvoy);
    }

    [Test]
    public void Variables_in_a_patch_are_substituted_from_the_request()
    {
        var policy = MutatePolicy("""
                    patchStrategicMerge:
                      metadata:
                        labels:
                          app.kubernetes.io/name: "{{ request.object.metadata.name }}"
            """);
        AssertPatched(policy, Pod, Pod.Replace("  name: web\n", "  name: web\n  labels:\n    app.kubernetes.io/name: web\n", StringComparison.Ordinal));
    }

    [Test]
    public void A_JSON_patch_creates_missing_parents_on_add_and_ignores_a_missing_path_on_remove()
    {
        var policy = MutatePolicy("""
                    patchesJson6902: |-
                      - op: add
                        path: /metadata/annotations/team~1owner
                        value: payments
                      - op: remove
                        path: /spec/hostNetwork
                      - op: replace
                        path: /spec/containers/1/image
                        value: envoy:1.31
            """);
        var expected = Pod.Replace("  name: web\n", "  name: web\n  annotations:\n    team/owner: payments\n", StringComparison.Ordinal).Replace("envoy:1.30", "envoy:1.31", StringComparison.Ordinal);
        AssertPatched(policy, Pod, expected);
    }

    [Test]
    public void A_JSON_patch_on_a_path_that_cannot_be_replaced_is_an_error()
    {
        var policy = MutatePolicy("""
                    patchesJson6902: |-
                      - op: replace
                        path: /spec/priorityClassName
                        value: high
            """);
        var (status, _, error) = Patch(policy, Pod);
        Assert.That(status, Is.EqualTo(RuleStatus.Error));
        Assert.That(error, Does.Contain("priorityClassName"));
    }

    [Test]
    public void Foreach_applies_a_strategic_merge_per_element_with_the_element_in_scope()
    {
        var policy = MutatePolicy("""
                    foreach:
                      - list: request.object.spec.containers
                        patchStrategicMerge:
                          spec:
                            containers:
                              - name: "{{ element.name }}"
                                securityContext:
                                  allowPrivilegeEscalation: false
            """);
        var expected = Pod
            .Replace("      image: nginx:latest\n", "      image: nginx:latest\n      securityContext:\n        allowPrivilegeEscalation: false\n", StringComparison.Ordinal)
            .Replace("      image: envoy:1.30\n", "      image: envoy:1.30\n      securityContext:\n        allowPrivilegeEscalation: false\n", StringComparison.Ordinal);
        AssertPatched(policy, Pod, expected);
    }

    [Test]
    public void Foreach_with_a_JSON_patch_uses_the_element_index_and_its_preconditions()
    {
        var policy = MutatePolicy("""
                    foreach:
                      - list: request.object.spec.containers
                        preconditions:
                          all:
                            - key: "{{ element.image }}"
                              operator: Equals
                              value: "*:latest"
                        patchesJson6902: |-
                          - op: add
                            path: /spec/containers/{{elementIndex}}/imagePullPolicy
                            value: Always
            """);
        AssertPatched(policy, Pod, Pod.Replace("      image: nginx:latest\n", "      image: nginx:latest\n      imagePullPolicy: Always\n", StringComparison.Ordinal));
    }

    [Test]
    public void Rule_preconditions_that_do_not_hold_skip_the_rule()
    {
        var policy = MutatePolicy("""
                    patchStrategicMerge:
                      metadata:
                        labels:
                          checked: "yes"
            """, extraRule: """
                  preconditions:
                    all:
                      - key: "{{ request.object.metadata.name }}"
                        operator: Equals
                        value: api
            """);
        AssertPatched(policy, Pod, Pod);
    }

    [Test]
    public void A_variable_that_cannot_be_resolved_is_an_error()
    {
        var policy = MutatePolicy("""
                    patchStrategicMerge:
                      metadata:
                        labels:
                          team: "{{ request.object.metadata.labels.team }}"
            """);
        var (status, _, error) = Patch(policy, Pod);
        Assert.That(status, Is.EqualTo(RuleStatus.Error));
        Assert.That(error, Does.Contain("request.object.metadata.labels.team"));
    }

    [Test]
    public void Autogen_moves_a_Pod_patch_under_a_Deployment_s_pod_template()
    {
        var policy = MutatePolicy("""
                    patchStrategicMerge:
                      spec:
                        containers:
                          - (name): "*"
                            +(imagePullPolicy): IfNotPresent
            """);
        var deployment = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
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
        AssertPatched(policy, deployment, deployment.Replace("          image: nginx:1.27\n", "          image: nginx:1.27\n          imagePullPolicy: IfNotPresent\n", StringComparison.Ordinal));
    }

    [Test]
    public void Mutating_existing_resources_with_foreach_is_noted_as_not_evaluated()
    {
        var policy = MutatePolicy("""
                    targets:
                      - apiVersion: v1
                        kind: Secret
                    foreach:
                      - list: "request.object.spec.containers"
                        patchStrategicMerge:
                          metadata:
                            labels:
                              synced: "true"
            """);
        var file = GitOpsAi.Core.Workspace.WorkspaceFile.FromText("/repo/policy.yaml", "/repo", policy);
        var loaded = KyvernoPolicyLoader.Load(file, file.Manifests[0]);
        Assert.That(loaded.Rules[0].UnsupportedReasons, Has.Some.Contains("mutates existing resources with foreach"));
    }

    [Test]
    public void A_JSON_patch_with_negative_list_indices_is_noted_as_not_evaluated()
    {
        var policy = MutatePolicy("""
                    patchesJson6902: |-
                      - op: add
                        path: /spec/containers/-1/env/-
                        value: {name: A, value: b}
            """);
        var file = GitOpsAi.Core.Workspace.WorkspaceFile.FromText("/repo/policy.yaml", "/repo", policy);
        var loaded = KyvernoPolicyLoader.Load(file, file.Manifests[0]);
        Assert.That(loaded.Rules[0].UnsupportedReasons, Is.EqualTo(new[] { "its JSON patch uses negative list indices" }));
    }
}
