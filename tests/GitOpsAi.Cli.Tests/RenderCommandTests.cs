namespace GitOpsAi.Cli.Tests;

public sealed class RenderCommandTests
{
    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
                - name: web
                  image: nginx:1.27
                  ports:
                    - containerPort: 8080
        """;

    private static TempRepo BaseAndOverlay() => new TempRepo()
        .Write(".git/HEAD", "ref: refs/heads/main\n")
        .Write("base/kustomization.yaml", "resources:\n  - deployment.yaml\n  - settings.yaml\n")
        .Write("base/deployment.yaml", Deployment)
        .Write("base/settings.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  port: \"8080\"\n")
        .Write("overlays/prod/kustomization.yaml", "namespace: prod\nnamePrefix: prod-\nresources:\n  - ../../base\nimages:\n  - name: nginx\n    newTag: \"1.28\"\n");

    [Test]
    public void A_kustomization_folder_renders_to_stdout_in_kubectl_order_with_types_kept()
    {
        using var repo = BaseAndOverlay();

        var result = CliRun.AsProcess("render", Path.Combine(repo.Root, "overlays", "prod"));

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Stderr);
        Assert.That(result.Stderr, Is.Empty);
        var documents = result.Stdout.Split("---\n");
        Assert.That(documents, Has.Length.EqualTo(2));
        Assert.That(documents[0], Does.Contain("kind: ConfigMap").And.Contain("name: prod-settings").And.Contain("port: \"8080\""));
        Assert.That(documents[1], Does.Contain("kind: Deployment").And.Contain("namespace: prod").And.Contain("image: nginx:1.28"));
    }

    [Test]
    public void Provenance_ends_each_line_with_the_file_and_line_that_set_it()
    {
        using var repo = BaseAndOverlay();

        var result = CliRun.InProcess("render", Path.Combine(repo.Root, "overlays", "prod"), "--provenance");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Stderr);
        var lines = result.Stdout.Split('\n');
        Assert.That(lines, Has.Some.EqualTo("  namespace: prod # overlays/prod/kustomization.yaml:1"));
        Assert.That(lines, Has.Some.EqualTo("        image: nginx:1.28 # overlays/prod/kustomization.yaml:7"));
        Assert.That(lines, Has.Some.EqualTo("        - containerPort: 8080 # base/deployment.yaml:16"));
    }

    [Test]
    public void A_build_error_exits_with_one_and_is_reported_on_stderr_at_the_entry()
    {
        using var repo = new TempRepo()
            .Write("kustomization.yaml", "resources:\n  - deployment.yaml\n  - missing.yaml\n")
            .Write("deployment.yaml", Deployment);

        var result = CliRun.AsProcess("render", repo.Root, "--repository-root", repo.Root);

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Stderr, Does.Match(@"kustomization\.yaml:3:5: error kustomize-path-not-found: 'missing\.yaml' listed in resources does not exist"));
        Assert.That(result.Stdout, Does.Contain("kind: Deployment"), "what could be rendered is still printed");
    }

    [Test]
    public void A_path_that_does_not_exist_is_a_usage_error()
    {
        var result = CliRun.InProcess("render", Path.Combine(Path.GetTempPath(), "gitops-ai-no-such-folder"));

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Stderr, Does.Contain("does not exist"));
    }

    [Test]
    public void A_file_outside_the_kustomization_folder_is_refused_unless_load_restrictions_are_lifted()
    {
        using var repo = new TempRepo()
            .Write("app/kustomization.yaml", "resources:\n  - ../shared/deployment.yaml\n")
            .Write("shared/deployment.yaml", Deployment);

        var restricted = CliRun.InProcess("render", Path.Combine(repo.Root, "app"), "--repository-root", repo.Root);
        var lifted = CliRun.InProcess("render", Path.Combine(repo.Root, "app"), "--repository-root", repo.Root, "--load-restrictor", "LoadRestrictionsNone");

        Assert.That(restricted.ExitCode, Is.EqualTo(1));
        Assert.That(restricted.Stderr, Does.Contain("outside the kustomization's folder"));
        Assert.That(lifted.ExitCode, Is.EqualTo(0), lifted.Stderr);
        Assert.That(lifted.Stdout, Does.Contain("kind: Deployment"));
    }

    [Test]
    public void A_flux_kustomization_file_renders_its_path_with_target_namespace_and_substitutions()
    {
        using var repo = BaseAndOverlay()
            .Write("base/deployment.yaml", Deployment.Replace("image: nginx:1.27", "image: nginx:${TAG:=1.27}").Replace("containerPort: 8080", "containerPort: ${PORT}"))
            .Write("clusters/prod/apps.yaml", """
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata:
                  name: apps
                  namespace: flux-system
                spec:
                  interval: 10m
                  path: ./base
                  targetNamespace: web
                  sourceRef:
                    kind: GitRepository
                    name: flux-system
                  postBuild:
                    substitute:
                      PORT: "9090"
                """);

        var result = CliRun.AsProcess("render", Path.Combine(repo.Root, "clusters", "prod", "apps.yaml"));

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Stderr);
        Assert.That(result.Stdout, Does.Contain("namespace: web").And.Contain("image: nginx:1.27").And.Contain("containerPort: 9090\n"));
        Assert.That(result.Stdout, Does.Not.Contain("prod-"), "the overlay is not what this Flux Kustomization applies");
    }
}
