namespace GitOpsAi.Core.Tests.Kustomize;

/// <summary>
/// The source maps of a root's written objects are kept in lists of bounded size (one doubling list reached 100 MB for a
/// kustomization of 50,000 files): a finding on an object past the first list still goes back to the line that caused it.
/// </summary>
public sealed class LargeRootSourceMapTests
{
    // Enough Deployments (about 40 source-map entries each) for the root's maps to fill several lists of 32,768 entries.
    private const int Deployments = 2_000;

    [Test]
    public void Findings_on_the_first_and_the_last_object_of_a_root_with_several_source_map_lists_are_on_their_patch_lines()
    {
        var overlay = Markup.Parse($"""
            namespace: prod
            resources:
              - ../../base
            patches:
              - target:
                  kind: Deployment
                  name: web-0
                patch: |-
                  - op: add
                    path: /spec/template/spec/containers/0/securityContext
                    value:
                      privileged: [|true|]
              - target:
                  kind: Deployment
                  name: web-{Deployments - 1}
                patch: |-
                  - op: add
                    path: /spec/template/spec/hostNetwork
                    value: [|true|]
            """);
        var fileSystem = new InMemoryFileSystem()
            .Add("base/kustomization.yaml", "resources:\n" + string.Concat(Enumerable.Range(0, Deployments).Select(i => $"  - web-{i}.yaml\n")))
            .Add("overlays/prod/kustomization.yaml", overlay.Text);
        for (var i = 0; i < Deployments; i++)
        {
            fileSystem.Add($"base/web-{i}.yaml", Deployment($"web-{i}"));
        }

        var findings = TestAnalysis.AnalyzeAll(fileSystem, "overlays/prod/kustomization.yaml");

        Assert.Multiple(() =>
        {
            Assert.That(findings.Where(d => d.Code == "privileged-container").Select(d => d.Span), Is.EqualTo(new[] { overlay.Spans[0] }));
            Assert.That(findings.Where(d => d.Code == "host-network").Select(d => d.Span), Is.EqualTo(new[] { overlay.Spans[1] }));
        });
    }

    private static string Deployment(string name) => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {name}
          labels:
            app: {name}
        spec:
          replicas: 2
          selector:
            matchLabels:
              app: {name}
          template:
            metadata:
              labels:
                app: {name}
            spec:
              containers:
                - name: web
                  image: nginx:1.27.3
                  ports:
                    - containerPort: 8080
                  resources:
                    requests:
                      cpu: 100m
                      memory: 128Mi
                    limits:
                      memory: 128Mi
        """;
}
