using GitOpsAi.Generation.Llm.Tests;

namespace GitOpsAi.Cli.Tests;

public sealed class GenerateCommandTests
{
    private const string Kustomization = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: shop\nresources:\n  - deployment.yaml\n";

    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api
        spec:
          replicas: 2
          selector:
            matchLabels: {app: api}
          template:
            metadata:
              labels: {app: api}
            spec:
              containers:
                - name: api
                  image: ghcr.io/acme/api:1.0.0
                  ports:
                    - {name: http, containerPort: 8080}

        """;

    [TestCase("gitops: redis statefulset with 10Gi storage")]
    [TestCase("redis statefulset with 10Gi storage")]
    public void A_request_with_or_without_the_prefix_prints_the_documents_and_exits_with_zero(string request)
    {
        using var repo = new TempRepo().Write("apps/README.md", "x");

        var result = CliRun.InProcess("generate", request, "--repo", repo.Root);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Stderr);
        Assert.That(result.Stdout, Does.StartWith("apiVersion: apps/v1\nkind: StatefulSet\n"));
        Assert.That(result.Stdout, Does.Contain("storage: 10Gi"));
    }

    [Test]
    public void Out_writes_a_new_file_in_the_folders_namespace_and_lists_it_in_the_kustomization()
    {
        using var repo = new TempRepo().Write("apps/api/kustomization.yaml", Kustomization).Write("apps/api/deployment.yaml", Deployment);

        var result = CliRun.InProcess("generate", "service for deployment api", "--repo", repo.Root, "--out", repo.PathOf("apps/api/service.yaml"));

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Stderr);
        Assert.That(result.Stdout, Is.Empty);
        var written = File.ReadAllText(repo.PathOf("apps/api/service.yaml"));
        Assert.That(written, Does.Contain("namespace: shop").And.Contain("app: api").And.Contain("port: 8080"));
        Assert.That(File.ReadAllText(repo.PathOf("apps/api/kustomization.yaml")), Is.EqualTo(Kustomization + "  - service.yaml\n"));
    }

    [Test]
    public void Out_refuses_to_overwrite_an_existing_file_without_force_and_replaces_it_with_force()
    {
        using var repo = new TempRepo().Write("apps/settings.yaml", "# mine\n");

        var refused = CliRun.InProcess("generate", "configmap settings with MODE=fast", "--repo", repo.Root, "--out", repo.PathOf("apps/settings.yaml"));

        Assert.That(refused.ExitCode, Is.EqualTo(2));
        Assert.That(refused.Stderr, Does.Contain("--force"));
        Assert.That(File.ReadAllText(repo.PathOf("apps/settings.yaml")), Is.EqualTo("# mine\n"));

        var forced = CliRun.InProcess("generate", "configmap settings with MODE=fast", "--repo", repo.Root, "--out", repo.PathOf("apps/settings.yaml"), "--force");

        Assert.That(forced.ExitCode, Is.EqualTo(0), forced.Stderr);
        Assert.That(File.ReadAllText(repo.PathOf("apps/settings.yaml")), Does.Contain("MODE: fast"));
    }

    [Test]
    public void Output_that_fails_the_gate_is_never_printed_and_exits_with_one_naming_the_finding()
    {
        using var repo = new TempRepo().Write("clusters/prod/README.md", "x");

        var result = CliRun.InProcess("generate", "flux kustomization apps path ./apps/missing", "--repo", repo.Root);

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Stdout, Is.Empty);
        Assert.That(result.Stderr, Does.Contain("error flux-path-not-found"));
    }

    [Test]
    public void An_unsupported_request_exits_with_one_and_says_what_is_supported()
    {
        using var repo = new TempRepo().Write("a.yaml", "kind: A\n");

        var result = CliRun.InProcess("generate", "make everything faster", "--repo", repo.Root);

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Stdout, Is.Empty);
        Assert.That(result.Stderr, Does.Contain("The offline generator writes Namespace"));
    }

    [TestCase]
    [TestCase("--provider", "gpt")]
    [TestCase("--repo", "/no/such/folder")]
    [TestCase("")]
    public void Usage_errors_exit_with_two(params string[] extra)
    {
        var args = new List<string> { "generate" };
        if (extra.Length > 0 && extra[0].StartsWith('-'))
        {
            args.Add("deployment api");
        }

        args.AddRange(extra);
        var result = CliRun.InProcess([.. args]);

        Assert.That(result.ExitCode, Is.EqualTo(2), result.Stdout + result.Stderr);
        Assert.That(result.Stdout, Is.Empty);
    }

    [Test]
    public void A_language_model_provider_without_a_key_is_a_usage_error_naming_the_variable()
    {
        Assume.That(Environment.GetEnvironmentVariable("GITOPS_AI_API_KEY") ?? Environment.GetEnvironmentVariable("OPENAI_API_KEY"), Is.Null);
        using var repo = new TempRepo().Write("a.yaml", "kind: A\n");

        var result = CliRun.InProcess("generate", "namespace team-a", "--repo", repo.Root, "--provider", "openai");

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Stderr, Does.Contain("GITOPS_AI_API_KEY"));
        Assert.That(result.Stdout, Is.Empty);
    }

    [Test]
    public void The_real_program_writes_only_yaml_to_stdout_and_notes_to_stderr()
    {
        using var repo = new TempRepo().Write("apps/README.md", "x");

        var result = CliRun.AsProcess("generate", "deployment api image ghcr.io/acme/api port 8080", "--repo", repo.Root);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Stderr);
        Assert.That(result.Stdout, Does.StartWith("apiVersion: apps/v1"));
        Assert.That(result.Stdout, Does.Contain("image: ghcr.io/acme/api:CHANGE-ME"));
        Assert.That(result.Stderr, Does.Contain("warning generation-placeholder").And.Contain("note: The image ghcr.io/acme/api has no pinned tag"));
    }

    [Test]
    public async Task The_ollama_provider_asks_the_endpoint_from_the_environment_and_prints_only_gated_output()
    {
        await using var model = new FakeOpenAiServer(Reply.Chat("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  MODE: fast\n"));
        using var repo = new TempRepo().Write("apps/README.md", "x");
        var environment = new Dictionary<string, string> { ["GITOPS_AI_ENDPOINT"] = model.BaseUrl.ToString(), ["GITOPS_AI_MODEL"] = "test-model", ["GITOPS_AI_API_KEY"] = "" };

        var result = CliRun.AsProcess(environment, "generate", "configmap settings with MODE=fast", "--repo", repo.Root, "--provider", "ollama");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Stderr);
        Assert.That(result.Stdout, Is.EqualTo("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  MODE: fast\n"));
        Assert.That(model.Requests.Single().Body, Does.Contain("\"model\":\"test-model\""));
    }
}
