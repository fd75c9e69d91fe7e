using GitOpsAi.Core.Schemas;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Schemas;

public sealed class ExtraSchemaFolderTests
{
    [Test]
    public void A_schema_that_only_refers_to_another_file_leaves_the_shared_open_schema_untouched()
    {
        // kubeconform's catalog layout: each kind's file is a $ref into _definitions.json, which is never fetched.
        var reference = """{"$ref": "_definitions.json#/definitions/com.example.v1.Gadget"}""";
        var markup = Markup.Parse("apiVersion: example.com/v1\nkind: Gadget\nmetadata:\n  name: g\n  [|lables|]: {}\n");
        var fileSystem = new InMemoryFileSystem().Add("schemas/gadget-example.com-v1.json", reference).Add("gadget.yaml", markup.Text);

        var diagnostics = TestAnalysis.AnalyzeFile(fileSystem, "gadget.yaml", new WorkspaceOptions { ExtraSchemaFolders = ["schemas"] });

        Assert.Multiple(() =>
        {
            Assert.That(SchemaNode.Any.IsUnconstrained, Is.True, "the schema of every open field must not become an object with metadata");
            Assert.That(diagnostics.Select(d => (d.Code, d.Span)), Is.EqualTo(new[] { ("schema-unknown-field", markup.Span) }), "the object's metadata is still checked");
        });
    }
}
