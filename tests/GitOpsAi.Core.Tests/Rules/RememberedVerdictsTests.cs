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
        // More images than a small table holds, so some take each other's slot (the table is a fixed size; images are hashed).
        var images = Enumerable.Range(0, 20_000)
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
    public void A_chart_version_is_judged_by_the_remembered_answer_exactly_as_the_range_parser_judges_it()
    {
        string[] versions = ["1.2.3", "v1.2.3", "=1.2.3", "1.2", "1", "*", "x", "", "^1.2.3", "~1.2.3", ">=1.0.0", ">=1.0.0 <2.0.0", ">=1.0.0, <1.1.0", "1.2.x", "latest", "1.2.3-rc.1", "^0.1.2"];
        ChartVersionParameters[] settings = [new(), new() { Allow = "exact" }, new() { Allow = "minor" }];

        var remembered = new RegexBudget();
        for (var round = 0; round < 2; round++)
        {
            foreach (var parameters in settings)
            {
                foreach (var version in versions)
                {
                    Assert.That(ChartVersionTemplate.LooseRemembered(remembered, parameters, version), Is.EqualTo(ChartVersionTemplate.Loose(version, parameters.Allow)), $"{version} with {parameters.Allow}");
                }
            }
        }

        Assert.That(versions.Count(v => ChartVersionTemplate.Loose(v, "patch") is not null), Is.GreaterThan(3), "versions of both answers");
    }

    [Test]
    public void Configurations_asked_in_turn_each_get_their_own_remembered_answers()
    {
        // More parameter sets than a thread keeps at hand, and two budgets, taking turns image by image: an answer
        // remembered for one configuration must never answer for another.
        ImageTagParameters[] settings =
        [
            new(), new() { AllowList = ["^ghcr\\.io/"] }, new() { BlockList = [":v2$"] }, new() { BlockList = ["nginx"] },
            new() { AllowList = ["redis"] }, new() { BlockList = [":latest$", "app"] },
        ];
        RegexBudget[] budgets = [new(), new()];
        string[] images = ["nginx", "nginx:latest", "ghcr.io/app:v2", "redis:v2", "app:1.2.3", "team/api:latest", "redis"];
        var plain = new RegexBudget();
        for (var round = 0; round < 3; round++)
        {
            foreach (var image in images)
            {
                foreach (var budget in budgets)
                {
                    foreach (var parameters in settings)
                    {
                        Assert.That(ImageTagTemplate.IsBlocked(budget, parameters, image), Is.EqualTo(ImageTagTemplate.MatchesBlockList(plain, parameters, image)), $"{image} with {parameters}");
                    }
                }
            }
        }

        Assert.That(settings.Length * budgets.Length, Is.GreaterThan(RememberedVerdicts.RecentTables));
    }

    [Test]
    public void A_value_is_classified_by_the_remembered_answer_exactly_as_the_detector_classifies_it()
    {
        var random = new Random(13);
        string[] names = ["DB_PASSWORD", "LOG_LEVEL", "API_TOKEN", "PASSWORD_FILE", "SECRET_NAME", "aws_secret_access_key", "url", "note"];
        string[] values =
        [
            "info", "hunter2", "s3cr3t-Xy9-abcdefgh", "${API_TOKEN}", "/etc/secret/password", "https://user:pa55word@db.example.com/x",
            "AKIAABCDEFGHIJKLMNOP", "ghp_" + new string('a', 36), "password=Tr0ub4dor&3", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlc2lnbmF0dXJl",
            "-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----", "true", "", "  spaced  ", "line one\npassword: letmein123\n",
        ];
        string RandomValue(int i) => random.Next(3) switch
        {
            0 => values[random.Next(values.Length)],
            1 => values[random.Next(values.Length)] + i,
            _ => Convert.ToBase64String(Enumerable.Range(0, random.Next(8, 40)).Select(_ => (byte)random.Next(256)).ToArray()),
        };
        // More values than a small table holds, so some take each other's slot (the table is a fixed size; values are hashed).
        var asked = Enumerable.Range(0, 20_000)
            .Select(i => (Name: random.Next(5) == 0 ? null : names[random.Next(names.Length)], Value: RandomValue(i)))
            .ToList();
        SecretValueParameters[] settings = [new(), new() { Evidence = ["highEntropy", "knownFormat"] }, new() { ReportAnyLiteral = true }];

        var remembered = new RegexBudget();
        foreach (var parameters in settings)
        {
            var plain = new RegexBudget();
            foreach (var (name, value) in asked.Concat(asked.AsEnumerable().Reverse()))
            {
                Assert.That(SecretValueTemplate.ClassifyRemembered(remembered, parameters, name, value), Is.EqualTo(SecretValueTemplate.Classify(plain, parameters, name, value)), $"{name}={value}");
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
