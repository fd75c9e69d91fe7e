namespace GitOpsAi.LanguageServer.Tests;

/// <summary>A Kyverno ValidatingPolicy in the workspace checks the file being edited as the user types.</summary>
public sealed class CelPolicyTests
{
    private const string Policy = """
        apiVersion: policies.kyverno.io/v1alpha1
        kind: ValidatingPolicy
        metadata:
          name: require-team
        spec:
          validationActions: [Deny]
          matchConstraints:
            resourceRules:
              - apiGroups: [""]
                apiVersions: [v1]
                operations: [CREATE, UPDATE]
                resources: [configmaps]
          validations:
            - expression: "object.metadata.?labels[?'team'].orValue('') != ''"
              message: "The label team is required."
        """;

    private const string ConfigMap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  labels:\n    tier: web\ndata:\n  mode: fast\n";

    private static bool HasFinding(JsonElement published) =>
        published.GetProperty("diagnostics").EnumerateArray().Any(d => d.GetProperty("code").GetString() == "kyverno:require-team");

    [Test]
    public async Task Typing_the_missing_label_clears_the_policy_finding()
    {
        using var workspace = new TempWorkspace().Write("policies/require-team.yaml", Policy).Write("settings.yaml", ConfigMap);
        await using var client = LspClient.Start();
        await client.InitializeAsync(workspace.Root);
        var uri = workspace.UriOf("settings.yaml");

        await client.OpenAsync(uri, ConfigMap);
        // The policy file is read by the background indexing; the file is re-published once it is in.
        var before = await client.WaitForDiagnosticsAsync(uri, 1, until: HasFinding);
        var finding = before.GetProperty("diagnostics").EnumerateArray().Single(d => d.GetProperty("code").GetString() == "kyverno:require-team");
        Assert.That(finding.GetProperty("severity").GetInt32(), Is.EqualTo(1));
        Assert.That(finding.GetProperty("message").GetString(), Is.EqualTo("ValidatingPolicy 'require-team': The label team is required."));

        await client.ChangeAsync(uri, 2, 5, 13, 5, 13, "\n    team: shop"); // after "tier: web"
        var after = await client.WaitForDiagnosticsAsync(uri, 2, until: published => !HasFinding(published));

        Assert.That(after.GetProperty("diagnostics").EnumerateArray().Select(d => d.GetProperty("code").GetString()), Does.Not.Contain("kyverno:require-team"));
    }
}
