namespace GitOpsAi.LanguageServer.Tests;

/// <summary>
/// A typed document is published at typing speed without the rendered checks; the rendered findings of its last full
/// analysis stay on show, moved with the text, and its full analysis follows once typing pauses.
/// </summary>
public sealed class RenderedWhileTypingTests
{
    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: 2
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
                - name: web
                  image: nginx:1.25
        """;

    // Line 4 holds the tag the overlay sets: the rendered Deployment gets nginx:latest, caused here.
    private const string Overlay = "resources:\n  - ../../base\nimages:\n  - name: nginx\n    newTag: latest\n";

    private static IEnumerable<int> LatestTagLines(JsonElement published) =>
        published.GetProperty("diagnostics").EnumerateArray()
            .Where(d => d.GetProperty("code").GetString() == "latest-tag")
            .Select(d => d.GetProperty("range").GetProperty("start").GetProperty("line").GetInt32());

    private static async Task<(LspClient Client, string Uri)> OpenOverlayAsync(TempWorkspace workspace)
    {
        var client = LspClient.Start();
        await client.InitializeAsync(workspace.Root);
        var uri = workspace.UriOf("overlays/prod/kustomization.yaml");
        await client.OpenAsync(uri, Overlay);
        await client.WaitForDiagnosticsAsync(uri, 1, until: published => LatestTagLines(published).Contains(4));
        return (client, uri);
    }

    private static TempWorkspace Repository() => new TempWorkspace()
        .Write("base/kustomization.yaml", "resources:\n  - deployment.yaml\n")
        .Write("base/deployment.yaml", Deployment)
        .Write("overlays/prod/kustomization.yaml", Overlay);

    [Test]
    public async Task Typing_above_a_rendered_finding_keeps_it_on_show_one_line_lower_in_the_very_next_publish()
    {
        using var workspace = Repository();
        var (client, uri) = await OpenOverlayAsync(workspace);
        await using var _ = client;

        await client.ChangeAsync(uri, 2, 0, 0, 0, 0, "# prod overlay\n");
        var next = await client.WaitForDiagnosticsAsync(uri, 2);

        Assert.That(LatestTagLines(next), Is.EqualTo(new[] { 5 }));
    }

    [Test]
    public async Task Editing_the_cause_away_drops_the_rendered_finding_at_once_and_the_full_analysis_agrees()
    {
        using var workspace = Repository();
        var (client, uri) = await OpenOverlayAsync(workspace);
        await using var _ = client;

        await client.ChangeAsync(uri, 2, 4, 12, 4, 18, "1.27");
        var next = await client.WaitForDiagnosticsAsync(uri, 2);
        Assert.That(LatestTagLines(next), Is.Empty);

        // A pull is answered by the full analysis of this text (rendered checks included).
        var pulled = await client.RequestAsync("textDocument/diagnostic", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri } });
        Assert.That(pulled.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("code").GetString()), Does.Not.Contain("latest-tag"));
    }

    [Test]
    public async Task A_rendered_finding_the_edit_causes_is_published_once_typing_pauses()
    {
        using var workspace = Repository();
        var (client, uri) = await OpenOverlayAsync(workspace);
        await using var _ = client;
        await client.ChangeAsync(uri, 2, 4, 12, 4, 18, "1.27");
        await client.WaitForDiagnosticsAsync(uri, 2, until: published => !LatestTagLines(published).Any());

        await client.ChangeAsync(uri, 3, 4, 12, 4, 16, "latest");
        var fast = await client.WaitForDiagnosticsAsync(uri, 3);
        var full = await client.WaitForDiagnosticsAsync(uri, 3, until: published => LatestTagLines(published).Contains(4));

        Assert.That(LatestTagLines(fast), Is.Empty, "the typing-speed publish leaves the rendered checks to the full analysis");
        Assert.That(full.GetProperty("version").GetInt32(), Is.EqualTo(3));
    }

    [Test]
    public async Task A_large_document_typed_on_at_once_gets_no_full_analysis_of_the_text_it_left()
    {
        // Above the size for which a document gets the large documents' worker (DiagnosticsService.LargeDocumentChars).
        var large = Overlay.Replace("latest", "1.27") + "# " + new string('x', 600_000) + "\n";
        using var workspace = Repository().Write("overlays/prod/kustomization.yaml", large);
        await using var client = LspClient.Start();
        await client.InitializeAsync(workspace.Root);
        var uri = workspace.UriOf("overlays/prod/kustomization.yaml");
        await client.OpenAsync(uri, large);
        await client.WaitForDiagnosticsAsync(uri, 1);

        // The tag becomes latest (a rendered finding, left to the full analysis), then typing goes on within the pause the
        // full analysis waits for (250 ms): a keystroke 100 ms later, time enough for that analysis to end had it started.
        await client.ChangeAsync(uri, 2, 4, 12, 4, 16, "latest");
        await client.WaitForDiagnosticsAsync(uri, 2);
        await Task.Delay(100);
        await client.ChangeAsync(uri, 3, 5, 2, 5, 2, "y");
        var full = await client.WaitForDiagnosticsAsync(uri, 3, until: published => LatestTagLines(published).Contains(4));

        var ofVersion2 = client.Published.Where(p => p.GetProperty("uri").GetString() == uri && p.GetProperty("version").GetInt32() == 2);
        Assert.That(ofVersion2.SelectMany(LatestTagLines), Is.Empty, "the full analysis of version 2 ran before version 3's typed one");
        Assert.That(full.GetProperty("version").GetInt32(), Is.EqualTo(3));
    }
}
