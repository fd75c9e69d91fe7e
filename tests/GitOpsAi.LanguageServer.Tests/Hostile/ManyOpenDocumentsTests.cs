namespace GitOpsAi.LanguageServer.Tests.Hostile;

/// <summary>
/// 200 open documents: a keystroke in one re-checks only the documents it can affect, and the typed document's newest
/// version is always published.
/// </summary>
public sealed class ManyOpenDocumentsTests
{
    private const int Documents = 200;

    // Line 15 (0-based) is the image line; edits append to it (column 47 ends it for a one-digit index).
    private static string Deployment(int index) => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web-{index}
        spec:
          replicas: 2
          selector:
            matchLabels:
              app: web-{index}
          template:
            metadata:
              labels:
                app: web-{index}
            spec:
              containers:
                - image: registry.example.com/web:{index}.0.0
                  name: web

        """;

    private static async Task<(TempWorkspace Repo, LspClient Client, List<string> Uris)> OpenManyAsync()
    {
        var repo = new TempWorkspace();
        for (var index = 0; index < Documents; index++)
        {
            repo.Write($"apps/web-{index}.yaml", Deployment(index));
        }

        var client = LspClient.Start();
        await client.InitializeAsync(repo.Root);
        var uris = new List<string>();
        for (var index = 0; index < Documents; index++)
        {
            var uri = repo.UriOf($"apps/web-{index}.yaml");
            uris.Add(uri);
            await client.OpenAsync(uri, Deployment(index));
        }

        await client.WaitForDiagnosticsAsync(uris[^1], minimumVersion: 1, timeoutSeconds: 60);
        await client.WaitUntilQuietAsync(TimeSpan.FromSeconds(1.5));
        return (repo, client, uris);
    }

    private static Task TypeAsync(LspClient client, string uri, int version) =>
        client.ChangeAsync(uri, version, 15, 47 + version - 2, 15, 47 + version - 2, "x"); // after "web:N.0.0"

    [Test]
    public async Task Fifty_paced_edits_to_one_of_200_unrelated_documents_publish_fifty_times_for_it_and_never_for_the_others()
    {
        var (repo, client, uris) = await OpenManyAsync();
        using var _ = repo;
        await using var __ = client;
        var before = client.Published.Count;

        for (var version = 2; version <= 51; version++)
        {
            await TypeAsync(client, uris[7], version);
            await client.WaitForDiagnosticsAsync(uris[7], minimumVersion: version);
        }

        await client.WaitUntilQuietAsync(TimeSpan.FromSeconds(1));
        var published = client.Published.Skip(before).ToList();
        var forTyped = published.Where(p => p.GetProperty("uri").GetString() == uris[7]).ToList();
        Assert.That(forTyped, Has.Count.EqualTo(50));
        Assert.That(published.Where(p => p.GetProperty("uri").GetString() != uris[7]).Select(p => p.GetProperty("uri").GetString()), Is.Empty);
        Assert.That(forTyped[^1].GetProperty("version").GetInt32(), Is.EqualTo(51));
    }

    [Test]
    public async Task Fast_typing_in_one_of_200_documents_keeps_publishing_it_and_ends_with_its_last_version()
    {
        var (repo, client, uris) = await OpenManyAsync();
        using var _ = repo;
        await using var __ = client;
        var before = client.Published.Count;

        for (var version = 2; version <= 51; version++)
        {
            await TypeAsync(client, uris[3], version);
            await Task.Delay(20);
        }

        var duringTyping = client.Published.Skip(before).Count(p => p.GetProperty("uri").GetString() == uris[3]);
        await client.WaitForDiagnosticsAsync(uris[3], minimumVersion: 51);
        await client.WaitUntilQuietAsync(TimeSpan.FromSeconds(1));
        var published = client.Published.Skip(before).ToList();
        var forTyped = published.Where(p => p.GetProperty("uri").GetString() == uris[3]).ToList();
        Assert.That(duringTyping, Is.GreaterThanOrEqualTo(5), "the typed document got no diagnostics while typing went on");
        Assert.That(forTyped, Has.Count.LessThanOrEqualTo(50));
        Assert.That(forTyped[^1].GetProperty("version").GetInt32(), Is.EqualTo(51));
        Assert.That(forTyped.Select(p => p.GetProperty("version").GetInt32()), Is.Ordered);
        Assert.That(published.Count(p => p.GetProperty("uri").GetString() != uris[3]), Is.Zero);
    }

    [Test]
    public async Task Renaming_a_config_map_re_checks_the_deployment_that_uses_it_and_not_an_unrelated_one()
    {
        using var repo = Samples.Repository();
        await using var client = LspClient.Start();
        await client.InitializeAsync(repo.Root);
        var settings = repo.UriOf("settings.yaml");
        var user = repo.UriOf("deployment.yaml");
        var unrelated = repo.UriOf("other.yaml");
        await client.OpenAsync(settings, Samples.Settings);
        await client.OpenAsync(user, Samples.DeploymentWithTypo);
        await client.OpenAsync(unrelated, Deployment(1));
        await client.WaitForDiagnosticsAsync(unrelated);
        await client.WaitUntilQuietAsync(TimeSpan.FromSeconds(1.5));
        var before = client.Published.Count;

        await client.ChangeAsync(settings, 2, 3, 14, 3, 14, "-renamed");
        var recheck = await client.WaitForDiagnosticsAsync(user, until: p => p.GetProperty("diagnostics").EnumerateArray().Any(d => d.GetProperty("code").GetString() == "non-existent-configmap"));
        await client.WaitUntilQuietAsync(TimeSpan.FromSeconds(1));

        Assert.That(recheck.GetProperty("diagnostics").EnumerateArray().Select(d => d.GetProperty("code").GetString()), Does.Contain("non-existent-configmap"));
        Assert.That(client.Published.Skip(before).Select(p => p.GetProperty("uri").GetString()), Does.Not.Contain(unrelated));
    }

    [Test]
    public async Task An_edit_with_a_wide_reach_re_checks_the_other_documents_but_publishes_only_changed_findings()
    {
        using var repo = Samples.Repository();
        await using var client = LspClient.Start();
        await client.InitializeAsync(repo.Root);
        var kustomization = repo.UriOf("kustomization.yaml");
        var others = Enumerable.Range(1, 20).Select(i => repo.UriOf($"apps/web-{i}.yaml")).ToList();
        await client.OpenAsync(kustomization, Samples.Kustomization);
        for (var i = 0; i < others.Count; i++)
        {
            await client.OpenAsync(others[i], Deployment(i + 1));
        }

        await client.WaitForDiagnosticsAsync(others[^1]);
        await client.WaitUntilQuietAsync(TimeSpan.FromSeconds(1.5));
        var before = client.Published.Count;

        // A comment inside the kustomization: its text changes, so every document is re-checked; no finding changes.
        await client.ChangeAsync(kustomization, 2, 3, 0, 3, 0, "  # the app\n");
        await client.WaitForDiagnosticsAsync(kustomization, minimumVersion: 2);
        await Task.Delay(TimeSpan.FromSeconds(1));
        await client.WaitUntilQuietAsync(TimeSpan.FromSeconds(1));

        Assert.That(client.Published.Skip(before).Select(p => p.GetProperty("uri").GetString()), Is.EqualTo(new[] { kustomization }));
    }
}
