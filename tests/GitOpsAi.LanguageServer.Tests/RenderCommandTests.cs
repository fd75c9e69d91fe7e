using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitOpsAi.LanguageServer.Tests;

/// <summary>The gitopsAi.render command: the same text as gitops-ai render, for an editor's read-only view.</summary>
public sealed class RenderCommandTests
{
    [Test]
    public async Task The_render_command_returns_the_rendered_overlay_with_provenance_and_reflects_unsaved_edits()
    {
        using var repo = new TempWorkspace()
            .Write("base/kustomization.yaml", "resources:\n  - settings.yaml\n")
            .Write("base/settings.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  port: \"8080\"\n")
            .Write("overlays/prod/kustomization.yaml", "namespace: prod\nresources:\n  - ../../base\n");
        await using var client = LspClient.Start();
        var initialize = await client.InitializeAsync(repo.Root);
        var overlay = repo.UriOf("overlays/prod/kustomization.yaml");
        await client.OpenAsync(overlay, "namePrefix: prod-\nnamespace: prod\nresources:\n  - ../../base\n");
        await client.WaitForDiagnosticsAsync(overlay);

        var plain = await client.RequestAsync("workspace/executeCommand", new JsonObject { ["command"] = "gitopsAi.render", ["arguments"] = new JsonArray(overlay) });
        var traced = await client.RequestAsync("workspace/executeCommand", new JsonObject { ["command"] = "gitopsAi.render", ["arguments"] = new JsonArray(overlay, true) });

        Assert.That(initialize.GetProperty("capabilities").GetProperty("executeCommandProvider").GetProperty("commands").EnumerateArray().Select(c => c.GetString()), Does.Contain("gitopsAi.render"));
        Assert.That(plain.ValueKind, Is.EqualTo(JsonValueKind.String));
        Assert.That(plain.GetString(), Is.EqualTo("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: prod-settings\n  namespace: prod\ndata:\n  port: \"8080\"\n"));
        Assert.That(traced.GetString(), Does.Contain("  namespace: prod # overlays/prod/kustomization.yaml:2\n"));
    }

    [Test]
    public async Task A_document_that_renders_nothing_gives_null()
    {
        using var repo = new TempWorkspace().Write("settings.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n");
        await using var client = LspClient.Start();
        await client.InitializeAsync(repo.Root);

        var result = await client.RequestAsync("workspace/executeCommand", new JsonObject { ["command"] = "gitopsAi.render", ["arguments"] = new JsonArray(repo.UriOf("settings.yaml")) });

        Assert.That(result.ValueKind, Is.EqualTo(JsonValueKind.Null));
    }
}
