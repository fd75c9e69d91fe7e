using GitOpsAi.Core.Kustomize;

namespace GitOpsAi.Core.Tests.Kustomize;

/// <summary>
/// A field spec's kind, group and version test reads the object's apiVersion as spans (no group or version string cut
/// out per spec and object); it must say what cutting the strings out said for every shape of apiVersion.
/// </summary>
public sealed class FieldSpecAppliesTests
{
    private static readonly string?[] ApiVersions = [null, "", "v1", "apps/v1", "/v1", "example.com/v2", "example.com", "a/b/c", "apps/"];
    private static readonly string?[] Groups = [null, "", "apps", "example.com", "a"];
    private static readonly string?[] Versions = [null, "", "v1", "v2", "b/c", "example.com"];

    /// <summary>The definition as it was written before: the group and the version cut out as strings.</summary>
    private static bool AsStrings(FieldSpec spec, string? kind, string? apiVersion)
    {
        var group = apiVersion is not null && apiVersion.IndexOf('/') is var slash and > 0 ? apiVersion[..slash] : string.Empty;
        var version = apiVersion is null ? null : apiVersion[(apiVersion.IndexOf('/') + 1)..];
        return (spec.Kind is null || spec.Kind == kind) && (spec.Group is null || spec.Group == group) && (spec.Version is null || spec.Version == version);
    }

    [Test]
    public void Every_kind_group_and_version_combination_is_judged_as_the_string_definition_judges_it()
    {
        var disagreements = new List<string>();
        foreach (var group in Groups)
        {
            foreach (var version in Versions)
            {
                foreach (var specKind in new[] { null, "Deployment" })
                {
                    var spec = new FieldSpec(specKind, group, version, "metadata/labels", Create: false);
                    foreach (var apiVersion in ApiVersions)
                    {
                        foreach (var kind in new[] { null, "Deployment", "Service" })
                        {
                            if (spec.Applies(kind, apiVersion) != AsStrings(spec, kind, apiVersion))
                            {
                                disagreements.Add($"{spec} on {kind} {apiVersion ?? "(null)"}");
                            }
                        }
                    }
                }
            }
        }

        Assert.That(disagreements, Is.Empty);
    }

    [Test]
    public void A_spec_for_the_apps_group_and_v1_applies_to_apps_v1_only()
    {
        var spec = new FieldSpec("Deployment", "apps", "v1", "spec/replicas", Create: true);

        Assert.Multiple(() =>
        {
            Assert.That(spec.Applies("Deployment", "apps/v1"), Is.True);
            Assert.That(spec.Applies("Deployment", "apps/v1beta2"), Is.False);
            Assert.That(spec.Applies("Deployment", "extensions/v1"), Is.False);
            Assert.That(spec.Applies("Deployment", "v1"), Is.False);
            Assert.That(spec.Applies("StatefulSet", "apps/v1"), Is.False);
        });
    }
}
