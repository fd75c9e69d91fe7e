using GitOpsAi.Core.IO;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Hostile;

/// <summary>Schema folders named by the repository (editor workspace settings) stay inside it; the user's own --schema-dir may not.</summary>
public class SchemaFolderTests
{
    private static WorkspaceSnapshot Load(TempRepository repository, string folder, bool confined) =>
        TempRepository.WithinSeconds(60, () => WorkspaceLoader.Load(repository.Root, PhysicalFileSystem.Instance,
            new WorkspaceOptions { ExtraSchemaFolders = [folder], ConfineSchemaFolders = confined }));

    [TestCase("/etc")]
    [TestCase("..")]
    [TestCase("link-to-etc")]
    public void A_repository_schema_folder_outside_the_workspace_is_refused_without_being_read(string folder)
    {
        TempRepository.RequireUnix();
        using var repository = new TempRepository().Write("ok.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n").Link("link-to-etc", "/etc");

        var workspace = Load(repository, folder, confined: true);

        Assert.That(workspace.SchemaProblems.Single().Diagnostic.Code, Is.EqualTo("file-outside-repository"));
    }

    [Test]
    public void A_schema_file_linking_outside_a_repository_schema_folder_is_refused()
    {
        using var outside = new TempRepository().Write("crd.json", "{}");
        using var repository = new TempRepository().Write("schemas/ok.json", "{}");
        repository.Link("schemas/leak.json", outside.PathOf("crd.json"));

        var workspace = Load(repository, "schemas", confined: true);

        Assert.That(workspace.SchemaProblems.Select(p => Path.GetFileName(p.Path)), Is.EqualTo(new[] { "leak.json" }));
    }

    [Test]
    public void A_fifo_in_a_schema_folder_is_reported_and_never_blocks_loading()
    {
        using var repository = new TempRepository().Write("schemas/ok.json", "{}");
        repository.Fifo("schemas/pipe.json");

        var workspace = Load(repository, "schemas", confined: false);

        Assert.That(workspace.SchemaProblems.Single().Diagnostic.Message, Does.Contain("FIFO"));
    }

    [Test]
    public void A_schema_folder_the_user_names_outside_the_repository_is_still_loaded()
    {
        using var outside = new TempRepository().Write("crd.json", "{}");
        using var repository = new TempRepository();

        var workspace = Load(repository, outside.Root, confined: false);

        Assert.That(workspace.SchemaProblems, Is.Empty);
    }
}
