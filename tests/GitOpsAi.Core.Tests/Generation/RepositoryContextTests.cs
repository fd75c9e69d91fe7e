using GitOpsAi.Core.Generation;
using static GitOpsAi.Core.Tests.Generation.GenerationTestSupport;

namespace GitOpsAi.Core.Tests.Generation;

public sealed class RepositoryContextTests
{
    private const string ApiDeployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api
        spec:
          selector:
            matchLabels:
              app: api-server
              tier: backend
          template:
            metadata:
              labels:
                app: api-server
                tier: backend
            spec:
              containers:
                - name: api
                  image: ghcr.io/acme/api:1.0.0
                  ports:
                    - name: web
                      containerPort: 9090
        """;

    [Test]
    public void A_service_for_an_existing_deployment_selects_its_real_pod_labels_and_port()
    {
        var repository = new InMemoryFileSystem().Add("apps/api/deployment.yaml", ApiDeployment);

        var service = Single(Generate("service for deployment api", repository, "apps/api/service.yaml"), "Service");

        var selector = (YamlMapping)service.Root.At("spec", "selector")!;
        Assert.That(selector.GetString("app"), Is.EqualTo("api-server"));
        Assert.That(selector.GetString("tier"), Is.EqualTo("backend"));
        Assert.That(service.At("spec.ports.0.port"), Is.EqualTo("9090"));
        Assert.That(service.At("spec.ports.0.targetPort"), Is.EqualTo("web"));
    }

    [Test]
    public void Objects_take_the_namespace_of_the_enclosing_kustomization()
    {
        var repository = new InMemoryFileSystem()
            .Add("apps/shop/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: shop\nresources: []\n");

        var configMap = Single(Generate("configmap settings with MODE=fast", repository, "apps/shop/settings.yaml"), "ConfigMap");

        Assert.That(configMap.Namespace, Is.EqualTo("shop"));
    }

    [Test]
    public void Objects_take_the_target_namespace_of_the_flux_kustomization_that_applies_their_folder()
    {
        var repository = new InMemoryFileSystem()
            .Add("clusters/prod/apps.yaml", "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./apps/web\n  prune: true\n  targetNamespace: web\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n")
            .Add("apps/web/readme.yaml", "# nothing yet\n");

        var configMap = Single(Generate("configmap settings with MODE=fast", repository, "apps/web/settings.yaml"), "ConfigMap");

        Assert.That(configMap.Namespace, Is.EqualTo("web"));
    }

    [Test]
    public void A_target_namespace_flux_substitutes_is_not_written_into_generated_objects()
    {
        var repository = new InMemoryFileSystem()
            .Add("clusters/prod/apps.yaml", "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./apps/web\n  prune: true\n  targetNamespace: ${TENANT}\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n")
            .Add("apps/web/readme.yaml", "# nothing yet\n");

        var configMap = Single(Generate("configmap settings with MODE=fast", repository, "apps/web/settings.yaml"), "ConfigMap");

        Assert.That(configMap.Namespace, Is.Not.EqualTo("${TENANT}"));
    }

    [Test]
    public void A_helm_release_reuses_a_helm_repository_of_the_repository_that_serves_the_chart()
    {
        var repository = new InMemoryFileSystem().Add("infra/sources/jetstack.yaml",
            "apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata:\n  name: jetstack\n  namespace: flux-system\nspec:\n  interval: 1h\n  url: https://charts.jetstack.io/\n");

        var outcome = Generate("helmrelease cert-manager chart cert-manager version 1.16.1", repository, "infra/cert-manager/release.yaml");

        Assert.That(Objects(outcome).Select(o => o.Kind), Is.EqualTo(new[] { "HelmRelease" }));
        var release = Single(outcome, "HelmRelease");
        Assert.That(release.At("spec.chart.spec.sourceRef.name"), Is.EqualTo("jetstack"));
        Assert.That(release.At("spec.chart.spec.sourceRef.namespace"), Is.EqualTo("flux-system"));
        Assert.That(outcome.Succeeded, Is.True);
    }

    [Test]
    public void New_workloads_select_pods_by_the_label_key_the_repository_uses()
    {
        var repository = new InMemoryFileSystem().Add("apps/api/deployment.yaml", ApiDeployment);

        var deployment = Single(Generate("deployment worker image ghcr.io/acme/worker:2.0.0", repository), "Deployment");

        Assert.That(((YamlMapping)deployment.Root.At("spec", "selector", "matchLabels")!).GetString("app"), Is.EqualTo("worker"));
    }

    [Test]
    public void A_request_naming_a_file_reports_its_path_inside_the_repository()
    {
        var repository = new InMemoryFileSystem().Add("apps/api/deployment.yaml", ApiDeployment);

        var outcome = Generate("hpa for deployment api in apps/api/hpa.yaml", repository, "apps/api/deployment.yaml");

        Assert.That(outcome.TargetFile, Is.EqualTo(InMemoryFileSystem.PathOf("apps/api/hpa.yaml")));
        Assert.That(Single(outcome, "HorizontalPodAutoscaler").At("spec.scaleTargetRef.kind"), Is.EqualTo("Deployment"));
    }

    [Test]
    public void A_file_outside_the_repository_is_never_a_target()
    {
        var outcome = Generate("configmap x with A=b in ../../etc/evil.yaml");

        Assert.That(outcome.TargetFile, Is.Null);
        Assert.That(outcome.Notes, Has.Some.Contains("outside the repository"));
    }
}
