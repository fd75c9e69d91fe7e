using GitOpsAi.Core.Drift;
using GitOpsAi.Core.Workspace;
using static GitOpsAi.Core.Tests.Drift.DriftTestKit;

namespace GitOpsAi.Core.Tests.Drift;

/// <summary>Drift against the rendered objects: overlays, images, namespaces and generator names as the cluster gets them.</summary>
public sealed class RenderedDriftTests
{
    private const string Base = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          labels:
            app: web
        spec:
          replicas: 3
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
                  image: ghcr.io/acme/web:1.4.2
                  ports:
                    - containerPort: 8080
                      name: http
                  resources:
                    requests:
                      cpu: 0.5
                      memory: 1Gi
        """;

    private static InMemoryFileSystem Overlay(string kustomization, string? patch = null)
    {
        var files = new InMemoryFileSystem()
            .Add("base/deployment.yaml", Base)
            .Add("base/kustomization.yaml", "resources:\n  - deployment.yaml\n")
            .Add("overlays/prod/kustomization.yaml", kustomization);
        if (patch is not null)
        {
            files.Add("overlays/prod/replicas.yaml", patch);
        }

        return files;
    }

    private const string PatchKustomization = """
        namespace: shop
        resources:
          - ../../base
        patches:
          - path: replicas.yaml
        """;

    private static string ReplicasPatch(string value) => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: {value}
        """;

    [Test]
    public void A_replicas_drift_is_compared_with_the_patched_value_and_reported_at_the_patch_line()
    {
        var marked = Markup.Parse(ReplicasPatch("[|5|]"));
        var files = Overlay(PatchKustomization, marked.Text);
        var live = Live(LiveDeployment(replicas: 2, extraManagers: ManagerOwningReplicas("kubectl-scale", 0.25)));

        var inPatch = DriftOf(files, "overlays/prod/replicas.yaml", live);
        var inBase = DriftOf(files, "base/deployment.yaml", live);

        var drift = inPatch.Single(d => d.Code == DriftDiagnostics.Field.Code);
        Assert.That(drift.Span, Is.EqualTo(marked.Span));
        Assert.That(drift.Message, Does.StartWith("live: 2 (kubectl-scale"));
        Assert.That(inBase.Where(d => d.Code == DriftDiagnostics.Field.Code), Is.Empty, "the base's replicas: 3 is not what the cluster gets");
    }

    [Test]
    public void A_live_value_equal_to_the_patched_value_is_in_sync_even_when_a_person_wrote_it()
    {
        var files = Overlay(PatchKustomization, ReplicasPatch("5"));
        var live = Live(LiveDeployment(replicas: 5, extraManagers: ManagerOwningReplicas("kubectl-scale", 0.25)));

        var diagnostics = DriftOf(files, "base/deployment.yaml", live).Concat(DriftOf(files, "overlays/prod/replicas.yaml", live));

        Assert.That(diagnostics.Where(d => d.Code is "drift-field" or "drift-missing"), Is.Empty);
    }

    [Test]
    public void An_image_drift_is_compared_with_the_overlay_tag_and_reported_at_the_images_entry()
    {
        var marked = Markup.Parse("""
            namespace: shop
            resources:
              - ../../base
            images:
              - name: ghcr.io/acme/web
                newTag: [|"1.5.0"|]
            """);
        var files = Overlay(marked.Text);
        var live = Live(LiveDeployment(image: "ghcr.io/acme/web:1.5.0-hotfix", extraManagers: ManagerOwningContainerField("kubectl-set", "image", 2)));

        var drift = DriftOf(files, "overlays/prod/kustomization.yaml", live).Single(d => d.Code == DriftDiagnostics.Field.Code);

        Assert.That(drift.Span, Is.EqualTo(marked.Span));
        Assert.That(drift.Message, Does.StartWith("live: ghcr.io/acme/web:1.5.0-hotfix"));
        Assert.That(drift.Fixes.Select(f => f.Title), Has.None.StartsWith(DriftActions.AcceptTitle), "the tag alone is written there, not the whole image");
    }

    [Test]
    public void The_image_an_overlay_sets_is_in_sync_with_a_live_object_that_runs_it()
    {
        var files = Overlay("namespace: shop\nresources:\n  - ../../base\nimages:\n  - name: ghcr.io/acme/web\n    newTag: \"1.5.0\"\n");
        var live = Live(LiveDeployment(image: "ghcr.io/acme/web:1.5.0", extraManagers: ManagerOwningContainerField("kubectl-set", "image", 2)));

        Assert.That(DriftOf(files, "base/deployment.yaml", live).Where(d => d.Code == DriftDiagnostics.Field.Code), Is.Empty);
    }

    [Test]
    public void A_namespace_set_by_the_kustomization_matches_the_live_object_in_that_namespace()
    {
        var files = Overlay("namespace: shop\nresources:\n  - ../../base\n");
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, files);

        var report = DriftDetector.Detect(workspace, Live(LiveDeployment()), new DriftOptions { Clock = () => Now });

        var web = report.Objects.Single(o => o.Object.Key.Name == "web");
        Assert.That(web.Object.Key.Namespace, Is.EqualTo("shop"));
        Assert.That(web.IsMissing, Is.False);
        Assert.That(web.Fields, Is.Empty);
    }

    [Test]
    public void A_namespace_set_by_a_Flux_targetNamespace_matches_the_live_object_in_that_namespace()
    {
        var files = new InMemoryFileSystem()
            .Add("apps/web/deployment.yaml", Base)
            .Add("clusters/prod/apps.yaml", """
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata:
                  name: apps
                  namespace: flux-system
                spec:
                  interval: 10m
                  path: ./apps/web
                  prune: true
                  targetNamespace: shop
                  sourceRef:
                    kind: GitRepository
                    name: flux-system
                """);
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, files);

        var report = DriftDetector.Detect(workspace, Live(LiveDeployment()), new DriftOptions { Clock = () => Now });

        var web = report.Objects.Single(o => o.Object.Key.Kind == "Deployment");
        Assert.That(web.Object.Key.Namespace, Is.EqualTo("shop"));
        Assert.That(web.IsMissing, Is.False);
        Assert.That(web.Object.Applier, Is.EqualTo("Kustomization apps"));
    }

    [Test]
    public void A_generated_ConfigMap_is_matched_by_its_hashed_name_and_a_changed_key_is_reported_at_the_literal()
    {
        var marked = Markup.Parse("""
            namespace: shop
            configMapGenerator:
              - name: web-config
                literals:
                  - [|LOG_LEVEL=info|]
            """);
        var files = new InMemoryFileSystem().Add("overlays/prod/kustomization.yaml", marked.Text);
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, files);
        var rendered = RenderedDesiredState.Instance.Objects(workspace).Single(o => o.Key.Kind == "ConfigMap");
        Assert.That(rendered.Key.Name, Does.Match("^web-config-[a-z0-9]{10}$"));
        var live = Live($"""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: {rendered.Key.Name}
              namespace: shop
              managedFields:
                - manager: kubectl-edit
                  operation: Update
                  apiVersion: v1
                  time: "{DaysAgo(1)}"
                  fieldsType: FieldsV1
                  fieldsV1:
                    f:data:
                      f:LOG_LEVEL: {"{}"}
            data:
              LOG_LEVEL: debug
            """);

        var diagnostics = DriftOf(files, "overlays/prod/kustomization.yaml", live);

        Assert.That(diagnostics.Where(d => d.Code == DriftDiagnostics.Missing.Code), Is.Empty);
        var drift = diagnostics.Single(d => d.Code == DriftDiagnostics.Field.Code);
        Assert.That(drift.Span, Is.EqualTo(marked.Span));
        Assert.That(drift.Message, Does.StartWith("live: debug (kubectl-edit"));
    }

    [Test]
    public void A_file_no_kustomization_reaches_is_compared_as_written()
    {
        var files = Overlay("namespace: shop\nresources:\n  - ../../base\n").Add("loose/app.yaml", Deployment.Replace("name: web", "name: loose", StringComparison.Ordinal));
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, files);

        var keys = RenderedDesiredState.Instance.Objects(workspace).Select(o => o.Key.Display);

        Assert.That(keys, Is.EquivalentTo(new[] { "Deployment shop/web", "Deployment shop/loose" }));
    }

    [Test]
    public void Objects_in_a_patch_file_are_the_objects_it_patches()
    {
        var files = Overlay(PatchKustomization, ReplicasPatch("5"));
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, files);
        var patch = workspace.GetFile(InMemoryFileSystem.PathOf("overlays/prod/replicas.yaml"))!;

        var objects = RenderedDesiredState.Instance.ObjectsIn(workspace, patch);

        Assert.That(objects.Select(o => o.Key.Display), Is.EqualTo(new[] { "Deployment shop/web" }));
        Assert.That(ReferenceEquals(objects, RenderedDesiredState.Instance.ObjectsIn(workspace, patch)), Is.True, "answered from the snapshot's index");
    }
}
