using GitOpsAi.Core.Generation;

namespace GitOpsAi.Core.Tests.Generation;

public sealed class RequestParserTests
{
    [Test]
    public void A_name_before_the_kind_and_a_storage_size_are_read()
    {
        var facts = RequestParser.Parse("gitops: redis statefulset with 10Gi storage");

        Assert.That(facts.Kinds, Is.EqualTo(new[] { "StatefulSet" }));
        Assert.That(facts.Name, Is.EqualTo("redis"));
        Assert.That(facts.Storage, Is.EqualTo("10Gi"));
    }

    [Test]
    public void A_name_after_the_kind_an_image_with_its_tag_replicas_and_ports_are_read()
    {
        var facts = RequestParser.Parse("deployment api image ghcr.io/acme/api:1.4.2 with 3 replicas port 80 to 8080");

        Assert.That(facts.Name, Is.EqualTo("api"));
        Assert.That(facts.Image, Is.EqualTo("ghcr.io/acme/api"));
        Assert.That(facts.Tag, Is.EqualTo("1.4.2"));
        Assert.That(facts.Replicas, Is.EqualTo(3));
        Assert.That(facts.Port, Is.EqualTo(80));
        Assert.That(facts.TargetPort, Is.EqualTo(8080));
    }

    [TestCase("cronjob backup every day at 2am", "0 2 * * *")]
    [TestCase("cronjob backup every 15 minutes", "*/15 * * * *")]
    [TestCase("cronjob report weekdays at 9", "0 9 * * 1-5")]
    [TestCase("cronjob rotate hourly", "0 * * * *")]
    [TestCase("cronjob digest every monday at 6:30pm", "30 18 * * 1")]
    [TestCase("cronjob sweep every 6 hours", "0 */6 * * *")]
    [TestCase("cronjob custom schedule 5 4 * * 0", "5 4 * * 0")]
    public void Schedule_phrases_become_cron_expressions(string request, string cron)
    {
        var facts = RequestParser.Parse(request);

        Assert.That(facts.Schedule, Is.EqualTo(cron));
        Assert.That(facts.Kinds, Is.EqualTo(new[] { "CronJob" }));
    }

    [Test]
    public void A_chart_its_version_range_and_the_repository_url_are_read()
    {
        var facts = RequestParser.Parse("helmrelease ingress chart ingress-nginx version ~4.11.0 from https://kubernetes.github.io/ingress-nginx");

        Assert.That(facts.Kinds, Is.EqualTo(new[] { "HelmRelease" }));
        Assert.That(facts.Chart, Is.EqualTo("ingress-nginx"));
        Assert.That(facts.Version, Is.EqualTo("~4.11.0"));
        Assert.That(facts.RepositoryUrl, Is.EqualTo("https://kubernetes.github.io/ingress-nginx"));
    }

    [Test]
    public void A_branch_and_an_interval_are_read_for_a_git_source()
    {
        var facts = RequestParser.Parse("git repository apps from https://github.com/acme/apps branch release/1.x every 10m");

        Assert.That(facts.Kinds, Is.EqualTo(new[] { "GitRepository" }));
        Assert.That(facts.Branch, Is.EqualTo("release/1.x"));
        Assert.That(facts.Interval, Is.EqualTo("10m"));
        Assert.That(facts.Name, Is.EqualTo("apps"));
    }

    [Test]
    public void A_host_a_path_and_a_tls_secret_are_read_for_an_ingress()
    {
        var facts = RequestParser.Parse("ingress web on shop.example.com path /api tls secret shop-cert");

        Assert.That(facts.Host, Is.EqualTo("shop.example.com"));
        Assert.That(facts.Path, Is.EqualTo("/api"));
        Assert.That(facts.TlsSecret, Is.EqualTo("shop-cert"));
    }

    [Test]
    public void A_replica_range_and_a_percentage_are_read_for_an_autoscaler_for_a_deployment()
    {
        var facts = RequestParser.Parse("hpa for deployment api from 2 to 10 replicas at 70% cpu");

        Assert.That(facts.Kinds, Is.EqualTo(new[] { "HorizontalPodAutoscaler" }));
        Assert.That(facts.Target, Is.EqualTo(((string?)"Deployment", "api")));
        Assert.That(facts.MinReplicas, Is.EqualTo(2));
        Assert.That(facts.MaxReplicas, Is.EqualTo(10));
        Assert.That(facts.Percentage, Is.EqualTo(70));
        Assert.That(facts.Schedule, Is.Null);
    }

    [Test]
    public void Selectors_a_namespace_and_a_file_are_read()
    {
        var facts = RequestParser.Parse("configmap settings with LOG_LEVEL=info tier=web in namespace shop in apps/api/settings.yaml");

        Assert.That(facts.Selector, Is.EquivalentTo(new Dictionary<string, string> { ["LOG_LEVEL"] = "info", ["tier"] = "web" }));
        Assert.That(facts.Namespace, Is.EqualTo("shop"));
        Assert.That(facts.TargetFile, Is.EqualTo("apps/api/settings.yaml"));
    }

    [Test]
    public void Several_kinds_are_read_in_order_and_a_service_account_is_not_a_service()
    {
        var facts = RequestParser.Parse("deployment api with service account, service and ingress");

        Assert.That(facts.Kinds, Is.EqualTo(new[] { "Deployment", "ServiceAccount", "Service", "Ingress" }));
    }

    [TestCase("nodeport service web", "NodePort")]
    [TestCase("load balancer service web", "LoadBalancer")]
    [TestCase("headless service web", "Headless")]
    public void Service_types_are_read(string request, string type) =>
        Assert.That(RequestParser.Parse(request).ServiceType, Is.EqualTo(type));

    [Test]
    public void Canary_step_and_maximum_weights_are_read()
    {
        var facts = RequestParser.Parse("canary for api with 5% steps up to 40%");

        Assert.That(facts.Percentage, Is.EqualTo(5));
        Assert.That(facts.MaxPercentage, Is.EqualTo(40));
        Assert.That(facts.Target?.Name, Is.EqualTo("api"));
    }
}

public sealed class RequestCommentTests
{
    [TestCase("# gitops: redis statefulset", "gitops:", "redis statefulset")]
    [TestCase("    #   GitOps:  hpa for api  ", "gitops:", "hpa for api")]
    [TestCase("## ai: namespace team-a", "ai:", "namespace team-a")]
    public void A_comment_with_the_prefix_is_a_request(string line, string prefix, string request) =>
        Assert.That(GenerationRequest.FromComment(line, prefix), Is.EqualTo(request));

    [TestCase("# gitops:")]
    [TestCase("# just a note")]
    [TestCase("name: gitops: x")]
    [TestCase("")]
    public void Other_lines_are_not_requests(string line) =>
        Assert.That(GenerationRequest.FromComment(line), Is.Null);
}

public sealed class KeyListTests
{
    [TestCase("secret db with keys username, password and host", new[] { "username", "password", "host" })]
    [TestCase("configmap app-keys for deployment api", new string[0])]
    public void Keys_are_read_only_after_with_keys(string request, string[] keys) =>
        Assert.That(RequestParser.Parse(request).Keys, Is.EqualTo(keys));
}
