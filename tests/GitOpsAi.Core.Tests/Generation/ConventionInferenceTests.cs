using GitOpsAi.Core.Generation;
using static GitOpsAi.Core.Tests.Generation.GenerationTestSupport;

namespace GitOpsAi.Core.Tests.Generation;

/// <summary>Naming patterns and labels the generator reads from the repository's objects when the conventions file says nothing.</summary>
public sealed class ConventionInferenceTests
{
    private static string Deployment(string name, string extraPodSpec = "", string labels = "") => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {name}
          labels:
            app.kubernetes.io/name: {name}{labels}
        spec:
          selector:
            matchLabels:
              app.kubernetes.io/name: {name}
          template:
            metadata:
              labels:
                app.kubernetes.io/name: {name}
            spec:
              containers:
                - name: app
                  image: ghcr.io/acme/{name}:1.0.0{extraPodSpec}
        """;

    private static string Service(string name, string app, string labels = "") => $"""
        apiVersion: v1
        kind: Service
        metadata:
          name: {name}
          labels:
            app.kubernetes.io/name: {app}{labels}
        spec:
          selector:
            app.kubernetes.io/name: {app}
          ports:
            - port: 80
        """;

    private static string Hpa(string name, string app) => $"""
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata:
          name: {name}
        spec:
          scaleTargetRef:
            apiVersion: apps/v1
            kind: Deployment
            name: {app}
          minReplicas: 2
          maxReplicas: 4
        """;

    private static InMemoryFileSystem Repository(params (string Path, string Text)[] files)
    {
        var repository = new InMemoryFileSystem();
        foreach (var (path, text) in files)
        {
            repository.Add(path, text);
        }

        return repository;
    }

    private static InMemoryFileSystem SuffixedRepository() => Repository(
        ("apps/api/deployment.yaml", Deployment("api")),
        ("apps/api/service.yaml", Service("api-svc", "api")),
        ("apps/api/hpa.yaml", Hpa("api-hpa", "api")),
        ("apps/web/deployment.yaml", Deployment("web")),
        ("apps/web/service.yaml", Service("web-svc", "web")),
        ("apps/web/hpa.yaml", Hpa("web-hpa", "web")));

    [Test]
    public void A_generated_service_and_hpa_follow_the_suffixes_most_existing_pairs_use()
    {
        var outcome = Generate("deployment shop image ghcr.io/acme/shop:2.0.0 port 8080 with service and hpa", SuffixedRepository(), "apps/shop/shop.yaml");

        Assert.That(Single(outcome, "Deployment").Name, Is.EqualTo("shop"));
        Assert.That(Single(outcome, "Service").Name, Is.EqualTo("shop-svc"));
        var hpa = Single(outcome, "HorizontalPodAutoscaler");
        Assert.That(hpa.Name, Is.EqualTo("shop-hpa"));
        Assert.That(hpa.At("spec.scaleTargetRef.name"), Is.EqualTo("shop"), "the target keeps the workload's own name");
    }

    [Test]
    public void A_service_for_an_existing_deployment_follows_the_pattern_and_still_selects_its_pods()
    {
        var service = Single(Generate("service for deployment web", SuffixedRepository(), "apps/web/extra.yaml"), "Service");

        Assert.That(service.Name, Is.EqualTo("web-svc"));
        Assert.That(((GitOpsAi.Core.Yaml.YamlMapping)service.Root.At("spec", "selector")!).GetString("app.kubernetes.io/name"), Is.EqualTo("web"));
    }

    [Test]
    public void A_configmap_follows_the_pattern_of_the_configmaps_workloads_load()
    {
        const string envFrom = "\n          envFrom:\n            - configMapRef: {name: NAME-config}";
        var repository = Repository(
            ("apps/api/deployment.yaml", Deployment("api", envFrom.Replace("NAME", "api", StringComparison.Ordinal))),
            ("apps/web/deployment.yaml", Deployment("web", envFrom.Replace("NAME", "web", StringComparison.Ordinal))));

        var configMap = Single(Generate("configmap shop with MODE=fast", repository, "apps/shop/config.yaml"), "ConfigMap");

        Assert.That(configMap.Name, Is.EqualTo("shop-config"));
    }

    [Test]
    public void A_weak_signal_leaves_the_name_as_is()
    {
        // One Service of three follows '-svc': no clear majority.
        var repository = Repository(
            ("apps/api/deployment.yaml", Deployment("api")),
            ("apps/api/service.yaml", Service("api-svc", "api")),
            ("apps/web/deployment.yaml", Deployment("web")),
            ("apps/web/service.yaml", Service("web", "web")),
            ("apps/db/deployment.yaml", Deployment("db")),
            ("apps/db/service.yaml", Service("database", "db")));

        var service = Single(Generate("service shop port 80", repository, "apps/shop/service.yaml"), "Service");

        Assert.That(service.Name, Is.EqualTo("shop"));
    }

    [Test]
    public void A_single_pair_is_not_a_pattern()
    {
        var repository = Repository(("apps/api/deployment.yaml", Deployment("api")), ("apps/api/service.yaml", Service("api-svc", "api")));

        Assert.That(Single(Generate("service shop port 80", repository, "apps/shop/service.yaml"), "Service").Name, Is.EqualTo("shop"));
    }

    [Test]
    public void With_no_signal_names_and_labels_are_what_they_were_without_inference()
    {
        var outcome = Generate("deployment shop image ghcr.io/acme/shop:2.0.0 port 8080 with service and hpa");

        Assert.That(Single(outcome, "Service").Name, Is.EqualTo("shop"));
        Assert.That(Single(outcome, "HorizontalPodAutoscaler").Name, Is.EqualTo("shop"));
        Assert.That(Single(outcome, "Deployment").Labels.Keys, Is.EquivalentTo(new[] { "app.kubernetes.io/name" }));
    }

    [Test]
    public void The_conventions_file_pattern_wins_over_the_repository_pattern()
    {
        var repository = SuffixedRepository().Add(".gitops-ai/generation.yaml", "naming:\n  Service: \"svc-{name}\"\n");

        var outcome = Generate("deployment shop image ghcr.io/acme/shop:2.0.0 port 8080 with service and hpa", repository, "apps/shop/shop.yaml");

        Assert.That(Single(outcome, "Service").Name, Is.EqualTo("svc-shop"));
        Assert.That(Single(outcome, "HorizontalPodAutoscaler").Name, Is.EqualTo("shop-hpa"), "kinds the file does not name still follow the repository");
    }

    private static InMemoryFileSystem LabelledRepository() => Repository(
        ("apps/api/deployment.yaml", Deployment("api", labels: "\n    app.kubernetes.io/part-of: shop\n    team: payments\n    app.kubernetes.io/instance: api")),
        ("apps/api/service.yaml", Service("api-svc", "api", "\n    app.kubernetes.io/part-of: shop\n    team: payments\n    app.kubernetes.io/instance: api")),
        ("apps/web/deployment.yaml", Deployment("web", labels: "\n    app.kubernetes.io/part-of: shop\n    team: storefront\n    app.kubernetes.io/instance: web")),
        ("apps/web/service.yaml", Service("web-svc", "web", "\n    app.kubernetes.io/part-of: shop\n    team: checkout\n    app.kubernetes.io/instance: web")));

    [Test]
    public void Generated_objects_carry_the_labels_most_objects_carry_with_values_derived_as_the_repository_does()
    {
        var outcome = Generate("deployment cart image ghcr.io/acme/cart:1.0.0 port 8080 with service", LabelledRepository(), "apps/cart/cart.yaml");

        foreach (var kind in new[] { "Deployment", "Service" })
        {
            var labels = Single(outcome, kind).Labels;
            Assert.That(labels["app.kubernetes.io/part-of"], Is.EqualTo("shop"), kind + ": one value everywhere is copied");
            Assert.That(labels["app.kubernetes.io/instance"], Is.EqualTo("cart"), kind + ": a value that follows the name takes the app's name");
            Assert.That(labels["app.kubernetes.io/name"], Is.EqualTo("cart"));
            Assert.That(labels.ContainsKey("team"), Is.False, kind + ": a key with no clear value is not guessed");
        }
    }

    [Test]
    public void A_label_few_objects_carry_is_not_applied()
    {
        var repository = Repository(
            ("apps/api/deployment.yaml", Deployment("api", labels: "\n    team: payments")),
            ("apps/web/deployment.yaml", Deployment("web")),
            ("apps/db/deployment.yaml", Deployment("db")));

        var deployment = Single(Generate("deployment cart image ghcr.io/acme/cart:1.0.0", repository, "apps/cart/cart.yaml"), "Deployment");

        Assert.That(deployment.Labels.ContainsKey("team"), Is.False);
    }

    [Test]
    public void The_conventions_file_label_value_wins_over_the_repository_value()
    {
        var repository = LabelledRepository().Add(".gitops-ai/generation.yaml", "labels:\n  app.kubernetes.io/part-of: platform\n");

        var deployment = Single(Generate("deployment cart image ghcr.io/acme/cart:1.0.0", repository, "apps/cart/cart.yaml"), "Deployment");

        Assert.That(deployment.Labels["app.kubernetes.io/part-of"], Is.EqualTo("platform"));
    }

    [Test]
    public void Objects_generated_with_inferred_conventions_pass_the_gate()
    {
        var outcome = Generate("deployment cart image ghcr.io/acme/cart:1.0.0 port 8080 with service and hpa", LabelledRepository(), "apps/cart/cart.yaml");

        Assert.That(outcome.Succeeded, Is.True, string.Join("\n", outcome.DescribeFindings()));
        Assert.That(Single(outcome, "Service").Labels["app.kubernetes.io/part-of"], Is.EqualTo("shop"));
    }
}
