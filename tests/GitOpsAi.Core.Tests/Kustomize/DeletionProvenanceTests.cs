using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Kustomize;

/// <summary>
/// A finding that exists because an overlay deleted an object with <c>$patch: delete</c> is reported at that directive
/// (the cause), naming the overlay, not at the base line that still refers to the object.
/// </summary>
public sealed class DeletionProvenanceTests
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
                        name: app-config
        """;

    private const string ConfigMap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-config\ndata:\n  a: b\n";

    private const string Service = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n";

    [Test]
    public void A_config_map_deleted_by_an_inline_patch_is_reported_at_the_delete_directive_naming_the_overlay()
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
        var fileSystem = WithBase().Add("overlays/prod/kustomization.yaml", overlay.Text).Add("overlays/staging/kustomization.yaml", "resources:\n  - ../../base\n");

        var findings = FindingsWithPaths(fileSystem).Where(f => f.Diagnostic.Code == "non-existent-configmap").ToList();

        Assert.That(findings, Has.Count.EqualTo(1), string.Join("\n", findings.Select(f => $"{f.Path} {f.Diagnostic.Span} {f.Diagnostic.Message}")));
        Assert.That(findings[0].Path, Is.EqualTo($"{InMemoryFileSystem.Root}/overlays/prod/kustomization.yaml"));
        Assert.That(findings[0].Diagnostic.Span, Is.EqualTo(overlay.Span));
        Assert.That(findings[0].Diagnostic.Message, Does.Contain("'app-config'").And.EndWith("(in overlays/prod)"));
    }

    [Test]
    public void A_config_map_deleted_by_a_strategic_merge_patch_file_is_reported_at_its_delete_line()
    {
        var patch = Markup.Parse("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-config\n[|$patch: delete|]\n");
        var fileSystem = WithBase()
            .Add("overlays/prod/kustomization.yaml", "resources:\n  - ../../base\npatchesStrategicMerge:\n  - delete-config.yaml\n")
            .Add("overlays/prod/delete-config.yaml", patch.Text);

        var all = FindingsWithPaths(fileSystem);
        var findings = all.Where(f => f.Diagnostic.Code == "non-existent-configmap").ToList();

        Assert.That(findings, Has.Count.EqualTo(1), string.Join("\n", all.Select(f => $"{f.Path} {f.Diagnostic.Code} {f.Diagnostic.Span} {f.Diagnostic.Message}")));
        Assert.That(findings[0].Path, Is.EqualTo($"{InMemoryFileSystem.Root}/overlays/prod/delete-config.yaml"));
        Assert.That(findings[0].Diagnostic.Span, Is.EqualTo(patch.Span));
        Assert.That(findings[0].Diagnostic.Message, Does.EndWith("(in overlays/prod)"));
    }

    [Test]
    public void A_service_whose_deployment_an_overlay_deletes_is_dangling_at_the_delete_directive()
    {
        var overlay = Markup.Parse("""
            resources:
              - ../../base
            patches:
              - patch: |-
                  apiVersion: apps/v1
                  kind: Deployment
                  metadata:
                    name: web
                  [|$patch: delete|]
            """);
        var fileSystem = WithBase().Add("overlays/prod/kustomization.yaml", overlay.Text);

        var findings = FindingsWithPaths(fileSystem).Where(f => f.Diagnostic.Code == "dangling-service").ToList();

        Assert.That(findings, Has.Count.EqualTo(1), string.Join("\n", findings.Select(f => $"{f.Path} {f.Diagnostic.Span} {f.Diagnostic.Message}")));
        Assert.That(findings[0].Path, Is.EqualTo($"{InMemoryFileSystem.Root}/overlays/prod/kustomization.yaml"));
        Assert.That(findings[0].Diagnostic.Span, Is.EqualTo(overlay.Span));
    }

    [Test]
    public void A_finding_a_deletion_does_not_cause_stays_at_its_own_line()
    {
        var deployment = Markup.Parse(Deployment.Replace("name: app-config", "name: [|missing|]", StringComparison.Ordinal));
        var fileSystem = new InMemoryFileSystem()
            .Add("base/kustomization.yaml", "resources:\n  - deployment.yaml\n  - configmap.yaml\n")
            .Add("base/deployment.yaml", deployment.Text)
            .Add("base/configmap.yaml", ConfigMap)
            .Add("overlays/prod/kustomization.yaml", "namePrefix: prod-\nresources:\n  - ../../base\npatches:\n  - patch: |-\n      apiVersion: v1\n      kind: ConfigMap\n      metadata:\n        name: app-config\n      $patch: delete\n");

        var findings = FindingsWithPaths(fileSystem).Where(f => f.Diagnostic.Code == "non-existent-configmap").ToList();

        Assert.That(findings.Select(f => f.Path).Distinct(), Is.EqualTo(new[] { $"{InMemoryFileSystem.Root}/base/deployment.yaml" }));
        Assert.That(findings.Select(f => f.Diagnostic.Span).Distinct(), Is.EqualTo(new[] { deployment.Span }));
    }

    [TestCase("namePrefix: prod-\n")]
    [TestCase("namePrefix: prod-\nnamespace: prod\n")]
    [TestCase("nameSuffix: -v2\ncommonLabels:\n  tier: web\n")]
    public void A_config_map_deleted_in_a_middle_overlay_and_renamed_by_an_outer_one_is_reported_at_the_delete_directive(string outerFields)
    {
        var middle = Markup.Parse("""
            resources:
              - ../../base
            patches:
              - patch: |-
                  apiVersion: v1
                  kind: ConfigMap
                  metadata:
                    name: app-config
                  [|$patch: delete|]
            """);
        var fileSystem = WithBase()
            .Add("overlays/middle/kustomization.yaml", middle.Text)
            .Add("overlays/outer/kustomization.yaml", outerFields + "resources:\n  - ../middle\n");

        var all = FindingsWithPaths(fileSystem);
        var findings = all.Where(f => f.Diagnostic.Code == "non-existent-configmap").ToList();

        Assert.That(findings, Has.Count.EqualTo(1), string.Join("\n", all.Select(f => $"{f.Path} {f.Diagnostic.Code} {f.Diagnostic.Span} {f.Diagnostic.Message}")));
        Assert.That(findings[0].Path, Is.EqualTo($"{InMemoryFileSystem.Root}/overlays/middle/kustomization.yaml"));
        Assert.That(findings[0].Diagnostic.Span, Is.EqualTo(middle.Span));
        Assert.That(findings[0].Diagnostic.Message, Does.Contain("'app-config'").And.EndWith("(in overlays/outer)"));
    }

    [Test]
    public void A_config_map_deleted_in_an_overlay_that_a_flux_kustomization_prefixes_is_reported_at_the_delete_directive()
    {
        var overlay = Markup.Parse("""
            resources:
              - ../../base
            patches:
              - patch: |-
                  apiVersion: v1
                  kind: ConfigMap
                  metadata:
                    name: app-config
                  [|$patch: delete|]
            """);
        var fileSystem = WithBase()
            .Add("overlays/prod/kustomization.yaml", overlay.Text)
            .Add("clusters/prod/apps.yaml", "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./overlays/prod\n  prune: true\n  targetNamespace: prod\n  namePrefix: prod-\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n");

        var all = FindingsWithPaths(fileSystem);
        var findings = all.Where(f => f.Diagnostic.Code == "non-existent-configmap").ToList();

        Assert.That(findings, Has.Count.EqualTo(1), string.Join("\n", all.Select(f => $"{f.Path} {f.Diagnostic.Code} {f.Diagnostic.Span} {f.Diagnostic.Message}")));
        Assert.That(findings[0].Path, Is.EqualTo($"{InMemoryFileSystem.Root}/overlays/prod/kustomization.yaml"));
        Assert.That(findings[0].Diagnostic.Span, Is.EqualTo(overlay.Span));
    }

    /// <summary>The findings of every file with the file they are reported in, as a check of the whole repository reports them.</summary>
    private static List<(string Path, Diagnostic Diagnostic)> FindingsWithPaths(InMemoryFileSystem fileSystem)
    {
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem);
        return workspace.Files.Values.SelectMany(file => TestAnalysis.FullAnalyzer.Analyze(workspace, file).Diagnostics.Select(d => (file.Path, d))).ToList();
    }

    private static InMemoryFileSystem WithBase() => new InMemoryFileSystem()
        .Add("base/kustomization.yaml", "resources:\n  - deployment.yaml\n  - configmap.yaml\n  - service.yaml\n")
        .Add("base/deployment.yaml", Deployment)
        .Add("base/configmap.yaml", ConfigMap)
        .Add("base/service.yaml", Service);
}
