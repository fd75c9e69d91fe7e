using GitOpsAi.Core.Generation;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Generation;

/// <summary>Runs a request through the real generation service over an in-memory repository.</summary>
internal static class GenerationTestSupport
{
    public static GenerationOutcome Generate(string request, InMemoryFileSystem? repository = null, string document = "apps/manifests.yaml")
    {
        var fileSystem = repository ?? new InMemoryFileSystem();
        if (!fileSystem.FileExists(InMemoryFileSystem.PathOf(document)))
        {
            fileSystem.Add(document, "# " + request + "\n");
        }

        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem);
        var service = new GenerationService();
        return service.GenerateAsync(new GenerationRequest(request, InMemoryFileSystem.PathOf(document)), workspace).GetAwaiter().GetResult();
    }

    public static IReadOnlyList<Manifest> Objects(GenerationOutcome outcome) =>
        WorkspaceFile.FromText(InMemoryFileSystem.PathOf("generated.yaml"), InMemoryFileSystem.Root, outcome.Yaml).Manifests;

    public static Manifest Single(GenerationOutcome outcome, string kind) =>
        Objects(outcome).Single(m => m.Kind == kind);

    /// <summary>The scalar at a dotted path ("spec.template.spec.containers.0.image").</summary>
    public static string? At(this Manifest manifest, string dottedPath)
    {
        YamlNode? node = manifest.Root;
        foreach (var part in dottedPath.Split('.'))
        {
            node = node switch
            {
                YamlMapping mapping => mapping[part],
                YamlSequence sequence when int.TryParse(part, out var index) && index < sequence.Items.Count => sequence.Items[index],
                _ => null,
            };
        }

        return (node as YamlScalar)?.Value;
    }
}
