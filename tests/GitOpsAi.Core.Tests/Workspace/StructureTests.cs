namespace GitOpsAi.Core.Tests.Workspace;

public sealed class StructureTests
{
    private const string ConfigMap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n";

    [Test]
    public void A_missing_kustomization_resource_is_an_error_at_its_list_entry()
    {
        var markup = Markup.Parse("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - config.yaml\n  - [|missing.yaml|]\n");
        var fileSystem = new InMemoryFileSystem().Add("app/kustomization.yaml", markup.Text).Add("app/config.yaml", ConfigMap);

        var diagnostic = TestAnalysis.AnalyzeFile(fileSystem, "app/kustomization.yaml").Single(d => d.Severity == DiagnosticSeverity.Error);

        Assert.That(diagnostic.Code, Is.EqualTo("kustomize-path-not-found"));
        Assert.That(diagnostic.Span, Is.EqualTo(markup.Span));
        Assert.That(diagnostic.Message, Does.Contain("app/missing.yaml"));
    }

    [Test]
    public void A_resource_directory_must_hold_a_kustomization()
    {
        var markup = Markup.Parse("resources:\n  - ../base\n  - [|../plain|]\n");
        var fileSystem = new InMemoryFileSystem()
            .Add("overlay/kustomization.yaml", markup.Text)
            .Add("base/kustomization.yaml", "resources:\n  - config.yaml\n")
            .Add("base/config.yaml", ConfigMap)
            .Add("plain/config.yaml", ConfigMap);

        var diagnostic = TestAnalysis.AnalyzeFile(fileSystem, "overlay/kustomization.yaml").Single(d => d.Severity == DiagnosticSeverity.Error);

        Assert.That(diagnostic.Code, Is.EqualTo("kustomize-missing-kustomization"));
        Assert.That(diagnostic.Span, Is.EqualTo(markup.Span));
    }

    [Test]
    public void A_directory_given_where_a_file_is_expected_is_an_error()
    {
        var markup = Markup.Parse("resources:\n  - ../base\npatches:\n  - path: [|patches|]\n");
        var fileSystem = new InMemoryFileSystem()
            .Add("overlay/kustomization.yaml", markup.Text)
            .Add("overlay/patches/replicas.yaml", ConfigMap)
            .Add("base/kustomization.yaml", "resources: []\n");

        var diagnostic = TestAnalysis.AnalyzeFile(fileSystem, "overlay/kustomization.yaml").Single(d => d.Severity == DiagnosticSeverity.Error);

        Assert.That(diagnostic.Code, Is.EqualTo("kustomize-expected-file"));
        Assert.That(diagnostic.Span, Is.EqualTo(markup.Span));
    }

    [Test]
    public void Generator_files_with_a_key_prefix_and_remote_resources_are_resolved_correctly()
    {
        var text = """
            resources:
              - https://github.com/fluxcd/flux2/manifests/install?ref=v2.4.0
              - github.com/example/repo//deploy?ref=main
            configMapGenerator:
              - name: settings
                files:
                  - config.json=settings/config.json
                  - settings/extra.conf
                envs:
                  - settings/.env
            """;
        var fileSystem = new InMemoryFileSystem()
            .Add("kustomization.yaml", text)
            .Add("settings/config.json", "{}")
            .Add("settings/extra.conf", "x=1")
            .Add("settings/.env", "A=1");

        Assert.That(TestAnalysis.AnalyzeFile(fileSystem, "kustomization.yaml").Problems(), Is.Empty);
    }

    [Test]
    public void A_patch_file_is_validated_as_a_fragment_without_required_field_errors()
    {
        var patch = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n";
        var fileSystem = new InMemoryFileSystem()
            .Add("kustomization.yaml", "resources:\n  - deployment.yaml\npatches:\n  - path: replicas-patch.yaml\npatchesStrategicMerge:\n  - other-patch.yaml\n")
            .Add("deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec:\n      containers: [{name: web, image: nginx}]\n")
            .Add("replicas-patch.yaml", patch)
            .Add("other-patch.yaml", patch.Replace("replicas: 3", "$patch: replace\n  replicas: 1", StringComparison.Ordinal));

        Assert.That(TestAnalysis.AnalyzeFile(fileSystem, "replicas-patch.yaml"), Is.Empty);
        Assert.That(TestAnalysis.AnalyzeFile(fileSystem, "other-patch.yaml"), Is.Empty);
    }

    [Test]
    public void A_patch_is_still_checked_for_unknown_fields()
    {
        var markup = Markup.Parse("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  [|replica|]: 3\n");
        var fileSystem = new InMemoryFileSystem()
            .Add("kustomization.yaml", "patches:\n  - path: patch.yaml\n")
            .Add("patch.yaml", markup.Text);

        var diagnostic = TestAnalysis.AnalyzeFile(fileSystem, "patch.yaml").Single();

        Assert.That(diagnostic.Code, Is.EqualTo("schema-unknown-field"));
        Assert.That(diagnostic.Span, Is.EqualTo(markup.Span));
    }

    [Test]
    public void A_flux_kustomization_path_that_does_not_exist_is_an_error_at_that_line()
    {
        var markup = Markup.Parse("""
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata:
              name: apps
              namespace: flux-system
            spec:
              interval: 10m
              path: [|./apps/staging|]
              prune: true
              sourceRef:
                kind: GitRepository
                name: flux-system
            """);
        var fileSystem = new InMemoryFileSystem()
            .Add("clusters/staging/apps.yaml", markup.Text)
            .Add("apps/production/kustomization.yaml", "resources: []\n");

        var diagnostic = TestAnalysis.AnalyzeFile(fileSystem, "clusters/staging/apps.yaml").Single(d => d.Severity == DiagnosticSeverity.Error);

        Assert.That(diagnostic.Code, Is.EqualTo("flux-path-not-found"));
        Assert.That(diagnostic.Span, Is.EqualTo(markup.Span));
    }

    [Test]
    public void A_flux_path_is_resolved_from_the_repository_root_and_other_sources_are_not_checked()
    {
        var kustomization = """
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata: {name: apps, namespace: flux-system}
            spec:
              interval: 10m
              path: PATH
              prune: true
              sourceRef: {kind: KIND, name: NAME}
            """;
        var fileSystem = new InMemoryFileSystem()
            .Add("clusters/prod/apps.yaml", kustomization.Replace("PATH", "./apps/prod").Replace("KIND", "GitRepository").Replace("NAME", "flux-system"))
            .Add("clusters/prod/tenant.yaml", kustomization.Replace("PATH", "./deploy").Replace("KIND", "GitRepository").Replace("NAME", "tenant-repo"))
            .Add("clusters/prod/tenant-source.yaml", "apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: tenant-repo}\nspec: {interval: 1m, url: https://example.com/tenant}\n")
            .Add("clusters/prod/artifact.yaml", kustomization.Replace("PATH", "./controllers").Replace("KIND", "ExternalArtifact").Replace("NAME", "infra"))
            .Add("apps/prod/kustomization.yaml", "resources: []\n");

        foreach (var file in new[] { "clusters/prod/apps.yaml", "clusters/prod/tenant.yaml", "clusters/prod/artifact.yaml" })
        {
            Assert.That(TestAnalysis.AnalyzeFile(fileSystem, file).Where(d => d.Code == "flux-path-not-found"), Is.Empty, file);
        }
    }

    [Test]
    public void A_kustomization_file_without_api_version_or_kind_is_recognised_by_its_name()
    {
        var markup = Markup.Parse("resources:\n  - [|gone.yaml|]\n");
        var fileSystem = new InMemoryFileSystem().Add("kustomization.yaml", markup.Text);

        var diagnostic = TestAnalysis.AnalyzeFile(fileSystem, "kustomization.yaml").Single(d => d.Severity == DiagnosticSeverity.Error);

        Assert.That(diagnostic.Code, Is.EqualTo("kustomize-path-not-found"));
        Assert.That(diagnostic.Span, Is.EqualTo(markup.Span));
    }

    [Test]
    public void A_kustomization_file_with_a_kind_but_no_api_version_is_accepted_as_kustomize_does()
    {
        var fileSystem = new InMemoryFileSystem()
            .Add("kustomization.yaml", "kind: Kustomization\nresources:\n  - config.yaml\n")
            .Add("component/kustomization.yaml", "kind: Component\nresources: []\n")
            .Add("config.yaml", ConfigMap);

        Assert.That(TestAnalysis.AnalyzeFile(fileSystem, "kustomization.yaml"), Is.Empty);
        Assert.That(TestAnalysis.AnalyzeFile(fileSystem, "component/kustomization.yaml"), Is.Empty);
    }

    [Test]
    public void A_crd_in_the_workspace_becomes_a_schema_for_its_kind()
    {
        var crd = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: widgets.example.com}
            spec:
              group: example.com
              names: {kind: Widget, plural: widgets}
              scope: Namespaced
              versions:
                - name: v1
                  served: true
                  storage: true
                  schema:
                    openAPIV3Schema:
                      type: object
                      properties:
                        spec:
                          type: object
                          required: [size]
                          properties:
                            size: {type: integer}
                            color: {type: string, enum: [red, blue]}
            """;
        var markup = Markup.Parse("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec:\n  size: 3\n  [|colour|]: red\n");
        var fileSystem = new InMemoryFileSystem().Add("crds/widget.yaml", crd).Add("widget.yaml", markup.Text);

        var diagnostic = TestAnalysis.AnalyzeFile(fileSystem, "widget.yaml").Single();

        Assert.That(diagnostic.Code, Is.EqualTo("schema-unknown-field"));
        Assert.That(diagnostic.Span, Is.EqualTo(markup.Span));
        Assert.That(diagnostic.Message, Does.Contain("did you mean 'color'"));
    }

    [Test]
    public void A_configured_folder_of_extra_schemas_is_honoured()
    {
        var schema = """{"x-kubernetes-group-version-kind":[{"group":"example.com","version":"v1","kind":"Gadget"}],"type":"object","properties":{"spec":{"type":"object","additionalProperties":false,"properties":{"size":{"type":"integer"}}}}}""";
        var markup = Markup.Parse("apiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: g}\nspec:\n  size: [|big|]\n");
        var fileSystem = new InMemoryFileSystem().Add("schemas/gadget.json", schema).Add("gadget.yaml", markup.Text);

        var diagnostics = TestAnalysis.AnalyzeFile(fileSystem, "gadget.yaml", new GitOpsAi.Core.Workspace.WorkspaceOptions { ExtraSchemaFolders = ["schemas"] });

        Assert.That(diagnostics.Single().Code, Is.EqualTo("schema-type-mismatch"));
        Assert.That(diagnostics.Single().Span, Is.EqualTo(markup.Span));
    }
}

public sealed class InlinePatchDefaultsTests
{
    private const string Parent = """
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata: {name: cluster-apps, namespace: flux-system}
        spec:
          interval: 1h
          path: ./apps
          prune: true
          sourceRef: {kind: GitRepository, name: flux-system}
          patches:
            - patch: |-
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata:
                  name: _
                spec:
                  interval: 30m
                  prune: true
              target:
                kind: Kustomization
        """;

    private const string Child = """
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata: {name: app, namespace: flux-system}
        spec:
          path: ./apps/app
          sourceRef: {kind: OCIRepository, name: app}
        """;

    [Test]
    public void Required_fields_that_a_parent_kustomization_patches_in_are_not_reported_missing()
    {
        var fileSystem = new InMemoryFileSystem().Add("clusters/apps.yaml", Parent).Add("apps/app/ks.yaml", Child);

        Assert.That(TestAnalysis.AnalyzeFile(fileSystem, "apps/app/ks.yaml").Problems(), Is.Empty);
    }

    [Test]
    public void Without_the_parent_patch_the_same_child_is_missing_its_required_fields()
    {
        var fileSystem = new InMemoryFileSystem().Add("apps/app/ks.yaml", Child);

        var missing = TestAnalysis.AnalyzeFile(fileSystem, "apps/app/ks.yaml").Where(d => d.Code == "schema-required-field").Select(d => d.Properties!["field"]);

        Assert.That(missing, Is.EquivalentTo(new[] { "interval", "prune" }));
    }
}
