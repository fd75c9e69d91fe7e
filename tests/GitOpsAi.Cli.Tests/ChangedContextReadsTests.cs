using System.Text.Json;

namespace GitOpsAi.Cli.Tests;

/// <summary>
/// --changed-since follows Kyverno context reads: a changed object a policy's context entry reads re-reports the
/// verdicts on the objects that rule evaluates, though their files did not change.
/// </summary>
public sealed class ChangedContextReadsTests
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
              validate:
                message: "Images must come from {{ registries.data.allowed }}."
                foreach:
                  - list: request.object.spec.containers
                    deny:
                      conditions:
                        all:
                          - key: "{{ element.image }}"
                            operator: NotEquals
                            value: "{{ registries.data.allowed }}"

        """;

    private static string Registries(string allowed) => $"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: registries
          namespace: platform
        data:
          allowed: "{allowed}"

        """;

    private static string Pod(string name) => $"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: {name}
          namespace: shop
        spec:
          securityContext:
            runAsNonRoot: true
          containers:
            - name: web
              image: docker.io/nginx:1.27.0

        """;

    [Test]
    public void Changing_a_ConfigMap_a_policy_reads_reports_the_pods_whose_verdict_depends_on_it_and_nothing_unrelated()
    {
        using var repo = new TempRepo()
            .Write("policies/registries.yaml", Policy)
            .Write("platform/registries.yaml", Registries("docker.io/*"))
            .Write("apps/pod.yaml", Pod("web"))
            .Write("other/config.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\n  namespace: shop\ndata:\n  a: b\n");
        GateTests.Git(repo.Root, "init", "-q", "-b", "main");
        GateTests.Git(repo.Root, "add", ".");
        GateTests.Git(repo.Root, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "start");

        var unchanged = CliRun.AsProcess("check", repo.Root, "--changed-since", "HEAD", "--format", "json");
        Assert.That(Findings(unchanged.Stdout), Has.None.StartsWith("apps/pod.yaml kyverno:"), unchanged.Stderr);

        File.WriteAllText(repo.PathOf("platform/registries.yaml"), Registries("corp.io/*"));
        var result = CliRun.AsProcess("check", repo.Root, "--changed-since", "HEAD", "--format", "json");
        Assert.That(result.ExitCode, Is.EqualTo(1), result.Stderr);
        Assert.That(Findings(result.Stdout), Does.Contain("apps/pod.yaml kyverno:allowed-registries/registries Images must come from corp.io/*."));

        // An unrelated edit does not re-report the pod.
        File.WriteAllText(repo.PathOf("platform/registries.yaml"), Registries("docker.io/*"));
        File.AppendAllText(repo.PathOf("other/config.yaml"), "  c: d\n");
        var unrelated = CliRun.AsProcess("check", repo.Root, "--changed-since", "HEAD", "--format", "json");
        Assert.That(Findings(unrelated.Stdout), Has.None.StartsWith("apps/pod.yaml"), unrelated.Stderr);
    }

    private static List<string> Findings(string stdout)
    {
        using var json = JsonDocument.Parse(stdout);
        return json.RootElement.GetProperty("diagnostics").EnumerateArray()
            .Select(d => $"{d.GetProperty("path").GetString()} {d.GetProperty("code").GetString()} {d.GetProperty("message").GetString()}").ToList();
    }
}
