namespace GitOpsAi.LanguageServer.Tests;

/// <summary>A Kyverno policy reads a ConfigMap through a context entry: editing the ConfigMap re-checks the objects it evaluates.</summary>
public sealed class KyvernoContextTests
{
    private const string Policy = """
        apiVersion: kyverno.io/v1
        kind: ClusterPolicy
        metadata:
          name: allowed-registries
        spec:
          validationFailureAction: Enforce
          rules:
            - name: registries
              match:
                any:
                  - resources:
                      kinds: [Pod]
              context:
                - name: registries
                  configMap:
                    name: registries
                    namespace: platform
                - name: allowed
                  variable:
                    jmesPath: registries.data.allowed
              validate:
                message: "Images must come from {{ allowed }}."
                foreach:
                  - list: request.object.spec.containers
                    deny:
                      conditions:
                        all:
                          - key: "{{ element.image }}"
                            operator: NotEquals
                            value: "{{ allowed }}"
        """;

    private const string ConfigMap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: registries\n  namespace: platform\ndata:\n  allowed: \"corp.io/*\"\n";

    private const string Pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  containers:\n    - name: web\n      image: docker.io/nginx:1.27\n";

    private static bool HasFinding(JsonElement published) =>
        published.GetProperty("diagnostics").EnumerateArray().Any(d => d.GetProperty("code").GetString() == "kyverno:allowed-registries/registries");

    [Test]
    public async Task Allowing_the_registry_in_the_ConfigMap_the_policy_reads_clears_the_finding_of_the_other_open_pod()
    {
        using var workspace = new TempWorkspace()
            .Write("policies/allowed-registries.yaml", Policy)
            .Write("platform/registries.yaml", ConfigMap)
            .Write("apps/pod.yaml", Pod);
        await using var client = LspClient.Start();
        await client.InitializeAsync(workspace.Root);
        var pod = workspace.UriOf("apps/pod.yaml");
        var configMap = workspace.UriOf("platform/registries.yaml");

        await client.OpenAsync(pod, Pod);
        // The policy and the ConfigMap are read by the background indexing; the pod is re-published once they are in.
        await client.WaitForDiagnosticsAsync(pod, 1, until: HasFinding);
        await client.OpenAsync(configMap, ConfigMap);
        await client.WaitForDiagnosticsAsync(configMap, 1);

        await client.ChangeAsync(configMap, 2, 6, 12, 6, 19, "docker.io"); // allowed: "corp.io/*" -> "docker.io/*"
        var after = await client.WaitForDiagnosticsAsync(pod, 1, until: published => !HasFinding(published));

        Assert.That(after.GetProperty("diagnostics").EnumerateArray().Select(d => d.GetProperty("code").GetString()), Does.Not.Contain("kyverno:allowed-registries/registries"));
    }
}
