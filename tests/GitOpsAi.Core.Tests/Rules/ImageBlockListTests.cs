using System.Text.RegularExpressions;
using GitOpsAi.Core.Rules.Templates;
using GitOpsAi.Core.Text;

namespace GitOpsAi.Core.Tests.Rules;

/// <summary>The default block list of the image-tag rule is read off the string; its verdicts must be the patterns' (issue 13).</summary>
public sealed class ImageBlockListTests
{
    private static bool PatternsBlock(ImageTagParameters parameters, string image) =>
        !parameters.AllowList.Any(p => Regex.IsMatch(image, p, RegexOptions.CultureInvariant))
        && parameters.BlockList.Any(p => Regex.IsMatch(image, p, RegexOptions.CultureInvariant));

    [Test]
    public void The_default_block_list_blocks_exactly_the_images_its_patterns_match()
    {
        // Short strings over the characters the patterns care about, line breaks included, and ordinary image names.
        var random = new Random(13);
        string[] pieces = ["a", "/", ":", "latest", ":latest", "\n", "@sha256:ab", "x.io", "5000", ""];
        var images = Enumerable.Range(0, 30_000)
            .Select(_ => string.Concat(Enumerable.Range(0, random.Next(0, 6)).Select(_ => pieces[random.Next(pieces.Length)])))
            .Concat(["nginx", "nginx:latest", "nginx:1.27", "registry:5000/app", "registry:5000/app:v1", "ghcr.io/team/api", "a/", "a:/", "a:b/", "a:b/c", ":latest", "x:latest\n", "x\n", ""])
            .ToList();
        var parameters = new ImageTagParameters();
        var regexes = new RegexBudget();

        foreach (var image in images)
        {
            Assert.That(ImageTagTemplate.MatchesBlockList(regexes, parameters, image), Is.EqualTo(PatternsBlock(parameters, image)), image.Replace("\n", "\\n"));
        }

        Assert.That(images.Count(i => !i.Contains('\n') && ImageTagTemplate.DefaultBlockListMatches(i)), Is.GreaterThan(1000), "both verdicts are common");
        Assert.That(images.Count(i => !i.Contains('\n') && !ImageTagTemplate.DefaultBlockListMatches(i)), Is.GreaterThan(1000));
    }

    [Test]
    public void Another_block_list_or_an_allow_list_is_matched_by_its_own_patterns()
    {
        var regexes = new RegexBudget();
        ImageTagParameters[] settings =
        [
            new() { BlockList = [".*:(latest)$"] },
            new() { AllowList = ["^nginx"] },
            new() { BlockList = [".*:(latest)$", "^((?!:).)*$", "^(.*/[^:]+)$", ":v2$"] },
        ];
        string[] images = ["nginx", "nginx:latest", "app:v2", "ghcr.io/app", "app:1.0"];

        foreach (var parameters in settings)
        {
            foreach (var image in images)
            {
                Assert.That(ImageTagTemplate.MatchesBlockList(regexes, parameters, image), Is.EqualTo(PatternsBlock(parameters, image)), $"{image} with {string.Join(", ", parameters.BlockList)}");
            }
        }

        Assert.That(ImageTagTemplate.MatchesBlockList(regexes, settings[0], "nginx"), Is.False, "an image without a tag is blocked by the default list only");
    }
}
