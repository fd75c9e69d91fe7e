using System.Text.Json;

namespace GitOpsAi.Cli.Tests;

/// <summary>--changed-since follows rendering: a base change reports its findings in each overlay over it (issue 11).</summary>
public sealed class ChangedRenderedTests
{
    private const string Base = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: 2
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
                - name: web
                  image: nginx:1.27

        """;

    private const string Sidecar = """
                - name: sidecar
                  image: busybox:1.36
                  securityContext:
                    privileged: true

        """;

    private const string Patch = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n";

    [Test]
    public void A_base_change_reports_the_base_finding_and_the_rendered_finding_naming_both_overlays_and_nothing_unrelated()
    {
        using var repo = Repository();
        File.AppendAllText(repo.PathOf("base/deploy.yaml"), Sidecar);

        var findings = ChangedSinceHead(repo);

        Assert.Multiple(() =>
        {
            Assert.That(findings, Does.Contain("base/deploy.yaml privileged-container Container 'sidecar' sets securityContext.privileged: true."));
            Assert.That(findings.Where(f => f.StartsWith("components/latest/kustomization.yaml latest-tag", StringComparison.Ordinal)).ToList(),
                Has.Count.EqualTo(1).And.All.EndsWith("(in overlays/a, overlays/b)"), "the component's line did not change, but what it renders did");
            Assert.That(findings, Has.None.StartsWith("other/"), "the unrelated app did not change");
            Assert.That(findings, Has.None.StartsWith("overlays/"), "neither overlay's own files changed or give new findings");
        });
    }

    [Test]
    public void A_change_to_one_overlays_patch_reports_only_that_overlays_findings()
    {
        using var repo = Repository(withSidecar: true);
        File.AppendAllText(repo.PathOf("overlays/a/patch.yaml"), "  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx:latest\n");

        var findings = ChangedSinceHead(repo);

        Assert.Multiple(() =>
        {
            Assert.That(findings, Has.Some.Match(@"^overlays/a/patch\.yaml latest-tag Container 'web' .*\(in overlays/a\)$"));
            Assert.That(findings, Has.All.StartsWith("overlays/a/").Or.EndsWith("overlays/a, overlays/b)"), "only what overlay a renders");
            Assert.That(findings, Has.None.StartsWith("base/").And.None.StartsWith("other/").And.None.StartsWith("overlays/b/"));
        });
    }

    private static TempRepo Repository(bool withSidecar = false)
    {
        var repo = new TempRepo()
            .Write("base/deploy.yaml", withSidecar ? Base + Sidecar : Base)
            .Write("base/kustomization.yaml", "resources:\n  - deploy.yaml\n")
            .Write("components/latest/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nimages:\n  - name: busybox\n    newTag: latest\n")
            .Write("other/deploy.yaml", Base.Replace("web", "other"));
        foreach (var overlay in new[] { "a", "b" })
        {
            repo.Write($"overlays/{overlay}/kustomization.yaml", $"namespace: {overlay}\nresources:\n  - ../../base\ncomponents:\n  - ../../components/latest\npatches:\n  - path: patch.yaml\n")
                .Write($"overlays/{overlay}/patch.yaml", Patch);
        }

        GateTests.Git(repo.Root, "init", "-q", "-b", "main");
        GateTests.Git(repo.Root, "add", ".");
        GateTests.Git(repo.Root, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "start");
        return repo;
    }

    private static List<string> ChangedSinceHead(TempRepo repo)
    {
        var result = CliRun.AsProcess("check", repo.Root, "--changed-since", "HEAD", "--format", "json");
        Assert.That(result.ExitCode, Is.EqualTo(1), result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        return json.RootElement.GetProperty("diagnostics").EnumerateArray()
            .Select(d => $"{d.GetProperty("path").GetString()} {d.GetProperty("code").GetString()} {d.GetProperty("message").GetString()}").ToList();
    }
}
