using GitOpsAi.Core.Editing;
using GitOpsAi.Core.Generation;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Generation;

public sealed class GenerationEditsTests
{
    private const string Generated = "kind: A\n";

    private static string InsertBelow(string text, int line) =>
        YamlEdits.Apply(text, [GenerationEdits.InsertBelowComment(new SourceText(text), line, Generated)]);

    [Test]
    public void Documents_go_right_below_a_comment_alone_in_its_file_and_the_comment_stays() =>
        Assert.That(InsertBelow("# gitops: a\n", 0), Is.EqualTo("# gitops: a\nkind: A\n"));

    [Test]
    public void A_comment_without_a_final_newline_gets_one_before_the_documents() =>
        Assert.That(InsertBelow("# gitops: a", 0), Is.EqualTo("# gitops: a\nkind: A\n"));

    [Test]
    public void Content_before_and_after_the_comment_is_kept_in_its_own_documents() =>
        Assert.That(InsertBelow("kind: B\n# gitops: a\nkind: C\n", 1), Is.EqualTo("kind: B\n# gitops: a\n---\nkind: A\n---\nkind: C\n"));

    [Test]
    public void An_indented_comment_inside_an_object_gets_the_documents_after_that_object() =>
        Assert.That(InsertBelow("kind: B\nspec:\n  # gitops: a\n  x: 1\n---\nkind: C\n", 2),
            Is.EqualTo("kind: B\nspec:\n  # gitops: a\n  x: 1\n---\nkind: A\n---\nkind: C\n"));

    [Test]
    public void Crlf_files_stay_crlf() =>
        Assert.That(InsertBelow("# gitops: a\r\n", 0), Is.EqualTo("# gitops: a\r\nkind: A\r\n"));

    [TestCase("resources:\n  - deployment.yaml\n", "resources:\n  - deployment.yaml\n  - hpa.yaml\n")]
    [TestCase("resources: [deployment.yaml]\n", "resources: [deployment.yaml, hpa.yaml]\n")]
    [TestCase("namespace: shop\n", "namespace: shop\nresources:\n  - hpa.yaml\n")]
    public void A_new_file_is_listed_in_its_folders_kustomization(string kustomization, string expected)
    {
        var fileSystem = new InMemoryFileSystem().Add("apps/api/kustomization.yaml", kustomization);
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem);

        var edit = GenerationEdits.AddToKustomization(workspace, InMemoryFileSystem.PathOf("apps/api/hpa.yaml"));

        Assert.That(edit?.KustomizationPath, Is.EqualTo(InMemoryFileSystem.PathOf("apps/api/kustomization.yaml")));
        Assert.That(YamlEdits.Apply(kustomization, [edit!.Value.Edit]), Is.EqualTo(expected));
    }

    [Test]
    public void A_file_already_listed_or_a_folder_without_a_kustomization_needs_no_edit()
    {
        var fileSystem = new InMemoryFileSystem().Add("apps/api/kustomization.yaml", "resources:\n  - hpa.yaml\n").Add("apps/web/a.yaml", "kind: A\n");
        var workspace = WorkspaceLoader.Load(InMemoryFileSystem.Root, fileSystem);

        Assert.That(GenerationEdits.AddToKustomization(workspace, InMemoryFileSystem.PathOf("apps/api/hpa.yaml")), Is.Null);
        Assert.That(GenerationEdits.AddToKustomization(workspace, InMemoryFileSystem.PathOf("apps/web/hpa.yaml")), Is.Null);
    }
}
