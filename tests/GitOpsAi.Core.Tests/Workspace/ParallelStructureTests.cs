using GitOpsAi.Core.Tests.Support;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Workspace;

/// <summary>A fresh structure index checks its files on every core; it must equal the index made file by file.</summary>
public sealed class ParallelStructureTests
{
    /// <summary>
    /// 40 apps, each a base and two overlays (over the 64 files from which the check goes parallel), with what makes the
    /// index order-dependent: a file one overlay patches with and another lists as a resource, a file patched by two
    /// overlays in different ways, entries that do not resolve, and Flux Kustomizations naming the overlays.
    /// </summary>
    private static WorkspaceSnapshot Repository()
    {
        var fileSystem = new InMemoryFileSystem();
        for (var app = 0; app < 40; app++)
        {
            var dir = $"apps/app{app}";
            fileSystem.Add($"{dir}/base/kustomization.yaml", "resources:\n  - deployment.yaml\n  - missing.yaml\n")
                .Add($"{dir}/base/deployment.yaml", $"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app{app}\n")
                .Add($"{dir}/shared/patch.yaml", $"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app{app}\nspec:\n  replicas: 2\n")
                .Add($"{dir}/dev/kustomization.yaml", "resources:\n  - ../base\n  - ../shared/patch.yaml\npatches:\n  - path: ../shared/patch.yaml\n")
                .Add($"{dir}/prod/kustomization.yaml", "resources:\n  - ../base\n  - ../nowhere\npatchesJson6902:\n  - path: ../shared/patch.yaml\n    target: {kind: Deployment, name: x}\nconfigMapGenerator:\n  - name: settings\n    files: [../shared/patch.yaml, absent.properties]\n");
        }

        var fluxKustomizations = Enumerable.Range(0, 40).Select(app =>
            $"apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: app{app}\nspec:\n  path: ./apps/app{app}/{(app % 3 == 0 ? "staging" : "prod")}\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n");
        fileSystem.Add("clusters/prod/apps.yaml", string.Join("---\n", fluxKustomizations))
            .Add("clusters/prod/source.yaml", "apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: flux-system\n");
        return WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem);
    }

    [Test]
    public void A_structure_index_built_on_every_core_equals_the_one_built_file_by_file()
    {
        var snapshot = Repository();
        Assume.That(snapshot.Files.Count, Is.GreaterThan(64));

        var sequential = StructureAnalyzer.Analyze(snapshot.Files, snapshot.FileSystem, snapshot.Root, parallel: false);
        for (var run = 0; run < 5; run++)
        {
            var parallel = StructureAnalyzer.Analyze(snapshot.Files, snapshot.FileSystem, snapshot.Root);
            Assert.Multiple(() =>
            {
                Assert.That(parallel.Roles, Is.EquivalentTo(sequential.Roles));
                Assert.That(parallel.ListedAsResource, Is.EquivalentTo(sequential.ListedAsResource));
                Assert.That(parallel.Diagnostics.Keys, Is.EquivalentTo(sequential.Diagnostics.Keys));
                foreach (var (path, diagnostics) in sequential.Diagnostics)
                {
                    Assert.That(parallel.Diagnostics[path].Select(d => (d.Code, d.Span, d.Message)), Is.EqualTo(diagnostics.Select(d => (d.Code, d.Span, d.Message))), path);
                }

                Assert.That(parallel.References.Select(r => (r.FromPath, r.Span, r.TargetPath)), Is.EqualTo(sequential.References.Select(r => (r.FromPath, r.Span, r.TargetPath))));
                Assert.That(parallel.EntryList.Select(e => (e.FromPath, e.Span, e.Outcome)), Is.EqualTo(sequential.EntryList.Select(e => (e.FromPath, e.Span, e.Outcome))));
                Assert.That(parallel.KustomizationList.Select(k => k.Path), Is.EqualTo(sequential.KustomizationList.Select(k => k.Path)));
                Assert.That(parallel.PerFile.Keys, Is.EquivalentTo(sequential.PerFile.Keys));
            });
        }

        // The repository exercises what the comparison is about: findings, patches, data and resources.
        Assert.That(sequential.Diagnostics.Values.Sum(d => d.Count), Is.GreaterThan(40));
        Assert.That(sequential.Roles.Keys.Intersect(sequential.ListedAsResource).Count(), Is.EqualTo(40), "patched by one overlay, a resource of another");
    }
}
