using System.Text;
using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Rules.Templates;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Rules;

/// <summary>
/// Fixes that look at the rest of the repository (the tag an image is pinned to elsewhere, the apiVersion the
/// ExternalSecrets use) work it out once per snapshot, not once per fix: `--fix` on a repository of many unpinned images
/// or plain Secrets walked every workload or ExternalSecret for each of them.
/// </summary>
public sealed class FixLookupsOncePerSnapshotTests
{
    [TestCase(10)]
    [TestCase(40)]
    public void Pinning_every_latest_image_counts_the_repository_s_tags_once(int apps)
    {
        var text = new StringBuilder(Workload("pinned", "registry.example.com/web:1.4.2"));
        for (var i = 0; i < apps; i++)
        {
            text.Append("---\n").Append(Workload($"app-{i}", i % 2 == 0 ? "registry.example.com/web:latest" : "registry.example.com/web"));
        }

        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, new InMemoryFileSystem().Add("apps.yaml", text.ToString()));
        var before = ImageTagTemplate.TagCountsOnThisThread;

        var fixes = new Analyzer().Analyze(workspace, workspace.Files.Values.Single()).Diagnostics
            .Where(d => d.Code == "latest-tag").SelectMany(d => d.Fixes).Select(f => f.Title).ToList();

        Assert.That(fixes, Has.Count.EqualTo(apps));
        Assert.That(fixes, Is.All.EqualTo("Pin to registry.example.com/web:1.4.2 (used elsewhere in this repository)"));
        Assert.That(ImageTagTemplate.TagCountsOnThisThread - before, Is.EqualTo(1));
    }

    [Test]
    public void The_most_common_pinned_tag_wins_and_a_tie_goes_to_the_later_tag()
    {
        var text = string.Join("---\n", Workload("a", "web:1.0"), Workload("b", "web:1.0"), Workload("c", "web:2.0"), Workload("d", "web:latest"), Workload("e", "api:1.0"), Workload("f", "api:0.9"), Workload("g", "api"));
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, new InMemoryFileSystem().Add("apps.yaml", text));

        var fixes = new Analyzer().Analyze(workspace, workspace.Files.Values.Single()).Diagnostics
            .Where(d => d.Code == "latest-tag").SelectMany(d => d.Fixes).Select(f => f.Title).Order(StringComparer.Ordinal).ToList();

        Assert.That(fixes, Is.EqualTo(new[] { "Pin to api:1.0 (used elsewhere in this repository)", "Pin to web:1.0 (used elsewhere in this repository)" }));
    }

    [Test]
    public void Converting_plain_secrets_uses_the_api_version_most_of_the_repository_s_external_secrets_use()
    {
        var files = new InMemoryFileSystem()
            .Add("external.yaml", string.Join("---\n", ExternalSecret("a", "v1beta1"), ExternalSecret("b", "v1beta1"), ExternalSecret("c", "v1")))
            .Add("secrets.yaml", string.Join("---\n", Enumerable.Range(0, 3).Select(i => $"apiVersion: v1\nkind: Secret\nmetadata:\n  name: s{i}\nstringData:\n  password: hunter2hunter2\n")));
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, files);

        var edits = new Analyzer().Analyze(workspace, workspace.GetFile(InMemoryFileSystem.PathOf("secrets.yaml"))!).Diagnostics
            .Where(d => d.Code == "plain-secret").SelectMany(d => d.Fixes).Where(f => f.Title.StartsWith("Convert to an ExternalSecret", StringComparison.Ordinal))
            .Select(f => f.Edits[0].NewText).ToList();

        Assert.That(edits, Has.Count.EqualTo(3));
        Assert.That(edits, Is.All.Contains("apiVersion: external-secrets.io/v1beta1"));
    }

    private static string ExternalSecret(string name, string version) =>
        $"apiVersion: external-secrets.io/{version}\nkind: ExternalSecret\nmetadata:\n  name: {name}\nspec:\n  secretStoreRef:\n    name: vault\n    kind: ClusterSecretStore\n  target:\n    name: {name}\n";

    private static string Workload(string name, string image) => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {name}
        spec:
          replicas: 3
          selector:
            matchLabels:
              app: {name}
          template:
            metadata:
              labels:
                app: {name}
            spec:
              containers:
                - name: main
                  image: {image}

        """;
}
