using GitOpsAi.Core.Drift;
using static GitOpsAi.Core.Tests.Drift.DriftTestKit;

namespace GitOpsAi.Core.Tests.Drift;

public sealed class DriftComparisonTests
{
    [Test]
    public void A_live_object_that_differs_only_by_status_defaults_server_metadata_and_spelling_is_in_sync()
    {
        var report = Report(Deployment, LiveDeployment());

        Assert.That(report.Objects, Has.Count.EqualTo(1));
        Assert.That(report.Objects[0].Fields, Is.Empty, string.Join("\n", report.Objects[0].Fields.Select(f => f.Drift.Path + " " + f.Drift.Change)));
        Assert.That(report.Objects[0].Summary, Is.EqualTo("in sync"));
    }

    [Test]
    public void A_hand_edited_image_is_a_warning_at_the_image_naming_the_live_value_who_and_when_and_the_score()
    {
        var markup = Markup.Parse(Deployment.Replace("image: ghcr.io/acme/web:1.4.2", "image: [|ghcr.io/acme/web:1.4.2|]", StringComparison.Ordinal));
        var live = LiveDeployment(image: "ghcr.io/acme/web:1.4.3-hotfix", extraManagers: ManagerOwningContainerField("kubectl-set", "image", 2));

        var diagnostics = DriftOf(markup.Text, live);

        var drift = diagnostics.Single();
        Assert.Multiple(() =>
        {
            Assert.That(drift.Code, Is.EqualTo("drift-field"));
            Assert.That(drift.Severity, Is.EqualTo(DiagnosticSeverity.Warning));
            Assert.That(drift.Span, Is.EqualTo(markup.Span));
            Assert.That(drift.Message, Does.StartWith("live: ghcr.io/acme/web:1.4.3-hotfix (kubectl-set, 2 days ago), score "));
            Assert.That(drift.Message, Does.Contain("Git: ghcr.io/acme/web:1.4.2"));
            Assert.That(int.Parse(drift.Properties!["score"]), Is.GreaterThan(DriftSettings.DefaultMaxDriftScore));
        });
    }

    [Test]
    public void Scaled_down_replicas_with_no_autoscaler_are_drift_attributed_to_kubectl_scale()
    {
        var live = LiveDeployment(replicas: 1, extraManagers: ManagerOwningReplicas("kubectl-scale", 0.25));

        var drift = DriftOf(Deployment, live).Single();

        Assert.That(drift.Message, Does.StartWith("live: 1 (kubectl-scale, 6 hours ago)"));
        Assert.That(drift.Severity, Is.EqualTo(DiagnosticSeverity.Warning));
    }

    [Test]
    public void Replicas_of_a_workload_an_HPA_in_Git_targets_are_not_drift()
    {
        var files = new InMemoryFileSystem().Add("app.yaml", Deployment).Add("hpa.yaml", """
            apiVersion: autoscaling/v2
            kind: HorizontalPodAutoscaler
            metadata: { name: web, namespace: shop }
            spec:
              scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
              minReplicas: 2
              maxReplicas: 10
            """);

        var diagnostics = DriftOf(files, "app.yaml", Live(LiveDeployment(replicas: 7, extraManagers: ManagerOwningReplicas("kube-controller-manager", 0.1))));

        Assert.That(diagnostics, Is.Empty);
    }

    [Test]
    public void Replicas_of_a_workload_a_live_HPA_targets_are_not_drift()
    {
        var live = LiveDeployment(replicas: 7) + """

            ---
            apiVersion: autoscaling/v2
            kind: HorizontalPodAutoscaler
            metadata: { name: web, namespace: shop, labels: { kustomize.toolkit.fluxcd.io/name: apps } }
            spec:
              scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
              maxReplicas: 10
            """;

        Assert.That(DriftOf(Deployment, live), Is.Empty);
    }

    [Test]
    public void A_change_a_controller_made_stays_information_with_a_low_score()
    {
        var live = LiveDeployment(image: "ghcr.io/acme/web:1.4.2-canary", extraManagers: ManagerOwningContainerField("flagger", "image", 0.5));

        var drift = DriftOf(Deployment, live).Single();

        Assert.That(drift.Severity, Is.EqualTo(DiagnosticSeverity.Information));
        Assert.That(drift.Message, Does.Contain("changed by the controller flagger"));
    }

    [Test]
    public void A_value_only_the_applier_wrote_is_not_drift_because_it_comes_from_a_rendering_or_awaits_reconciliation()
    {
        // kustomize-controller owns the image (an overlay's images: entry set it), so the difference is not a drift.
        Assert.That(DriftOf(Deployment, LiveDeployment(image: "ghcr.io/acme/web:1.5.0")), Is.Empty);
    }

    [Test]
    public void Tracking_labels_last_applied_and_revision_annotations_are_noise_even_when_a_person_wrote_them()
    {
        var live = LiveDeployment(extraManagers: """
                - manager: kubectl-annotate
                  operation: Update
                  apiVersion: apps/v1
                  time: "2026-12-01T00:00:00Z"
                  fieldsType: FieldsV1
                  fieldsV1:
                    f:metadata:
                      f:annotations:
                        f:kubectl.kubernetes.io/last-applied-configuration: {}
                        f:deployment.kubernetes.io/revision: {}
            """);

        Assert.That(DriftOf(Deployment, live), Is.Empty);
    }

    [Test]
    public void An_env_var_added_by_kubectl_edit_that_Git_does_not_set_is_drift_at_the_container()
    {
        var markup = Markup.Parse(Deployment.Replace("- name: web\n", "- name: [|web|]\n", StringComparison.Ordinal));
        var env = "          env:\n            - name: DEBUG\n              value: \"true\"";
        var manager = ManagerOwningContainerField("kubectl-edit", "env", 2).Replace("f:env: {}", "f:env:\n                    k:{\"name\":\"DEBUG\"}: {}", StringComparison.Ordinal);

        var drift = DriftOf(markup.Text, LiveDeployment(extraEnv: env, extraManagers: manager)).Single();

        Assert.That(drift.Span, Is.EqualTo(markup.Span));
        Assert.That(drift.Message, Does.Contain("spec.template.spec.containers[name=web].env = [{\"name\":\"DEBUG\",\"value\":\"true\"}]"));
        Assert.That(drift.Message, Does.Contain("kubectl-edit, 2 days ago"));
        Assert.That(drift.Message, Does.Contain("which Git does not set"));
    }

    [Test]
    public void A_field_only_the_cluster_has_is_not_drift_when_no_manager_owns_it_because_the_server_defaulted_it()
    {
        var live = LiveDeployment().Replace("      dnsPolicy: ClusterFirst", "      dnsPolicy: ClusterFirst\n      hostname: defaulted-by-a-webhook", StringComparison.Ordinal);

        Assert.That(DriftOf(Deployment, live), Is.Empty);
    }

    [Test]
    public void Without_managedFields_a_spec_field_only_the_cluster_has_is_drift_unless_the_defaults_table_lists_it()
    {
        var desired = "apiVersion: v1\nkind: Service\nmetadata: { name: web, namespace: shop }\nspec:\n  selector: { app: web }\n  ports:\n    - port: 80\n      targetPort: http\n";
        var live = """
            apiVersion: v1
            kind: Service
            metadata: { name: web, namespace: shop, uid: x, resourceVersion: "1" }
            spec:
              clusterIP: 10.96.12.7
              clusterIPs: [10.96.12.7]
              ipFamilies: [IPv4]
              ipFamilyPolicy: SingleStack
              internalTrafficPolicy: Cluster
              sessionAffinity: None
              type: ClusterIP
              externalIPs: [203.0.113.9]
              selector: { app: web }
              ports:
                - port: 80
                  protocol: TCP
                  targetPort: http
            status: { loadBalancer: {} }
            """;

        var drift = DriftOf(desired, live).Single();

        Assert.That(drift.Message, Does.Contain("spec.externalIPs"));
        Assert.That(drift.Message, Does.Contain("writer unknown (no managedFields)"));
    }

    [TestCase("cpu: 0.5", "cpu: 500m")]
    [TestCase("memory: 1Gi", "memory: 1024Mi")]
    [TestCase("memory: 1G", "memory: 1000M")]
    [TestCase("cpu: 2", "cpu: \"2\"")]
    public void Equal_quantities_in_other_spellings_are_not_drift(string git, string cluster)
    {
        var desired = Deployment.Replace("cpu: 0.5", git, StringComparison.Ordinal).Replace("memory: 1Gi", git.StartsWith("memory", StringComparison.Ordinal) ? git : "memory: 1Gi", StringComparison.Ordinal);
        var live = LiveDeployment().Replace("cpu: 500m", git.StartsWith("cpu", StringComparison.Ordinal) ? cluster : "cpu: 500m", StringComparison.Ordinal)
            .Replace("memory: 1024Mi", git.StartsWith("memory", StringComparison.Ordinal) ? cluster : "memory: 1024Mi", StringComparison.Ordinal);

        Assert.That(DriftOf(desired, live), Is.Empty);
    }

    [Test]
    public void A_different_quantity_is_drift()
    {
        var live = LiveDeployment(extraManagers: ManagerOwningContainerField("kubectl-edit", "resources", 1)).Replace("cpu: 500m", "cpu: 250m", StringComparison.Ordinal);

        Assert.That(DriftOf(Deployment, live).Single().Message, Does.StartWith("live: 250m (kubectl-edit, 1 day ago)"));
    }

    [TestCase("kustomize.toolkit.fluxcd.io/reconcile: disabled")]
    [TestCase("kustomize.toolkit.fluxcd.io/ssa: ignore")]
    [TestCase("kustomize.toolkit.fluxcd.io/ssa: IfNotPresent")]
    public void An_object_Flux_is_told_not_to_reconcile_is_not_compared(string annotation)
    {
        var desired = Deployment.Replace("  labels:\n    app: web\nspec:", $"  annotations:\n    {annotation}\n  labels:\n    app: web\nspec:", StringComparison.Ordinal);
        var live = LiveDeployment(image: "other:1", extraManagers: ManagerOwningContainerField("kubectl-set", "image", 2));

        Assert.That(desired, Does.Contain(annotation));
        Assert.That(DriftOf(desired, live), Is.Empty);
    }

    [Test]
    public void A_live_annotation_that_disables_reconciliation_is_honoured_too()
    {
        var live = LiveDeployment(image: "other:1", extraManagers: ManagerOwningContainerField("kubectl-set", "image", 2), annotations: "    kustomize.toolkit.fluxcd.io/reconcile: disabled");

        Assert.That(DriftOf(Deployment, live), Is.Empty);
    }

    [Test]
    public void Argo_CD_ignoreDifferences_json_pointers_and_managers_are_honoured()
    {
        var files = new InMemoryFileSystem().Add("app.yaml", Deployment).Add("argo.yaml", """
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata: { name: shop, namespace: argocd }
            spec:
              destination: { namespace: shop, server: https://kubernetes.default.svc }
              ignoreDifferences:
                - group: apps
                  kind: Deployment
                  jsonPointers: [/spec/replicas]
                - group: apps
                  kind: Deployment
                  managedFieldsManagers: [rollouts-plugin]
            """);
        var live = LiveDeployment(replicas: 1, image: "x:2", extraManagers: ManagerOwningReplicas("kubectl-scale", 1) + "\n" + ManagerOwningContainerField("rollouts-plugin", "image", 1));

        Assert.That(DriftOf(files, "app.yaml", Live(live)), Is.Empty);
    }

    [Test]
    public void Flux_substituted_values_are_not_compared()
    {
        var desired = Deployment.Replace("replicas: 3", "replicas: ${WEB_REPLICAS}", StringComparison.Ordinal);

        Assert.That(DriftOf(desired, LiveDeployment(replicas: 5, extraManagers: ManagerOwningReplicas("kubectl-scale", 1))), Is.Empty);
    }

    [Test]
    public void A_container_Git_has_that_the_cluster_lacks_is_drift_at_its_name()
    {
        var desired = Deployment.Replace("      containers:\n", "      containers:\n        - name: [|sidecar|]\n          image: envoy:1\n", StringComparison.Ordinal);
        var markup = Markup.Parse(desired);

        var drift = DriftOf(markup.Text, LiveDeployment()).Single();

        Assert.That(drift.Span, Is.EqualTo(markup.Span));
        Assert.That(drift.Message, Does.StartWith("live: (absent)"));
    }
}
