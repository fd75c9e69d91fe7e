using GitOpsAi.Core.Generation;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Generation;

public sealed class GenerationPromptTests
{
    [Test]
    public void The_prompt_names_the_conventions_file_naming_patterns_and_those_the_repository_follows()
    {
        var fileSystem = new InMemoryFileSystem()
            .Add(".gitops-ai/generation.yaml", "naming:\n  Service: \"{name}-svc\"\n")
            .Add("apps/manifests.yaml", "# gitops: hpa for deployment shop\n")
            .Add("apps/shop.yaml", Pair("shop"))
            .Add("apps/cart.yaml", Pair("cart"));
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem);
        var conventions = GenerationConventionsLoader.Load(workspace).Conventions;
        var context = RepositoryContext.For(workspace, InMemoryFileSystem.PathOf("apps/manifests.yaml"), conventions);

        var prompt = GenerationPrompt.Build(new EngineInput(new GenerationRequest("hpa for deployment shop", InMemoryFileSystem.PathOf("apps/manifests.yaml")), context));

        Assert.That(prompt.User, Does.Contain("Names follow the repository's patterns").And.Contain("Service {name}-svc").And.Contain("HorizontalPodAutoscaler {name}-hpa"));
    }

    [Test]
    public void A_repository_without_naming_patterns_adds_no_naming_line()
    {
        var fileSystem = new InMemoryFileSystem().Add("apps/manifests.yaml", "# gitops: deployment api\n");
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem);
        var context = RepositoryContext.For(workspace, InMemoryFileSystem.PathOf("apps/manifests.yaml"));

        var prompt = GenerationPrompt.Build(new EngineInput(new GenerationRequest("deployment api", InMemoryFileSystem.PathOf("apps/manifests.yaml")), context));

        Assert.That(prompt.User, Does.Not.Contain("Names follow"));
    }

    private static string Pair(string app) => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{app}}
        spec:
          selector:
            matchLabels: {app: {{app}}}
          template:
            metadata:
              labels: {app: {{app}}}
            spec:
              containers:
                - name: {{app}}
                  image: ghcr.io/acme/{{app}}:1.0.0
        ---
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata:
          name: {{app}}-hpa
        spec:
          scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: {{app}}}
          minReplicas: 2
          maxReplicas: 4
        """;
}
