namespace GitOpsAi.LanguageServer.Tests;

/// <summary>The editor offers safe and unsafe fixes alike, labelled: only safe ones are preferred (issue 11).</summary>
public sealed class FixSafetyCodeActionTests
{
    [Test]
    public async Task Unsafe_fixes_say_so_in_their_title_and_only_safe_fixes_are_preferred()
    {
        using var repo = Samples.Repository();
        await using var client = LspClient.Start();
        await client.InitializeAsync(repo.Root);
        var uri = repo.UriOf("deployment.yaml");
        await client.OpenAsync(uri, Samples.DeploymentWithTypo);
        var published = await client.WaitForDiagnosticsAsync(uri);
        var diagnostics = new JsonArray(published.GetProperty("diagnostics").EnumerateArray().Select(d => JsonNode.Parse(d.GetRawText())).ToArray());

        var actions = await client.RequestAsync("textDocument/codeAction", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri },
            ["range"] = LspClient.Range(0, 0, 21, 0),
            ["context"] = new JsonObject { ["diagnostics"] = diagnostics },
        });

        var all = actions.EnumerateArray().ToList();
        var rename = all.Single(a => a.GetProperty("title").GetString() == "Rename 'replica' to 'replicas'");
        var hardening = all.Single(a => a.GetProperty("title").GetString() == "Set securityContext.runAsNonRoot: true (unsafe)");
        Assert.Multiple(() =>
        {
            Assert.That(rename.GetProperty("isPreferred").GetBoolean(), Is.True);
            Assert.That(hardening.GetProperty("kind").GetString(), Is.EqualTo("quickfix"));
            Assert.That(hardening.TryGetProperty("isPreferred", out var preferred) && preferred.ValueKind == JsonValueKind.True, Is.False);
            Assert.That(all.Where(a => a.GetProperty("title").GetString()!.EndsWith("(unsafe)", StringComparison.Ordinal))
                .Where(a => a.TryGetProperty("isPreferred", out var p) && p.ValueKind == JsonValueKind.True), Is.Empty);
        });
    }
}
