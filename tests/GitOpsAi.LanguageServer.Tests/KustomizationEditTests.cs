namespace GitOpsAi.LanguageServer.Tests;

/// <summary>
/// Typing in an overlay's kustomization re-checks the open documents of what the overlay renders (the base it includes
/// lands in another namespace), not every open document.
/// </summary>
public sealed class KustomizationEditTests
{
    private const string Deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      serviceAccountName: web\n      containers:\n        - name: web\n          image: nginx:1.27\n";

    private const string ServiceAccount = "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: web\n  namespace: prod\n";

    private const string Overlay = "resources:\n  - ../../base\nnamespace: prod\n";

    private const string Unrelated = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: api-settings\n  namespace: tools\ndata:\n  level: info\n";

    private static bool MissesTheAccount(JsonElement published) =>
        published.GetProperty("diagnostics").EnumerateArray().Any(d => d.GetProperty("code").GetString() == "non-existent-service-account");

    [Test]
    public async Task Changing_an_overlays_namespace_re_checks_the_base_it_renders_and_not_an_unrelated_document()
    {
        using var workspace = new TempWorkspace()
            .Write("base/kustomization.yaml", "resources:\n  - deployment.yaml\n")
            .Write("base/deployment.yaml", Deployment)
            .Write("platform/service-account.yaml", ServiceAccount)
            .Write("overlays/prod/kustomization.yaml", Overlay)
            .Write("tools/settings.yaml", Unrelated);
        // With timings on, the server logs each analysis: that is how the test sees which documents were re-checked.
        await using var client = LspClient.Start(new Dictionary<string, string> { ["GITOPSAI_TIMING"] = "1" });
        await client.InitializeAsync(workspace.Root);
        var deployment = workspace.UriOf("base/deployment.yaml");
        var overlay = workspace.UriOf("overlays/prod/kustomization.yaml");
        var unrelated = workspace.UriOf("tools/settings.yaml");
        await client.OpenAsync(deployment, Deployment);
        await client.OpenAsync(unrelated, Unrelated);
        await client.OpenAsync(overlay, Overlay);
        var first = await client.WaitForDiagnosticsAsync(deployment);
        await client.WaitForDiagnosticsAsync(overlay);
        await client.WaitUntilQuietAsync(TimeSpan.FromSeconds(1.5));
        Assert.That(MissesTheAccount(first), Is.False, "the account is in the overlay's namespace");
        var before = client.Published.Count;
        var logsBefore = client.Logs.Count;

        await client.ChangeAsync(overlay, 2, 2, 11, 2, 15, "staging"); // namespace: prod -> staging
        var rechecked = await client.WaitForDiagnosticsAsync(deployment, until: MissesTheAccount);
        await client.WaitUntilQuietAsync(TimeSpan.FromSeconds(1.5));

        var analysed = client.Logs.Skip(logsBefore).Where(l => l.Contains("analysed ", StringComparison.Ordinal)).ToList();
        Assert.That(MissesTheAccount(rechecked), Is.True);
        Assert.That(client.Published.Skip(before).Select(p => p.GetProperty("uri").GetString()), Does.Not.Contain(unrelated));
        Assert.That(analysed, Has.Some.Contains(deployment), string.Join("\n", analysed));
        Assert.That(analysed, Has.None.Contains(unrelated), "the unrelated document was re-checked");
    }
}
