using GitOpsAi.Core.Rules.Templates;

namespace GitOpsAi.Core.Tests.Rules;

/// <summary>Answers remembered per configuration are the answers the patterns give (issue 13).</summary>
public sealed class RememberedVerdictsTests
{
    [Test]
    public void An_image_is_blocked_by_the_remembered_answer_exactly_when_the_lists_block_it()
    {
        var random = new Random(5);
        string[] registries = ["", "ghcr.io/", "registry:5000/", "docker.io/library/"];
        string[] names = ["nginx", "app", "team/api", "redis"];
        string[] tags = ["", ":latest", ":1.2.3", ":v2", "@sha256:abc", ":latest@sha256:abc", ":${TAG}", ":"];
        var images = Enumerable.Range(0, RememberedVerdicts.MaxValues + 2_000)
            .Select(i => registries[random.Next(registries.Length)] + names[random.Next(names.Length)] + (i % 3 == 0 ? i.ToString() : "") + tags[random.Next(tags.Length)])
            .ToList();
        ImageTagParameters[] settings = [new(), new() { AllowList = ["^ghcr\\.io/"] }, new() { BlockList = [":v2$"] }];

        var remembered = new RegexBudget();
        foreach (var parameters in settings)
        {
            var plain = new RegexBudget();
            foreach (var image in images.Concat(images))
            {
                Assert.That(ImageTagTemplate.IsBlocked(remembered, parameters, image), Is.EqualTo(ImageTagTemplate.MatchesBlockList(plain, parameters, image)), image);
            }
        }
    }

    [Test]
    public void The_default_block_list_still_blocks_latest_and_untagged_images_when_asked_again()
    {
        var budget = new RegexBudget();
        var parameters = new ImageTagParameters();

        foreach (var _ in Enumerable.Range(0, 2))
        {
            Assert.That(ImageTagTemplate.IsBlocked(budget, parameters, "nginx:latest"), Is.True);
            Assert.That(ImageTagTemplate.IsBlocked(budget, parameters, "nginx"), Is.True);
            Assert.That(ImageTagTemplate.IsBlocked(budget, parameters, "nginx:1.27"), Is.False);
        }
    }
}
