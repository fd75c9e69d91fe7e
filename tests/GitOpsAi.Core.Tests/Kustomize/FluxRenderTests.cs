using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Kustomize;

/// <summary>Flux Kustomizations rendered as kustomize-controller does, each object knowing which one applies it.</summary>
public sealed class FluxRenderTests
{
    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: ${REPLICAS:=1}
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
                  image: nginx:1.25
                  env:
                    - name: GREETING
                      value: ${GREETING:-hello}
                    - name: CLUSTER
                      value: ${CLUSTER_NAME}
                    - name: LITERAL
                      value: $${NOT_A_VARIABLE}
                    - name: TOKEN
                      value: ${TOKEN}
        """;

    [Test]
    public void Target_namespace_prefix_images_patches_and_components_apply_and_objects_know_their_flux_kustomization()
    {
        var flux = Markup.Parse("""
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata:
              name: apps
              namespace: flux-system
            spec:
              path: ./apps/web
              targetNamespace: [|web-prod|]
              namePrefix: prod-
              images:
                - name: nginx
                  newTag: "1.27"
              components:
                - ../../components/monitoring
              patches:
                - target:
                    kind: Deployment
                  patch: |-
                    - op: add
                      path: /metadata/annotations
                      value: {patched: "true"}
              sourceRef:
                kind: GitRepository
                name: flux-system
            """);
        var (workspace, result) = Render(flux.Text, new InMemoryFileSystem()
            .Add("apps/web/kustomization.yaml", "namespace: ignored\nresources:\n  - deployment.yaml\n")
            .Add("apps/web/deployment.yaml", Deployment)
            .Add("components/monitoring/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\ncommonLabels:\n  monitored: \"yes\"\n"));

        var deployment = result.Objects.Single();
        Assert.That(result.HasErrors, Is.False, string.Join("\n", result.Diagnostics.Select(d => d.Diagnostic.Message)));
        Assert.That(deployment.Name, Is.EqualTo("prod-web"));
        Assert.That(deployment.Namespace, Is.EqualTo("web-prod"));
        Assert.That(deployment.Root.At("metadata", "annotations", "patched")?.ToString(), Is.EqualTo("true"));
        Assert.That(deployment.Root.At("metadata", "labels", "monitored")?.ToString(), Is.EqualTo("yes"));
        Assert.That(((RenderMap)((RenderSequence)deployment.Root.At("spec", "template", "spec", "containers")!).Items[0]).String("image"), Is.EqualTo("nginx:1.27"));
        Assert.That(deployment.FluxKustomizationName, Is.EqualTo("apps"));
        Assert.That(deployment.FluxKustomizationPath, Is.EqualTo(InMemoryFileSystem.PathOf("clusters/apps.yaml")));
        Assert.That(deployment.Root.At("metadata", "namespace")!.Source, Is.EqualTo(new SourceRef(InMemoryFileSystem.PathOf("clusters/apps.yaml"), flux.Span)));
        Assert.That(workspace.Root, Is.EqualTo(InMemoryFileSystem.Root));
    }

    [Test]
    public void Post_build_substitution_reads_substitute_substitute_from_and_defaults_as_kustomize_controller_does()
    {
        var flux = Markup.Parse("""
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata:
              name: apps
              namespace: flux-system
            spec:
              path: ./apps/web
              sourceRef:
                kind: GitRepository
                name: flux-system
              postBuild:
                substitute:
                  REPLICAS: [|"3"|]
                substituteFrom:
                  - kind: ConfigMap
                    name: cluster-vars
                  - kind: Secret
                    name: cluster-secrets
            """);
        var (_, result) = Render(flux.Text, new InMemoryFileSystem()
            .Add("apps/web/deployment.yaml", Deployment)
            .Add("clusters/vars.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cluster-vars\n  namespace: flux-system\ndata:\n  CLUSTER_NAME: home\n  REPLICAS: \"9\"\n")
            .Add("clusters/secrets.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: cluster-secrets\n  namespace: flux-system\ndata:\n  TOKEN: czNjcjN0\n"));

        var deployment = result.Objects.Single();
        var env = ((RenderSequence)((RenderMap)((RenderSequence)deployment.Root.At("spec", "template", "spec", "containers")!).Items[0])["env"]!).Items
            .Cast<RenderMap>().ToDictionary(e => e.String("name")!, e => e.String("value"));
        var replicas = (RenderScalar)deployment.Root.At("spec", "replicas")!;

        Assert.That(replicas.Value, Is.EqualTo("3"), "substitute wins over substituteFrom");
        Assert.That(replicas.Type, Is.EqualTo(GitOpsAi.Core.Yaml.YamlScalarType.Integer), "Flux substitutes in the YAML text, so 3 is a number");
        Assert.That(replicas.Source, Is.EqualTo(new SourceRef(InMemoryFileSystem.PathOf("clusters/apps.yaml"), flux.Span)));
        Assert.That(env["GREETING"], Is.EqualTo("hello"));
        Assert.That(env["CLUSTER"], Is.EqualTo("home"));
        Assert.That(env["LITERAL"], Is.EqualTo("${NOT_A_VARIABLE}"));
        Assert.That(env["TOKEN"], Is.EqualTo("s3cr3t"));
    }

    [Test]
    public void A_folder_without_a_kustomization_renders_every_manifest_and_nested_kustomization_in_it()
    {
        var (_, result) = Render(FluxPointingAt("./apps"), new InMemoryFileSystem()
            .Add("apps/settings.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n")
            .Add("apps/more/extra.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n")
            .Add("apps/nested/kustomization.yaml", "namePrefix: nested-\nresources:\n  - cm.yaml\n")
            .Add("apps/nested/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: inner\n"));

        Assert.That(result.Objects.Select(o => o.Name), Is.EquivalentTo(new[] { "settings", "extra", "nested-inner" }));
    }

    [Test]
    public void A_spec_path_that_leaves_the_repository_is_an_error_at_the_path_and_nothing_is_read()
    {
        var flux = Markup.Parse(FluxPointingAt("[|../../etc|]"));
        var inner = new InMemoryFileSystem().Add("clusters/apps.yaml", flux.Text).Add("../etc/passwd", "root:x:0:0");
        var recording = new RecordingFileSystem(inner);
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, recording);
        var file = workspace.GetFile(InMemoryFileSystem.PathOf("clusters/apps.yaml"))!;

        var result = KustomizeRenderer.For(workspace).RenderFlux(file, file.Manifests.Single());

        var error = result.Diagnostics.Single(d => d.Diagnostic.Code == "path-outside-repository");
        Assert.That(error.Diagnostic.Span, Is.EqualTo(flux.Span));
        Assert.That(recording.Asked, Has.None.StartsWith("/etc"));
    }

    private static string FluxPointingAt(string path) => $$"""
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata:
          name: apps
          namespace: flux-system
        spec:
          path: {{path}}
          sourceRef:
            kind: GitRepository
            name: flux-system
        """;

    private static (WorkspaceSnapshot Workspace, RenderResult Result) Render(string fluxText, InMemoryFileSystem fileSystem)
    {
        fileSystem.Add("clusters/apps.yaml", fluxText);
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem);
        var file = workspace.GetFile(InMemoryFileSystem.PathOf("clusters/apps.yaml"))!;
        return (workspace, KustomizeRenderer.For(workspace).RenderFlux(file, file.Manifests.Single(m => m.IsFluxKustomization)));
    }
}
