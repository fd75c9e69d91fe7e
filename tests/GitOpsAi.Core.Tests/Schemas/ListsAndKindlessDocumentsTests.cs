using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Tests.Schemas;

/// <summary>kubectl/kubeconform agreement on list objects, kubeconform's schema file names and documents with no kind.</summary>
public sealed class ListsAndKindlessDocumentsTests
{
    private static IReadOnlyList<(string Code, TextSpan Span)> Findings(string markupText, out Markup markup)
    {
        markup = Markup.Parse(markupText);
        return TestAnalysis.Analyze(markup.Text).Select(d => (d.Code, d.Span)).ToList();
    }

    [Test]
    public void A_v1_List_is_valid_and_each_item_is_validated_as_an_object()
    {
        var findings = Findings("""
            apiVersion: v1
            kind: List
            items:
              - apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: settings
                data:
                  mode: fast
              - apiVersion: v1
                kind: Service
                metadata:
                  name: web
                spec:
                  [|prots|]:
                    - port: 80
            """, out var markup);
        Assert.That(findings, Is.EqualTo(new[] { ("schema-unknown-field", markup.Span) }));
    }

    [Test]
    public void An_item_of_a_v1_List_without_apiVersion_or_kind_gets_a_finding()
    {
        var findings = Findings("""
            apiVersion: v1
            kind: List
            items:
              - [|metadata|]:
                  name: orphan
            """, out var markup);
        Assert.That(findings, Is.EqualTo(new[] { ("missing-kind", markup.Span) }));
    }

    [Test]
    public void Items_of_a_typed_list_take_the_kind_the_list_implies()
    {
        var findings = Findings("""
            apiVersion: v1
            kind: ConfigMapList
            items:
              - metadata:
                  name: settings
                data:
                  mode: fast
              - metadata:
                  name: broken
                [|dta|]:
                  mode: slow
            """, out var markup);
        Assert.That(findings, Is.EqualTo(new[] { ("schema-unknown-field", markup.Span) }));
    }

    [Test]
    public void An_empty_List_is_valid()
    {
        Assert.That(Findings("apiVersion: v1\nkind: List\nitems: []\n", out _), Is.Empty);
    }

    [Test]
    public void A_document_with_no_kind_among_manifests_gets_kubeconforms_missing_kind_finding()
    {
        var findings = Findings("""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
            ---
            [|metadata|]:
              name: lost-its-header
            spec:
              replicas: 2
            """, out var markup);
        Assert.That(findings, Is.EqualTo(new[] { ("missing-kind", markup.Span) }));
    }

    [Test]
    public void A_kustomization_file_with_an_object_and_a_document_without_kind_gets_no_missing_kind_finding_however_many_there_are()
    {
        const string text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n---\nresources:\n  - a.yaml\n---\nresources:\n  - b.yaml\n";

        Assert.That(TestAnalysis.Analyze(text, "kustomization.yaml").Where(d => d.Code == "missing-kind"), Is.Empty);
        Assert.That(TestAnalysis.Analyze(text, "other.yaml").Count(d => d.Code == "missing-kind"), Is.EqualTo(2));
    }

    [Test]
    public void A_file_of_plain_data_stays_silent()
    {
        Assert.That(Findings("replicaCount: 2\nimage:\n  repository: nginx\n---\nfeature: on\n", out _), Is.Empty);
    }

    [TestCase("gadget-widgets-v1.json", "widgets.example.com/v1")]
    [TestCase("gadget-my-corp-v1.json", "my-corp.example.com/v1")]
    [TestCase("gadget-widgets-v1beta2.json", "widgets.example.com/v1beta2")]
    public void Kubeconform_schema_file_names_match_groups_of_several_parts(string fileName, string apiVersion)
    {
        const string schema = """
            {"type": "object", "properties": {"apiVersion": {"type": "string"}, "kind": {"type": "string"}, "metadata": {"type": "object"},
             "spec": {"type": "object", "properties": {"size": {"type": "integer"}}, "additionalProperties": false}}}
            """;
        var markup = Markup.Parse($"apiVersion: {apiVersion}\nkind: Gadget\nmetadata:\n  name: g\nspec:\n  size: [|big|]\n");
        var fileSystem = new InMemoryFileSystem().Add("schemas/" + fileName, schema).Add("gadget.yaml", markup.Text);

        var diagnostics = TestAnalysis.AnalyzeFile(fileSystem, "gadget.yaml", new WorkspaceOptions { ExtraSchemaFolders = ["schemas"] });

        Assert.That(diagnostics.Select(d => (d.Code, d.Span)), Is.EqualTo(new[] { ("schema-type-mismatch", markup.Span) }));
    }

    [Test]
    public void A_kubeconform_schema_for_another_group_of_the_same_first_part_is_not_used_for_a_different_version()
    {
        const string schema = """{"type": "object", "properties": {"spec": {"type": "object", "additionalProperties": false}}}""";
        var fileSystem = new InMemoryFileSystem().Add("schemas/gadget-widgets-v1.json", schema).Add("gadget.yaml", "apiVersion: widgets.example.com/v2\nkind: Gadget\nmetadata:\n  name: g\nspec:\n  size: 1\n");

        var diagnostics = TestAnalysis.AnalyzeFile(fileSystem, "gadget.yaml", new WorkspaceOptions { ExtraSchemaFolders = ["schemas"] });

        Assert.That(diagnostics.Select(d => d.Code), Is.EqualTo(new[] { "no-schema" }));
    }

    [TestCase("schemas/kustomization-kustomize-v1.json", "kustomize/v1", "kustomization")]
    [TestCase("schemas/certificate-cert-manager-v1.json", "cert-manager/v1", "certificate")]
    [TestCase("schemas/service-v1.json", "v1", "service")]
    [TestCase("schemas/gadget-example.com-v1alpha1.json", "example.com/v1alpha1", "gadget")]
    public void Kubeconform_file_names_give_the_kind_and_the_group_part(string path, string apiVersion, string kind)
    {
        Assert.That(GitOpsAi.Core.Schemas.SchemaFolderLoader.KindFromFileName(path), Is.EqualTo((apiVersion, kind)));
    }

    [TestCase("schemas/my-notes.json")]
    [TestCase("schemas/README.json")]
    public void Other_file_names_name_no_kind(string path)
    {
        Assert.That(GitOpsAi.Core.Schemas.SchemaFolderLoader.KindFromFileName(path), Is.Null);
    }
}
