using GitOpsAi.Core.Language;

namespace GitOpsAi.Core.Tests.Language;

public sealed class DefinitionServiceTests
{
    private static IReadOnlyList<DefinitionTarget> Find(string markup, string path, InMemoryFileSystem otherFiles)
    {
        var marked = MarkedFile.Load(markup, path, otherFiles);
        return DefinitionService.Find(marked.Workspace, marked.File, marked.Offset);
    }

    private static DefinitionTarget At(string relativePath, TextSpan span) => new(InMemoryFileSystem.PathOf(relativePath), span);

    private static DefinitionTarget StartOf(string relativePath) => At(relativePath, new TextSpan(0, 0));

    /// <summary>A Deployment in namespace prod whose pod spec holds <paramref name="podSpecLines"/> (indented six spaces).</summary>
    private static string Deployment(string podSpecLines) =>
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: prod}\nspec:\n  template:\n    spec:\n" + podSpecLines + "\n";

    [Test]
    public void A_kustomization_resource_entry_leads_to_the_file()
    {
        var files = new InMemoryFileSystem().Add("app/deployment.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");

        var targets = Find("resources:\n  - deploy$$ment.yaml\n", "app/kustomization.yaml", files);

        Assert.That(targets, Is.EqualTo(new[] { StartOf("app/deployment.yaml") }));
    }

    [Test]
    public void A_kustomization_resource_directory_leads_to_its_kustomization()
    {
        var files = new InMemoryFileSystem()
            .Add("base/kustomization.yaml", "resources:\n  - config.yaml\n")
            .Add("base/config.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");

        var targets = Find("resources:\n  - ../ba$$se\n", "overlay/kustomization.yaml", files);

        Assert.That(targets, Is.EqualTo(new[] { StartOf("base/kustomization.yaml") }));
    }

    [Test]
    public void A_flux_path_leads_to_the_first_file_of_a_directory_without_kustomization()
    {
        var files = new InMemoryFileSystem()
            .Add("apps/web.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web}\n")
            .Add("apps/api.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: api}\n");
        const string flux = """
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata: {name: apps, namespace: flux-system}
            spec:
              interval: 10m
              path: ./ap$$ps
              prune: true
              sourceRef: {kind: GitRepository, name: flux-system}
            """;

        var targets = Find(flux, "clusters/prod/apps.yaml", files);

        Assert.That(targets, Is.EqualTo(new[] { StartOf("apps/api.yaml") }));
    }

    [Test]
    public void A_flux_path_leads_to_the_kustomization_of_its_directory()
    {
        var files = new InMemoryFileSystem()
            .Add("apps/api.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: api}\n")
            .Add("apps/kustomization.yaml", "resources:\n  - api.yaml\n");

        var targets = Find("apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nspec:\n  path: ./a$$pps\n  sourceRef: {kind: GitRepository, name: flux-system}\n", "clusters/apps.yaml", files);

        Assert.That(targets, Is.EqualTo(new[] { StartOf("apps/kustomization.yaml") }));
    }

    [Test]
    public void A_flux_source_ref_leads_to_the_git_repository_object()
    {
        var source = Markup.Parse("apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: [|platform|]\n  namespace: flux-system\nspec:\n  url: https://example.com/platform\n");
        var files = new InMemoryFileSystem().Add("sources/platform.yaml", source.Text);
        const string flux = """
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata: {name: apps, namespace: flux-system}
            spec:
              sourceRef:
                kind: GitRepository
                name: plat$$form
            """;

        var targets = Find(flux, "apps.yaml", files);

        Assert.That(targets, Is.EqualTo(new[] { At("sources/platform.yaml", source.Span) }));
    }

    [Test]
    public void A_flux_source_ref_of_another_kind_does_not_lead_to_a_git_repository_of_that_name()
    {
        var files = new InMemoryFileSystem().Add("sources/platform.yaml", "apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: platform}\n");

        var targets = Find("apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nspec:\n  sourceRef:\n    kind: OCIRepository\n    name: plat$$form\n", "apps.yaml", files);

        Assert.That(targets, Is.Empty);
    }

    [Test]
    public void A_flux_depends_on_entry_leads_to_the_kustomization_it_names()
    {
        var infra = Markup.Parse("apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: [|infra|]\n  namespace: flux-system\n");
        var files = new InMemoryFileSystem().Add("infra.yaml", infra.Text);

        var targets = Find("apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: apps, namespace: flux-system}\nspec:\n  dependsOn:\n    - name: inf$$ra\n", "apps.yaml", files);

        Assert.That(targets, Is.EqualTo(new[] { At("infra.yaml", infra.Span) }));
    }

    [Test]
    public void A_config_map_ref_leads_to_the_config_map()
    {
        var settings = Markup.Parse("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [|settings|]\n  namespace: prod\ndata: {mode: fast}\n");
        var files = new InMemoryFileSystem().Add("settings.yaml", settings.Text);
        var deployment = Deployment("""
                  containers:
                    - name: web
                      envFrom:
                        - configMapRef:
                            name: sett$$ings
            """);

        var targets = Find(deployment, "deployment.yaml", files);

        Assert.That(targets, Is.EqualTo(new[] { At("settings.yaml", settings.Span) }));
    }

    [Test]
    public void A_secret_key_ref_leads_to_the_sealed_secret_that_produces_the_secret()
    {
        var sealedSecret = Markup.Parse("apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: [|db|]\n  namespace: prod\nspec:\n  encryptedData: {password: AgB=}\n");
        var files = new InMemoryFileSystem().Add("db-sealed.yaml", sealedSecret.Text);
        var deployment = Deployment("""
                  containers:
                    - name: web
                      env:
                        - name: PASSWORD
                          valueFrom:
                            secretKeyRef: {name: d$$b, key: password}
            """);

        var targets = Find(deployment, "deployment.yaml", files);

        Assert.That(targets, Is.EqualTo(new[] { At("db-sealed.yaml", sealedSecret.Span) }));
    }

    [Test]
    public void A_service_account_name_leads_to_the_service_account()
    {
        var account = Markup.Parse("apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: [|web|]\n");
        var files = new InMemoryFileSystem().Add("rbac.yaml", account.Text);

        var targets = Find(Deployment("      serviceAccountName: w$$eb\n      containers: []"), "deployment.yaml", files);

        Assert.That(targets, Is.EqualTo(new[] { At("rbac.yaml", account.Span) }));
    }

    [Test]
    public void A_reference_prefers_the_object_in_the_same_namespace()
    {
        var prod = Markup.Parse("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [|settings|]\n  namespace: prod\n");
        var files = new InMemoryFileSystem()
            .Add("staging/settings.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: staging\n")
            .Add("prod/settings.yaml", prod.Text);
        var deployment = Deployment("""
                  volumes:
                    - name: config
                      configMap: {name: settin$$gs}
            """);

        var targets = Find(deployment, "deployment.yaml", files);

        Assert.That(targets, Is.EqualTo(new[] { At("prod/settings.yaml", prod.Span) }));
    }

    [Test]
    public void A_reference_to_an_object_not_in_the_workspace_has_no_definition()
    {
        var files = new InMemoryFileSystem().Add("settings.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n");
        var deployment = Deployment("""
                  containers:
                    - name: web
                      envFrom:
                        - configMapRef: {name: miss$$ing}
            """);

        Assert.That(Find(deployment, "deployment.yaml", files), Is.Empty);
    }

    [Test]
    public void A_field_that_names_nothing_has_no_definition()
    {
        var files = new InMemoryFileSystem().Add("web.yaml", "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: web}\n");

        Assert.That(Find(Deployment("      hostname: w$$eb\n      containers: []"), "deployment.yaml", files), Is.Empty);
    }
}
