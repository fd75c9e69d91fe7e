using GitOpsAi.Core.Generation;
using static GitOpsAi.Core.Tests.Generation.GenerationTestSupport;

namespace GitOpsAi.Core.Tests.Generation;

public sealed class OfflineGeneratorTests
{
    [Test]
    public void A_redis_statefulset_gets_a_pinned_image_a_claim_of_the_asked_size_and_a_headless_service()
    {
        var outcome = Generate("gitops: redis statefulset with 10Gi storage");
        var statefulSet = Single(outcome, "StatefulSet");

        Assert.That(statefulSet.Name, Is.EqualTo("redis"));
        Assert.That(statefulSet.At("spec.template.spec.containers.0.image"), Is.EqualTo("docker.io/library/redis:7.4.1"));
        Assert.That(statefulSet.At("spec.volumeClaimTemplates.0.spec.resources.requests.storage"), Is.EqualTo("10Gi"));
        Assert.That(statefulSet.At("spec.template.spec.containers.0.volumeMounts.1.mountPath"), Is.EqualTo("/data"));
        Assert.That(Single(outcome, "Service").At("spec.clusterIP"), Is.EqualTo("None"));
        Assert.That(statefulSet.At("spec.serviceName"), Is.EqualTo("redis"));
    }

    [Test]
    public void A_deployment_is_hardened_by_construction()
    {
        var deployment = Single(Generate("deployment api image ghcr.io/acme/api:1.4.2 with 3 replicas port 8080"), "Deployment");

        Assert.That(deployment.At("spec.replicas"), Is.EqualTo("3"));
        Assert.That(deployment.At("spec.template.spec.securityContext.runAsNonRoot"), Is.EqualTo("true"));
        Assert.That(deployment.At("spec.template.spec.securityContext.seccompProfile.type"), Is.EqualTo("RuntimeDefault"));
        Assert.That(deployment.At("spec.template.spec.containers.0.securityContext.allowPrivilegeEscalation"), Is.EqualTo("false"));
        Assert.That(deployment.At("spec.template.spec.containers.0.securityContext.readOnlyRootFilesystem"), Is.EqualTo("true"));
        Assert.That(deployment.At("spec.template.spec.containers.0.securityContext.capabilities.drop.0"), Is.EqualTo("ALL"));
        Assert.That(deployment.At("spec.template.spec.containers.0.resources.limits.memory"), Is.EqualTo("256Mi"));
        Assert.That(deployment.At("spec.template.spec.containers.0.ports.0.containerPort"), Is.EqualTo("8080"));
        Assert.That(deployment.At("spec.template.spec.containers.0.readinessProbe.tcpSocket.port"), Is.EqualTo("http"));
        Assert.That(deployment.At("spec.template.spec.topologySpreadConstraints.0.topologyKey"), Is.EqualTo("kubernetes.io/hostname"));
    }

    [Test]
    public void A_deployment_with_service_and_ingress_wires_them_together_with_tls()
    {
        var outcome = Generate("deployment api image ghcr.io/acme/api:1.4.2 port 8080 with service and ingress on api.example.com");
        var service = Single(outcome, "Service");
        var ingress = Single(outcome, "Ingress");

        Assert.That(service.At("spec.selector.app.kubernetes.io/name"), Is.Null, "dotted keys are not split by the helper");
        Assert.That(((YamlMapping)service.Root.At("spec", "selector")!).GetString("app.kubernetes.io/name"), Is.EqualTo("api"));
        Assert.That(service.At("spec.ports.0.port"), Is.EqualTo("8080"));
        Assert.That(service.At("spec.ports.0.targetPort"), Is.EqualTo("http"));
        Assert.That(ingress.At("spec.rules.0.host"), Is.EqualTo("api.example.com"));
        Assert.That(ingress.At("spec.rules.0.http.paths.0.backend.service.name"), Is.EqualTo("api"));
        Assert.That(ingress.At("spec.tls.0.secretName"), Is.EqualTo("api-tls"));
    }

    [Test]
    public void A_cronjob_carries_the_schedule_from_the_phrase_and_never_runs_twice_at_once()
    {
        var cronJob = Single(Generate("cronjob backup every day at 2am image ghcr.io/acme/backup:1.4.0"), "CronJob");

        Assert.That(cronJob.At("spec.schedule"), Is.EqualTo("0 2 * * *"));
        Assert.That(cronJob.At("spec.concurrencyPolicy"), Is.EqualTo("Forbid"));
        Assert.That(cronJob.At("spec.jobTemplate.spec.template.spec.restartPolicy"), Is.EqualTo("Never"));
    }

    [TestCase("nodeport service web port 80 to 8080", "spec.type", "NodePort")]
    [TestCase("loadbalancer service web port 443 to 8443", "spec.type", "LoadBalancer")]
    [TestCase("headless service web port 5432", "spec.clusterIP", "None")]
    [TestCase("nodeport service web port 80 to 8080", "spec.ports.0.targetPort", "8080")]
    public void Service_types_and_ports_follow_the_request(string request, string path, string expected) =>
        Assert.That(Single(Generate(request), "Service").At(path), Is.EqualTo(expected));

    [Test]
    public void A_secret_request_becomes_an_external_secret_never_a_plain_secret()
    {
        var outcome = Generate("secret db-credentials");

        Assert.That(Objects(outcome).Select(o => o.Kind), Is.EqualTo(new[] { "ExternalSecret" }));
        Assert.That(Single(outcome, "ExternalSecret").At("spec.target.name"), Is.EqualTo("db-credentials"));
    }

    [Test]
    public void A_sealed_secret_request_becomes_a_skeleton_without_values()
    {
        var sealedSecret = Single(Generate("sealed secret api-token"), "SealedSecret");

        Assert.That(sealedSecret.Root.At("spec", "encryptedData"), Is.InstanceOf<YamlMapping>().With.Property("Pairs").Empty);
    }

    [Test]
    public void An_autoscaler_takes_its_range_and_cpu_target_from_the_phrase()
    {
        var hpa = Single(Generate("hpa for deployment api from 2 to 10 replicas at 70% cpu"), "HorizontalPodAutoscaler");

        Assert.That(hpa.At("spec.scaleTargetRef.name"), Is.EqualTo("api"));
        Assert.That(hpa.At("spec.minReplicas"), Is.EqualTo("2"));
        Assert.That(hpa.At("spec.maxReplicas"), Is.EqualTo("10"));
        Assert.That(hpa.At("spec.metrics.0.resource.target.averageUtilization"), Is.EqualTo("70"));
    }

    [Test]
    public void A_git_repository_follows_the_url_branch_and_interval()
    {
        var git = Single(Generate("git repository apps from https://github.com/acme/apps branch main every 5m"), "GitRepository");

        Assert.That(git.At("spec.url"), Is.EqualTo("https://github.com/acme/apps"));
        Assert.That(git.At("spec.ref.branch"), Is.EqualTo("main"));
        Assert.That(git.At("spec.interval"), Is.EqualTo("5m"));
    }

    [Test]
    public void A_helm_release_for_a_chart_the_repository_lacks_writes_the_helm_repository_too()
    {
        var outcome = Generate("helm release podinfo chart podinfo version 6.7.1 from oci://ghcr.io/stefanprodan/charts");
        var release = Single(outcome, "HelmRelease");
        var repository = Single(outcome, "HelmRepository");

        Assert.That(release.At("spec.chart.spec.version"), Is.EqualTo("6.7.1"));
        Assert.That(release.At("spec.chart.spec.sourceRef.name"), Is.EqualTo(repository.Name));
        Assert.That(repository.At("spec.type"), Is.EqualTo("oci"));
        Assert.That(repository.At("spec.url"), Is.EqualTo("oci://ghcr.io/stefanprodan/charts"));
    }

    [Test]
    public void A_canary_takes_its_step_and_maximum_weight_from_the_phrase()
    {
        var canary = Single(Generate("canary for api with 10% steps up to 50% port 8080"), "Canary");

        Assert.That(canary.At("spec.targetRef.name"), Is.EqualTo("api"));
        Assert.That(canary.At("spec.analysis.stepWeight"), Is.EqualTo("10"));
        Assert.That(canary.At("spec.analysis.maxWeight"), Is.EqualTo("50"));
        Assert.That(canary.At("spec.service.port"), Is.EqualTo("8080"));
    }

    [Test]
    public void A_role_grants_read_verbs_on_the_resources_named()
    {
        var role = Single(Generate("role reader that reads configmaps and pods"), "Role");

        Assert.That(role.At("rules.0.resources.0"), Is.EqualTo("configmaps"));
        Assert.That(role.At("rules.0.resources.1"), Is.EqualTo("pods"));
        Assert.That(role.At("rules.0.verbs.2"), Is.EqualTo("watch"));
        Assert.That(role.At("rules.0.verbs.3"), Is.Null);
    }

    [Test]
    public void A_namespace_enforces_the_restricted_pod_security_standard()
    {
        var ns = Single(Generate("namespace team-a"), "Namespace");

        Assert.That(ns.Name, Is.EqualTo("team-a"));
        Assert.That(ns.Labels["pod-security.kubernetes.io/enforce"], Is.EqualTo("restricted"));
    }

    [Test]
    public void An_image_without_a_tag_gets_a_marked_placeholder_a_note_and_a_diagnostic_on_it()
    {
        var outcome = Generate("deployment api image ghcr.io/acme/api port 8080");
        var image = Single(outcome, "Deployment").At("spec.template.spec.containers.0.image");

        Assert.That(image, Is.EqualTo("ghcr.io/acme/api:CHANGE-ME"));
        Assert.That(outcome.Notes, Has.Some.Contains("no pinned tag"));
        var placeholder = outcome.Findings.Single(f => f.Code == "generation-placeholder");
        Assert.That(outcome.Yaml.Substring(placeholder.Span.Start, placeholder.Span.Length), Is.EqualTo("CHANGE-ME"));
        Assert.That(placeholder.Severity, Is.EqualTo(DiagnosticSeverity.Warning));
    }

    [Test]
    public void An_unsupported_request_says_what_is_supported_and_writes_nothing()
    {
        var outcome = Generate("make it faster");

        Assert.That(outcome.Succeeded, Is.False);
        Assert.That(outcome.Yaml, Is.Empty);
        Assert.That(outcome.Notes.Single(), Does.Contain("Deployment").And.Contains("HelmRelease").And.Contains("Canary"));
    }
}

public sealed class OfflineGeneratorEdgeTests
{
    [Test]
    public void A_request_without_a_name_gets_a_marked_placeholder_name_and_a_note()
    {
        var outcome = GenerationTestSupport.Generate("deployment image ghcr.io/acme/worker:1.0.0");

        Assert.That(GenerationTestSupport.Single(outcome, "Deployment").Name, Is.EqualTo("change-me"));
        Assert.That(outcome.Notes, Has.Some.Contains("names nothing"));
        Assert.That(outcome.Findings.Where(f => f.Code == "generation-placeholder"), Is.Not.Empty);
    }

    [Test]
    public void A_huge_pathological_request_is_cut_before_any_pattern_runs_over_it()
    {
        var request = "deployment api " + string.Concat(Enumerable.Repeat("a-a.", 50_000)) + "!";

        var facts = RequestParser.Parse(request);

        Assert.That(facts.Text.Length, Is.LessThanOrEqualTo(RequestParser.MaxRequestLength));
        Assert.That(facts.Kinds, Is.EqualTo(new[] { "Deployment" }));
    }
}

public sealed class SecretKeyTests
{
    [Test]
    public void A_secret_with_named_keys_maps_each_key_from_the_store()
    {
        var outcome = GenerationTestSupport.Generate("secret db-credentials with keys username and password");
        var externalSecret = GenerationTestSupport.Single(outcome, "ExternalSecret");

        Assert.That(externalSecret.At("spec.data.0.secretKey"), Is.EqualTo("username"));
        Assert.That(externalSecret.At("spec.data.1.secretKey"), Is.EqualTo("password"));
        Assert.That(externalSecret.At("spec.data.1.remoteRef.key"), Is.EqualTo("db-credentials"));
        Assert.That(externalSecret.At("spec.data.1.remoteRef.property"), Is.EqualTo("password"));
        Assert.That(externalSecret.Root.At("spec", "dataFrom"), Is.Null);
        Assert.That(outcome.Succeeded, Is.True);
    }
}
