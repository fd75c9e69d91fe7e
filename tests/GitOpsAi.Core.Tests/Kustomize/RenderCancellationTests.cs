using GitOpsAi.Core.IO;
using GitOpsAi.Core.Kustomize;

namespace GitOpsAi.Core.Tests.Kustomize;

/// <summary>
/// An editor cancels a full analysis when the user types on; the render of a root is its largest piece (a base of
/// 10,000 objects under 15 overlays: half a second), so a cancelled render stops at its next entry instead of going on
/// through every overlay above the base.
/// </summary>
public sealed class RenderCancellationTests
{
    /// <summary>Counts the files read, and cancels when one path is read (what the render was doing when the user typed).</summary>
    private sealed class CancellingFileSystem(InMemoryFileSystem inner, string cancelWhenRead, CancellationTokenSource cancellation) : IFileSystem
    {
        public int ReadsAfterCancellation { get; private set; }

        public bool FileExists(string path) => inner.FileExists(path);

        public bool DirectoryExists(string path) => inner.DirectoryExists(path);

        public byte[] ReadAllBytes(string path)
        {
            if (cancellation.IsCancellationRequested)
            {
                ReadsAfterCancellation++;
            }

            if (path == cancelWhenRead)
            {
                cancellation.Cancel();
            }

            return inner.ReadAllBytes(path);
        }

        public IEnumerable<string> EnumerateFiles(string directory) => inner.EnumerateFiles(directory);

        public IEnumerable<string> EnumerateDirectories(string directory) => inner.EnumerateDirectories(directory);
    }

    /// <summary>A base under <paramref name="depth"/> overlays, each with a patch file of its own (read after the base is built).</summary>
    private static InMemoryFileSystem Chain(int depth)
    {
        var fileSystem = new InMemoryFileSystem()
            .Add("base/kustomization.yaml", "resources:\n  - deployment.yaml\n")
            .Add("base/deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n");
        for (var level = 1; level <= depth; level++)
        {
            var below = level == 1 ? "../base" : $"../level-{level - 1}";
            fileSystem.Add($"level-{level}/kustomization.yaml", $"resources:\n  - {below}\npatches:\n  - path: patch.yaml\n");
            fileSystem.Add($"level-{level}/patch.yaml", $"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: {level + 1}\n");
        }

        return fileSystem;
    }

    [TestCase(2)]
    [TestCase(10)]
    public void A_render_cancelled_while_it_reads_the_base_reads_no_overlay_above_it(int depth)
    {
        using var cancellation = new CancellationTokenSource();
        var fileSystem = new CancellingFileSystem(Chain(depth), InMemoryFileSystem.PathOf("base/deployment.yaml"), cancellation);
        var renderer = new KustomizeRenderer(InMemoryFileSystem.Root, fileSystem, cancellation: cancellation.Token);

        Assert.Throws<OperationCanceledException>(() => renderer.Render(InMemoryFileSystem.PathOf($"level-{depth}")));

        Assert.That(fileSystem.ReadsAfterCancellation, Is.Zero, "no overlay's patch file is read once the render is cancelled");
    }

    [Test]
    public void A_render_that_is_not_cancelled_applies_every_overlay()
    {
        using var cancellation = new CancellationTokenSource();
        var fileSystem = new CancellingFileSystem(Chain(3), "/nowhere", cancellation);

        var result = new KustomizeRenderer(InMemoryFileSystem.Root, fileSystem, cancellation: cancellation.Token).Render(InMemoryFileSystem.PathOf("level-3"));

        Assert.That(result.Objects.Single().Root.At("spec", "replicas"), Is.TypeOf<RenderScalar>().With.Property("Value").EqualTo("4"));
    }
}
