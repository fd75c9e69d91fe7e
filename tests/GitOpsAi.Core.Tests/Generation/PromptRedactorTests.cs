using GitOpsAi.Core.Generation;

namespace GitOpsAi.Core.Tests.Generation;

public sealed class PromptRedactorTests
{
    [Test]
    public void Secret_data_and_sealed_payloads_lose_their_values_but_keep_their_keys()
    {
        var redacted = PromptRedactor.Redact("kind: Secret\ndata:\n  password: aHVudGVyMg==\nstringData:\n  user: admin\n---\nkind: SealedSecret\nspec:\n  encryptedData:\n    token: AgBxyz\n");

        Assert.That(redacted, Is.EqualTo("kind: Secret\ndata:\n  password: \"<redacted>\"\nstringData:\n  user: \"<redacted>\"\n---\nkind: SealedSecret\nspec:\n  encryptedData:\n    token: \"<redacted>\"\n"));
    }

    [Test]
    public void Secret_looking_env_values_and_annotations_go_and_ordinary_values_stay()
    {
        const string text = """
            metadata:
              annotations:
                ci/token: ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789
                owner: team-a
            spec:
              containers:
                - image: ghcr.io/acme/api:1.0.0
                  env:
                    - {name: DB_PASSWORD, value: Sup3r-Secret-Passw0rd!}
                    - {name: LOG_LEVEL, value: info}
            """;

        var redacted = PromptRedactor.Redact(text);

        Assert.That(redacted, Does.Not.Contain("ghp_").And.Not.Contain("Sup3r"));
        Assert.That(redacted, Does.Contain("owner: team-a").And.Contain("value: info").And.Contain("image: ghcr.io/acme/api:1.0.0"));
    }

    [Test]
    public void Text_that_is_not_yaml_is_redacted_line_by_line()
    {
        var redacted = PromptRedactor.Redact("key: [unclosed\npassword: hunter2-hunter2\nmode: fast\n");

        Assert.That(redacted, Is.EqualTo("key: [unclosed\npassword: \"<redacted>\"\nmode: fast\n"));
    }
}
