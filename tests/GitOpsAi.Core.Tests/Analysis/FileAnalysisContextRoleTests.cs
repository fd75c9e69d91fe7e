using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Analysis;

/// <summary>A rendered object's checks give their context the role they looked up once; any other context asks the structure.</summary>
public sealed class FileAnalysisContextRoleTests
{
    [Test]
    public void A_context_given_its_role_keeps_it_through_copies_and_one_without_asks_the_structure()
    {
        var fileSystem = new InMemoryFileSystem()
            .Add("base/kustomization.yaml", "resources: [deploy.yaml]\npatches:\n  - path: patch.yaml\n")
            .Add("base/deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n")
            .Add("base/patch.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 2}\n");
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem);
        var patch = workspace.GetFile(InMemoryFileSystem.PathOf("base/patch.yaml"))!;

        var asked = new FileAnalysisContext(workspace, patch, [], CancellationToken.None);
        var given = asked with { KnownRole = FileRole.Resource };

        Assert.That(asked.Role, Is.EqualTo(FileRole.Patch));
        Assert.That(given.Role, Is.EqualTo(FileRole.Resource));
        Assert.That((given with { Diagnostics = [] }).Role, Is.EqualTo(FileRole.Resource));
    }
}
