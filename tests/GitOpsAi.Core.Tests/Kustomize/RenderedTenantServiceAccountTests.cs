namespace GitOpsAi.Core.Tests.Kustomize;

/// <summary>
/// flux-tenant-service-account stays on the files as written (docs/rules.md says why): the tenant paths are matched
/// against the file an object is written in, which a rendered object does not have.
/// </summary>
public sealed class RenderedTenantServiceAccountTests
{
    private const string Rules = "settings:\n  tenantPaths:\n    - tenants/\n";

    private const string HelmRelease = "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: podinfo\nspec:\n  interval: 10m\n  chart:\n    spec:\n      chart: podinfo\n      sourceRef:\n        kind: HelmRepository\n        name: podinfo\n";

    [Test]
    public void A_helm_release_written_in_a_tenant_path_is_reported_at_its_own_file_only()
    {
        var fileSystem = new InMemoryFileSystem()
            .Add(".gitops-ai/rules.yaml", Rules)
            .Add("tenants/team-a/base/kustomization.yaml", "resources:\n  - release.yaml\n")
            .Add("tenants/team-a/base/release.yaml", HelmRelease)
            .Add("tenants/team-a/overlays/prod/kustomization.yaml", "namespace: team-a\nresources:\n  - ../../base\n");

        Assert.That(TestAnalysis.AnalyzeAll(fileSystem, "tenants/team-a/base/release.yaml").Count(d => d.Code == "flux-tenant-service-account"), Is.EqualTo(1));
        Assert.That(TestAnalysis.AnalyzeAll(fileSystem, "tenants/team-a/overlays/prod/kustomization.yaml").Where(d => d.Code == "flux-tenant-service-account"), Is.Empty);
    }

    [Test]
    public void A_shared_helm_release_that_a_tenant_overlay_includes_is_not_reported_through_the_overlay()
    {
        var fileSystem = new InMemoryFileSystem()
            .Add(".gitops-ai/rules.yaml", Rules)
            .Add("shared/podinfo/kustomization.yaml", "resources:\n  - release.yaml\n")
            .Add("shared/podinfo/release.yaml", HelmRelease)
            .Add("tenants/team-a/kustomization.yaml", "namespace: team-a\nresources:\n  - ../../shared/podinfo\n");

        var all = new[] { "shared/podinfo/release.yaml", "shared/podinfo/kustomization.yaml", "tenants/team-a/kustomization.yaml" }
            .SelectMany(path => TestAnalysis.AnalyzeAll(fileSystem, path));

        Assert.That(all.Where(d => d.Code == "flux-tenant-service-account"), Is.Empty);
    }
}
