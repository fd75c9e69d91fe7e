using System.Text.RegularExpressions;
using GitOpsAi.Core.Kustomize;

namespace GitOpsAi.Core.Tests.Kustomize;

/// <summary>The cheap prefix test in front of an images entry's regular expression never changes what it matches.</summary>
public sealed class ImageMatcherTests
{
    private static bool Matches(string name, string image) =>
        new ImageMatcher(name, new Regex("^" + name + "(@sha256)?(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$", RegexOptions.CultureInvariant)).IsMatch(image);

    [TestCase("nginx", "nginx", true)]
    [TestCase("nginx", "nginx:1.27", true)]
    [TestCase("nginx", "nginx@sha256:abc", true)]
    [TestCase("nginx", "nginx-exporter:1.0", false)]
    [TestCase("nginx", "envoy:1.0", false)]
    [TestCase("nginx", "ngin", false)]
    [TestCase("ghcr.io/org/app", "ghcr.io/org/app:2", true)]
    [TestCase("ghcr.io/org/app", "ghcrxio/org/app:2", true)] // the dot is a pattern character, as in kustomize
    [TestCase("ghcr.io/org/app", "docker.io/org/app:2", false)]
    [TestCase("ngi.x", "ngi\nx", false)]
    [TestCase("ng.*", "nginx:1", true)] // not plain: the regular expression decides
    [TestCase("(nginx|envoy)", "envoy:1", true)]
    [TestCase("", ":1", true)]
    public void An_image_matches_exactly_when_kustomizes_pattern_does(string name, string image, bool expected)
    {
        var byPattern = Regex.IsMatch(image, "^" + name + "(@sha256)?(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$", RegexOptions.CultureInvariant);

        Assert.That(byPattern, Is.EqualTo(expected));
        Assert.That(Matches(name, image), Is.EqualTo(expected));
    }
}
