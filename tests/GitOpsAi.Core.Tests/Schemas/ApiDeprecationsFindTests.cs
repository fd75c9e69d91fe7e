using GitOpsAi.Core.Schemas;

namespace GitOpsAi.Core.Tests.Schemas;

/// <summary>The deprecation lookup by apiVersion gives what scanning the two lists in order gives (issue 13).</summary>
public sealed class ApiDeprecationsFindTests
{
    [Test]
    public void Every_apiVersion_and_kind_of_the_lists_finds_the_first_entry_that_applies_with_Kubernetes_before_Flux()
    {
        var all = ApiDeprecations.Kubernetes.Concat(ApiDeprecations.Flux).ToList();
        var apiVersions = all.Select(d => d.ApiVersion).Append("apps/v1").Append("v1").Append("EXTENSIONS/v1beta1").Distinct();
        var kinds = all.SelectMany(d => d.Kinds).Append("Deployment").Append("Alert").Append("Unknown").Append("").Distinct();

        foreach (var apiVersion in apiVersions)
        {
            foreach (var kind in kinds)
            {
                var scanned = ApiDeprecations.Kubernetes.FirstOrDefault(d => d.Applies(apiVersion, kind)) ?? ApiDeprecations.Flux.FirstOrDefault(d => d.Applies(apiVersion, kind));
                Assert.That(ApiDeprecations.Find(apiVersion, kind), Is.SameAs(scanned), $"{apiVersion} {kind}");
            }
        }
    }

    [Test]
    public void A_removed_apiVersion_is_found_and_a_served_one_is_not()
    {
        Assert.That(ApiDeprecations.Find("extensions/v1beta1", "Deployment")?.Replacement, Is.EqualTo("apps/v1"));
        Assert.That(ApiDeprecations.Find("extensions/v1beta1", "NetworkPolicy")?.Replacement, Is.EqualTo("networking.k8s.io/v1"));
        Assert.That(ApiDeprecations.Find("apps/v1", "Deployment"), Is.Null);
    }
}
