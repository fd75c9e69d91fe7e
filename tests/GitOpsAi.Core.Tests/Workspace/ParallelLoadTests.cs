using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Workspace;

/// <summary>Files are parsed on all cores; the snapshot must not depend on which thread finished first.</summary>
public sealed class ParallelLoadTests
{
    [Test]
    public void A_parallel_load_gives_the_snapshot_a_file_by_file_load_gives()
    {
        var fileSystem = new InMemoryFileSystem();
        for (var i = 0; i < 400; i++)
        {
            fileSystem.Add($"apps/team-{i % 13}/app-{i}.yaml", (i % 50) switch
            {
                7 => "a: [unclosed\n",                                   // a syntax error
                11 => "kind: ConfigMap\ndata: {{ .Values.data }}\n",     // a Helm template
                13 => "a: &x {b: 1}\nc: *x\nd:\n  <<: *x\n  e: 2\n",    // anchors, aliases and merges
                _ => $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-{i}\n  labels: {{app: a{i % 3}}}\ndata:\n  key: \"{i}\" # why\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: svc-{i}\n",
            });
        }

        var parallel = WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem);
        var paths = WorkspaceLoader.FindYamlFiles(InMemoryFileSystem.Root, fileSystem, WorkspaceOptions.Default).ToList();
        var oneByOne = paths.Select(p => WorkspaceFile.Load(fileSystem, p, InMemoryFileSystem.Root)).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(parallel.Files.Keys, Is.EqualTo(paths), "the files, in the walk's order");
            Assert.That(parallel.Files.Values.Select(Describe), Is.EqualTo(oneByOne.Select(Describe)));
        });
    }

    private static string Describe(WorkspaceFile file) =>
        $"{file.RelativePath}\n{YamlDump.Of(file.Yaml)}\n{string.Join("\n", file.Manifests.Select(m => $"{m.Kind} {m.Name} {m.Document.Index}"))}";
}
