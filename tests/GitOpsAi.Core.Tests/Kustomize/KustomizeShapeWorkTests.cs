using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Kustomize;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Kustomize;

/// <summary>
/// Kustomize shapes where one kustomization holds thousands of things (issue 13, shapes the monorepo generator does not
/// make): a flat folder of resource files. The work of a check grows with the objects,
/// not with their square; counted at two sizes, the work per object stays the same.
/// </summary>
public sealed class KustomizeShapeWorkTests
{
    private static string Deployment(int i) => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: app-{i}
        spec:
          selector:
            matchLabels:
              app: app-{i}
          template:
            metadata:
              labels:
                app: app-{i}
            spec:
              containers:
                - name: main
                  image: nginx:latest
                  envFrom:
                    - configMapRef:
                        name: settings-{i}
        """;

    private static WorkspaceSnapshot FlatFolder(int files)
    {
        var fileSystem = new InMemoryFileSystem();
        for (var i = 0; i < files; i++)
        {
            fileSystem.Add($"flat/app-{i}.yaml", Deployment(i));
        }

        fileSystem.Add("flat/kustomization.yaml", "namespace: flat\nresources:\n" + string.Concat(Enumerable.Range(0, files).Select(i => $"  - app-{i}.yaml\n")));
        return WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem);
    }

    /// <summary>The root findings read to merge every file's rendered findings, per file.</summary>
    private static double FindingsReadPerFile(int files)
    {
        var workspace = FlatFolder(files);
        var analysis = RenderedAnalysis.For(workspace, Analyzer.RenderedChecks, CancellationToken.None);
        analysis.CheckAllRoots(CancellationToken.None);
        RenderedAnalysis.FindingsMergedOnThisThread = 0;
        var found = 0;
        foreach (var path in workspace.Files.Keys)
        {
            found += analysis.FindingsIn(path).Count;
        }

        Assert.That(found, Is.GreaterThanOrEqualTo(files), "every Deployment has a rendered finding (its latest tag)");
        return (double)RenderedAnalysis.FindingsMergedOnThisThread / files;
    }

    [Test]
    public void The_root_findings_read_per_file_of_a_flat_folder_do_not_grow_with_the_folder()
    {
        // The first file to ask reads every finding of the root; the others read their own from an index.
        var small = FindingsReadPerFile(20);
        var large = FindingsReadPerFile(80);

        Assert.That(large, Is.LessThanOrEqualTo(small * 1.1), "the root findings read per file do not grow with the folder");
    }
}
