using GitOpsAi.Core.Rules.Templates;

namespace GitOpsAi.Core.Tests.Rules;

/// <summary>
/// A Flux resource's source reference meets the sources of its name, not every source of the repository (issue 13: an
/// OCIRepository per HelmRelease made flux-source-not-found grow with their square, in time and in lists made).
/// </summary>
public sealed class FluxSourceLookupTests
{
    private static InMemoryFileSystem Repository(int releases)
    {
        var fileSystem = new InMemoryFileSystem();
        for (var i = 0; i < releases; i++)
        {
            var source = i == 0 ? "missing" : $"app-{i}";
            fileSystem.Add($"app-{i}.yaml", $"""
                apiVersion: source.toolkit.fluxcd.io/v1beta2
                kind: OCIRepository
                metadata:
                  name: app-{i}
                  namespace: ns-{i}
                spec:
                  url: oci://ghcr.io/example/app-{i}
                ---
                apiVersion: helm.toolkit.fluxcd.io/v2
                kind: HelmRelease
                metadata:
                  name: app-{i}
                  namespace: ns-{i}
                spec:
                  chartRef:
                    kind: OCIRepository
                    name: {source}
                """);
        }

        return fileSystem;
    }

    private static (int Examined, IReadOnlyList<string> Findings) Analyze(InMemoryFileSystem fileSystem, string file)
    {
        var before = FluxSourceTemplate.SourcesExaminedOnThisThread;
        var findings = TestAnalysis.AnalyzeAll(fileSystem, file).Problems().Where(d => d.Code == "flux-source-not-found").Select(d => d.Message).ToList();
        return (FluxSourceTemplate.SourcesExaminedOnThisThread - before, findings);
    }

    [Test]
    public void A_release_meets_the_sources_of_the_name_it_refers_to_however_many_the_repository_holds()
    {
        var found = (Small: Analyze(Repository(10), "app-1.yaml"), Large: Analyze(Repository(40), "app-1.yaml"));
        var missing = (Small: Analyze(Repository(10), "app-0.yaml"), Large: Analyze(Repository(40), "app-0.yaml"));

        // The first source of the kind says the repository has Flux sources, then the one source of the name.
        Assert.That((found.Small.Examined, found.Large.Examined), Is.EqualTo((2, 2)));
        Assert.That((missing.Small.Examined, missing.Large.Examined), Is.EqualTo((1, 1)));
        Assert.That(found.Large.Findings, Is.Empty);
        Assert.That(missing.Large.Findings, Is.EqualTo(new[] { "OCIRepository 'missing' is not defined in this repository (namespace ns-0), so HelmRelease app-0 cannot reconcile." }));
    }
}
