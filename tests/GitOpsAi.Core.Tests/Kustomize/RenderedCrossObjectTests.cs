using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Kustomize;

/// <summary>Cross-object rules on rendered objects look their rendered siblings up (same root), not the sources.</summary>
public sealed class RenderedCrossObjectTests
{
    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: 2
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
                  envFrom:
                    - configMapRef:
                        name: [|app-config|]
        """;

    private const string ConfigMap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-config\ndata:\n  a: b\n";

    private const string Service = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n";

    [Test]
    public void A_reference_renamed_by_a_name_prefix_finds_its_prefixed_sibling()
    {
        var fileSystem = WithBase().Add("overlays/prod/kustomization.yaml", "namePrefix: prod-\nnamespace: prod\nresources:\n  - ../../base\n");

        var findings = AllFindings(fileSystem).Where(d => d.Code == "non-existent-configmap" || d.Code == "dangling-service").ToList();

        Assert.That(findings, Is.Empty, string.Join("\n", findings.Select(f => f.Message)));
    }

    [Test]
    public void A_config_map_removed_by_an_overlay_patch_is_reported_once_naming_the_overlay()
    {
        var overlay = Markup.Parse("""
            namespace: prod
            resources:
              - ../../base
            patches:
              - patch: |-
                  [|$patch: delete|]
                  apiVersion: v1
                  kind: ConfigMap
                  metadata:
                    name: app-config
            """);
        var fileSystem = WithBase()
            .Add("overlays/prod/kustomization.yaml", overlay.Text)
            .Add("overlays/staging/kustomization.yaml", "namespace: staging\nresources:\n  - ../../base\n");

        var findings = AllFindings(fileSystem).Where(d => d.Code == "non-existent-configmap").ToList();

        Assert.That(findings, Has.Count.EqualTo(1), string.Join("\n", findings.Select(f => f.Message)));
        Assert.That(findings[0].Span, Is.EqualTo(overlay.Span), "at the overlay's delete directive, the cause (see DeletionProvenanceTests for the file)");
        Assert.That(findings[0].Message, Does.Contain("'app-config'").And.EndWith("(in overlays/prod)"));
    }

    [Test]
    public void A_service_whose_workload_an_overlay_deletes_is_dangling_in_that_overlay_only()
    {
        var fileSystem = WithBase()
            .Add("overlays/prod/kustomization.yaml", """
                resources:
                  - ../../base
                patches:
                  - patch: |-
                      $patch: delete
                      apiVersion: apps/v1
                      kind: Deployment
                      metadata:
                        name: web
                """)
            .Add("overlays/staging/kustomization.yaml", "namePrefix: staging-\nresources:\n  - ../../base\n");

        var findings = AllFindings(fileSystem).Where(d => d.Code == "dangling-service").ToList();

        Assert.That(findings, Has.Count.EqualTo(1), string.Join("\n", findings.Select(f => f.Message)));
        Assert.That(findings[0].Message, Does.EndWith("(in overlays/prod)"));
    }

    [Test]
    public void A_dangling_reference_the_source_already_reports_is_not_repeated_for_each_overlay()
    {
        var fileSystem = new InMemoryFileSystem()
            .Add("base/kustomization.yaml", "resources:\n  - deployment.yaml\n  - configmap.yaml\n")
            .Add("base/deployment.yaml", Markup.Parse(Deployment).Text.Replace("name: app-config", "name: missing"))
            .Add("base/configmap.yaml", ConfigMap)
            .Add("overlays/prod/kustomization.yaml", "namespace: prod\nresources:\n  - ../../base\n");

        var findings = AllFindings(fileSystem).Where(d => d.Code == "non-existent-configmap").ToList();

        Assert.That(findings, Has.Count.EqualTo(1), string.Join("\n", findings.Select(f => f.Message)));
        Assert.That(findings[0].Message, Does.Not.Contain("(in "));
    }

    [Test]
    public void A_service_account_an_overlay_patch_lets_mount_its_token_is_reported_in_that_overlay_only()
    {
        var deployment = Markup.Parse(Markup.Parse(Deployment).Text.Replace("    spec:\n      containers:", "    [|spec|]:\n      serviceAccountName: web\n      containers:"));
        var fileSystem = new InMemoryFileSystem()
            .Add("base/kustomization.yaml", "resources:\n  - deployment.yaml\n  - account.yaml\n")
            .Add("base/deployment.yaml", deployment.Text)
            .Add("base/account.yaml", "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: web\nautomountServiceAccountToken: false\n")
            .Add("overlays/prod/kustomization.yaml", """
                namePrefix: prod-
                resources:
                  - ../../base
                patches:
                  - patch: |-
                      apiVersion: v1
                      kind: ServiceAccount
                      metadata:
                        name: web
                      automountServiceAccountToken: true
                """)
            .Add("overlays/staging/kustomization.yaml", "namePrefix: staging-\nresources:\n  - ../../base\n");

        var findings = AllFindings(fileSystem).Where(d => d.Code == "automount-service-account-token").ToList();

        Assert.That(findings, Has.Count.EqualTo(1), string.Join("\n", findings.Select(f => f.Message)));
        Assert.That(findings[0].Message, Does.Contain("'prod-web'").And.EndWith("(in overlays/prod)"));
        Assert.That(findings[0].Span, Is.EqualTo(deployment.Span), "at the base's pod spec, which the overlay did not change");
    }

    /// <summary>The findings of every file, the way a check of the whole repository reports them.</summary>
    private static List<Diagnostic> AllFindings(InMemoryFileSystem fileSystem)
    {
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem);
        return workspace.Files.Values.SelectMany(file => TestAnalysis.FullAnalyzer.Analyze(workspace, file).Diagnostics).ToList();
    }

    private static InMemoryFileSystem WithBase() => new InMemoryFileSystem()
        .Add("base/kustomization.yaml", "resources:\n  - deployment.yaml\n  - configmap.yaml\n  - service.yaml\n")
        .Add("base/deployment.yaml", Markup.Parse(Deployment).Text)
        .Add("base/configmap.yaml", ConfigMap)
        .Add("base/service.yaml", Service);
}
