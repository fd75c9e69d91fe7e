using GitOpsAi.Core.Schemas;

namespace GitOpsAi.Core.Tests.Schemas;

/// <summary>
/// Our hand-written GitOps CRD schemas against the real upstream CRDs (../shared/crds): same field names, types,
/// required fields and enums wherever we describe a field.
/// </summary>
public sealed class BundledCrdSchemaTests
{
    public static IEnumerable<TestCaseData> BundledKinds() =>
        SchemaRegistry.Default.KnownKinds()
            .Where(k => k.Origin == SchemaOrigin.Bundled)
            .OrderBy(k => k.ApiVersion, StringComparer.Ordinal).ThenBy(k => k.Kind, StringComparer.Ordinal)
            .Select(k => new TestCaseData(k.ApiVersion, k.Kind).SetName($"Bundled schema of {k.Kind} {k.ApiVersion} agrees with the upstream CRD"));

    [TestCaseSource(nameof(BundledKinds))]
    public void Bundled_schema_agrees_with_the_upstream_crd(string apiVersion, string kind)
    {
        var ours = SchemaRegistry.Default.Find(apiVersion, kind)!;
        var upstream = UpstreamCrds.Find(apiVersion, kind);
        if (upstream is null)
        {
            Assert.Ignore($"No upstream CRD for {apiVersion} {kind} in ../shared/crds.");
        }

        var agreement = SchemaAgreement.Compare(ours.Root, upstream.Root);
        TestContext.Out.WriteLine($"{kind} {apiVersion}: describes {agreement.Coverage:P0} of the upstream fields.");
        Assert.That(agreement.Disagreements, Is.Empty, string.Join("\n", agreement.Disagreements));
    }

    [Test]
    public void Every_gitops_kind_the_issue_names_has_a_bundled_schema()
    {
        string[] required =
        [
            "kustomize.toolkit.fluxcd.io/v1 Kustomization", "helm.toolkit.fluxcd.io/v2 HelmRelease",
            "source.toolkit.fluxcd.io/v1 GitRepository", "source.toolkit.fluxcd.io/v1 HelmRepository", "source.toolkit.fluxcd.io/v1 OCIRepository",
            "source.toolkit.fluxcd.io/v1 Bucket", "source.toolkit.fluxcd.io/v1 HelmChart",
            "notification.toolkit.fluxcd.io/v1beta3 Alert", "notification.toolkit.fluxcd.io/v1beta3 Provider", "notification.toolkit.fluxcd.io/v1 Receiver",
            "image.toolkit.fluxcd.io/v1 ImageRepository", "image.toolkit.fluxcd.io/v1 ImagePolicy", "image.toolkit.fluxcd.io/v1 ImageUpdateAutomation",
            "bitnami.com/v1alpha1 SealedSecret",
            "external-secrets.io/v1 ExternalSecret", "external-secrets.io/v1 SecretStore", "external-secrets.io/v1 ClusterSecretStore", "external-secrets.io/v1 ClusterExternalSecret",
            "flagger.app/v1beta1 Canary",
            "kyverno.io/v1 ClusterPolicy", "kyverno.io/v1 Policy",
            "cert-manager.io/v1 Certificate", "cert-manager.io/v1 Issuer", "cert-manager.io/v1 ClusterIssuer",
            "argoproj.io/v1alpha1 Application",
            "kustomize.config.k8s.io/v1beta1 Kustomization", "kustomize.config.k8s.io/v1alpha1 Component",
        ];

        var missing = required.Where(entry =>
        {
            var parts = entry.Split(' ');
            return SchemaRegistry.Default.Find(parts[0], parts[1]) is not { Origin: SchemaOrigin.Bundled };
        });

        Assert.That(missing, Is.Empty);
    }
}
