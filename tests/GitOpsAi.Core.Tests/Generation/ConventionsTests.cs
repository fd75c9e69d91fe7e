using System.Text.Json;
using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Generation;
using GitOpsAi.Core.Workspace;
using Json.Schema;
using static GitOpsAi.Core.Tests.Generation.GenerationTestSupport;

namespace GitOpsAi.Core.Tests.Generation;

public sealed class ConventionsTests
{
    private const string Conventions = """
        # yaml-language-server: $schema=../schemas/gitops-ai-generation.schema.json
        naming:
          Service: "{name}-svc"
        labels:
          team: payments
        annotations:
          owner: payments@acme.example
        resources:
          requests: {cpu: 50m, memory: 64Mi}
          limits: {cpu: 250m, memory: 192Mi}
        securityContext:
          runAsUser: 10001
        storageClass: fast-ssd
        charts:
          cert-manager: 1.16.1
        registries:
          - ghcr.io/acme
        """;

    private static InMemoryFileSystem Repository(string path = ".gitops-ai/generation.yaml") =>
        new InMemoryFileSystem().Add(path, Conventions).Add("apps/README.md", "x");

    [Test]
    public void Names_labels_annotations_resources_and_the_user_follow_the_conventions()
    {
        var outcome = Generate("deployment api image ghcr.io/acme/api:1.0.0 port 8080 with service", Repository());
        var deployment = Single(outcome, "Deployment");
        var service = Single(outcome, "Service");

        Assert.That(service.Name, Is.EqualTo("api-svc"));
        Assert.That(deployment.Labels["team"], Is.EqualTo("payments"));
        Assert.That(service.Annotations["owner"], Is.EqualTo("payments@acme.example"));
        Assert.That(deployment.At("spec.template.spec.containers.0.resources.requests.cpu"), Is.EqualTo("50m"));
        Assert.That(deployment.At("spec.template.spec.containers.0.resources.limits.memory"), Is.EqualTo("192Mi"));
        Assert.That(deployment.At("spec.template.spec.securityContext.runAsUser"), Is.EqualTo("10001"));
        Assert.That(outcome.Succeeded, Is.True);
    }

    [Test]
    public void StackGens_generation_config_is_honoured_when_ours_is_absent()
    {
        var claim = Single(Generate("statefulset queue image ghcr.io/acme/queue:2.0.0 port 5672 with 5Gi storage", Repository(".stackgen/generation-config.yaml")), "StatefulSet");

        Assert.That(claim.At("spec.volumeClaimTemplates.0.spec.storageClassName"), Is.EqualTo("fast-ssd"));
    }

    [Test]
    public void A_helm_release_without_a_version_takes_the_preferred_chart_version()
    {
        var release = Single(Generate("helmrelease cert-manager chart cert-manager", Repository()), "HelmRelease");

        Assert.That(release.At("spec.chart.spec.version"), Is.EqualTo("1.16.1"));
    }

    [Test]
    public void An_image_from_a_registry_that_is_not_allowed_becomes_a_placeholder_with_a_note()
    {
        var outcome = Generate("deployment web image docker.io/library/nginx:1.27.2 port 8080", Repository());

        Assert.That(Single(outcome, "Deployment").At("spec.template.spec.containers.0.image"), Is.EqualTo("ghcr.io/acme/CHANGE-ME/nginx:1.27.2"));
        Assert.That(outcome.Notes, Has.Some.Contains("not from an allowed registry"));
    }

    [Test]
    public void An_example_manifest_lends_its_labels_annotations_and_priority_class()
    {
        var repository = new InMemoryFileSystem().Add("apps/README.md", "x").Add(".gitops-ai/examples/deployment.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: example
              labels: {app: example, tier: backend}
              annotations: {reloader.stakater.com/auto: "true"}
            spec:
              selector: {matchLabels: {app: example}}
              template:
                metadata: {labels: {app: example}}
                spec:
                  priorityClassName: business-critical
                  containers: [{name: example, image: ghcr.io/acme/example:1.0.0}]
            """);

        var outcome = Generate("deployment api image ghcr.io/acme/api:1.0.0 port 8080", repository);
        var deployment = Single(outcome, "Deployment");

        Assert.That(deployment.Labels["tier"], Is.EqualTo("backend"));
        Assert.That(deployment.Labels.ContainsKey("app"), Is.False, "the example's own name label is not copied");
        Assert.That(deployment.Annotations["reloader.stakater.com/auto"], Is.EqualTo("true"));
        Assert.That(deployment.At("spec.template.spec.priorityClassName"), Is.EqualTo("business-critical"));
        Assert.That(outcome.Findings.Select(f => f.Code), Does.Not.Contain("priority-class-not-set"));
    }

    [Test]
    public void Errors_in_the_conventions_file_are_diagnostics_at_their_place_in_that_file()
    {
        const string text = "namin:\n  Service: x\nresources:\n  requests: {cpu: lots}\nregistries: ghcr.io/acme\nnaming:\n  Service: svc\n";
        var path = InMemoryFileSystem.PathOf(".gitops-ai/generation.yaml");
        var fileSystem = new InMemoryFileSystem().Add(".gitops-ai/generation.yaml", text);
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem);
        var file = WorkspaceFile.FromText(path, InMemoryFileSystem.Root, text);

        var diagnostics = new Analyzer().Analyze(workspace.WithFile(path, file), file).Diagnostics.Where(d => d.Code == "generation-config-invalid").ToList();

        Assert.That(diagnostics.Select(d => text.Substring(d.Span.Start, d.Span.Length)), Is.EqualTo(new[] { "namin", "lots", "ghcr.io/acme", "svc" }));
        Assert.That(diagnostics[0].Message, Does.Contain("Unknown key 'namin'"));
        Assert.That(diagnostics.All(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Test]
    public void The_json_schema_accepts_a_full_conventions_file_and_rejects_unknown_keys_and_bad_quantities()
    {
        var schema = JsonSchema.FromFile(Path.Combine(SharedData.RepositoryRoot, "schemas", "gitops-ai-generation.schema.json"));
        JsonElement Json(string yaml) => JsonSerializer.SerializeToElement(YamlToJson.Convert(YamlParser.Parse(yaml).Documents[0].Root!));

        Assert.That(schema.Evaluate(Json(Conventions)).IsValid, Is.True);
        Assert.That(schema.Evaluate(Json("namin: {}\n")).IsValid, Is.False);
        Assert.That(schema.Evaluate(Json("resources:\n  requests: {cpu: lots}\n")).IsValid, Is.False);
    }
}
