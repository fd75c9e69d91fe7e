using GitOpsAi.Core.Language;

namespace GitOpsAi.Core.Tests.Language;

public sealed class CompletionServiceTests
{
    private static IReadOnlyList<CompletionSuggestion> Complete(string markup, string path = "manifest.yaml", InMemoryFileSystem? otherFiles = null)
    {
        var marked = MarkedFile.Load(markup, path, otherFiles);
        return CompletionService.Complete(marked.Workspace, marked.File, marked.Offset);
    }

    private static List<string> Labels(IEnumerable<CompletionSuggestion> suggestions) => suggestions.Select(s => s.Label).ToList();

    [Test]
    public void Completing_an_api_version_value_offers_the_versions_of_the_kind()
    {
        var labels = Labels(Complete("apiVersion: $$\nkind: Deployment\n"));

        Assert.That(labels, Is.EqualTo(new[] { "apps/v1" }));
    }

    [Test]
    public void Completing_an_api_version_without_a_kind_offers_every_known_version()
    {
        var labels = Labels(Complete("apiVersion: $$\n"));

        Assert.That(labels, Is.SupersetOf(new[] { "v1", "apps/v1", "batch/v1", "kustomize.toolkit.fluxcd.io/v1", "source.toolkit.fluxcd.io/v1" }));
        Assert.That(labels, Is.Unique);
    }

    [Test]
    public void Completing_a_kind_value_offers_the_kinds_of_the_api_version()
    {
        var labels = Labels(Complete("apiVersion: apps/v1\nkind: $$\n"));

        Assert.That(labels, Is.SupersetOf(new[] { "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet" }));
        Assert.That(labels, Does.Not.Contain("ConfigMap").And.Not.Contain("Kustomization"));
    }

    [Test]
    public void Completing_a_kind_value_of_a_bundled_crd_group_offers_only_its_kinds()
    {
        var suggestions = Complete("apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: $$\n");

        Assert.That(Labels(suggestions), Is.EqualTo(new[] { "Kustomization" }));
        Assert.That(suggestions[0].Kind, Is.EqualTo(CompletionKind.Kind));
        Assert.That(suggestions[0].Detail, Is.EqualTo("kustomize.toolkit.fluxcd.io/v1"));
    }

    [Test]
    public void Completing_a_kind_value_without_an_api_version_offers_kinds_of_every_group()
    {
        var labels = Labels(Complete("kind: $$\n"));

        Assert.That(labels, Is.SupersetOf(new[] { "ConfigMap", "Deployment", "GitRepository", "HelmRelease", "Kustomization" }));
        Assert.That(labels, Is.Unique, "a kind served by several groups is offered once");
    }

    [TestCase("apiVersion: apps/v1\nkind: [|Dep|]$$\n", "Deployment", TestName = "A_kind_value_replaces_the_typed_prefix")]
    [TestCase("apiVersion: apps/v1\nkind: Deployment\nspec:\n  [|sel|]$$\n", "selector", TestName = "A_key_replaces_the_typed_prefix")]
    public void A_suggestion_replaces_the_typed_prefix(string markup, string expectedLabel)
    {
        var marked = MarkedFile.Load(markup);

        var suggestions = CompletionService.Complete(marked.Workspace, marked.File, marked.Offset);

        Assert.That(Labels(suggestions), Does.Contain(expectedLabel));
        Assert.That(suggestions.Select(s => s.ReplaceSpan).Distinct(), Is.EqualTo(new[] { marked.Markup.Span }));
    }

    [Test]
    public void Completing_keys_under_deployment_spec_offers_its_fields_but_not_those_already_present()
    {
        var suggestions = Complete("""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              replicas: 2
              $$
              strategy:
                type: Recreate
            """);

        var labels = Labels(suggestions);
        Assert.That(labels, Is.SupersetOf(new[] { "selector", "template", "minReadySeconds", "revisionHistoryLimit" }));
        Assert.That(labels, Does.Not.Contain("replicas").And.Not.Contain("strategy"), "keys above and below the cursor are already written");
        Assert.That(labels, Does.Not.Contain("type").And.Not.Contain("name"), "keys of other mappings are not offered");
        Assert.That(suggestions.All(s => s.Kind == CompletionKind.Property), Is.True);
    }

    [Test]
    public void Completing_root_keys_of_a_known_kind_offers_its_top_level_fields_except_status()
    {
        var labels = Labels(Complete("apiVersion: apps/v1\nkind: Deployment\n$$\n"));

        Assert.That(labels, Is.EquivalentTo(new[] { "metadata", "spec" }));
    }

    [Test]
    public void Completing_keys_in_a_document_uses_that_documents_kind()
    {
        var text = "apiVersion: v1\nkind: Service\nspec:\n  ports: []\n---\napiVersion: apps/v1\nkind: Deployment\nspec:\n  $$\n---\napiVersion: v1\nkind: ConfigMap\n";

        var labels = Labels(Complete(text));

        Assert.That(labels, Does.Contain("replicas").And.Contain("selector").And.Not.Contain("ports").And.Not.Contain("clusterIP"));
    }

    [Test]
    public void Completing_at_the_end_of_a_document_followed_by_another_uses_its_own_kind()
    {
        var labels = Labels(Complete("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n$$\n---\napiVersion: apps/v1\nkind: Deployment\n"));

        Assert.That(labels, Is.EquivalentTo(new[] { "data", "binaryData", "immutable" }));
    }

    [Test]
    public void Required_keys_are_marked_and_sorted_first()
    {
        var suggestions = Complete("apiVersion: apps/v1\nkind: Deployment\nspec:\n  $$\n");

        var selector = suggestions.Single(s => s.Label == "selector");
        var replicas = suggestions.Single(s => s.Label == "replicas");
        Assert.That(selector.Detail, Is.EqualTo("required object"));
        Assert.That(replicas.Detail, Is.EqualTo("integer"));
        Assert.That(string.CompareOrdinal(selector.SortText, replicas.SortText), Is.LessThan(0));
        Assert.That(replicas.Documentation, Does.StartWith("Number of desired pods."));
    }

    [Test]
    public void A_key_inserts_a_snippet_shaped_like_its_value()
    {
        var suggestions = Complete("apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      $$\n");

        var containers = suggestions.Single(s => s.Label == "containers");
        var securityContext = suggestions.Single(s => s.Label == "securityContext");
        var hostname = suggestions.Single(s => s.Label == "hostname");
        Assert.That((containers.InsertText, containers.IsSnippet), Is.EqualTo(("containers:\n        - $0", true)));
        Assert.That((securityContext.InsertText, securityContext.IsSnippet), Is.EqualTo(("securityContext:\n        $0", true)));
        Assert.That((hostname.InsertText, hostname.IsSnippet), Is.EqualTo(("hostname: ", false)));
    }

    [Test]
    public void Completing_keys_of_a_list_item_offers_the_item_fields_not_yet_written()
    {
        var labels = Labels(Complete("""
            apiVersion: apps/v1
            kind: Deployment
            spec:
              template:
                spec:
                  containers:
                    - name: web
                      $$
            """));

        Assert.That(labels, Is.SupersetOf(new[] { "image", "ports", "env", "imagePullPolicy", "resources" }));
        Assert.That(labels, Does.Not.Contain("name").And.Not.Contain("containers"));
    }

    [Test]
    public void Keys_of_the_next_list_item_do_not_count_as_present()
    {
        var labels = Labels(Complete("""
            apiVersion: apps/v1
            kind: Deployment
            spec:
              template:
                spec:
                  containers:
                  - name: web
                    $$
                  - name: sidecar
                    image: envoy
            """));

        Assert.That(labels, Does.Contain("image").And.Not.Contain("name"), "an indentless list; the sidecar's keys are its own");
    }

    [Test]
    public void Completing_an_enum_field_offers_its_values()
    {
        var suggestions = Complete("""
            apiVersion: apps/v1
            kind: Deployment
            spec:
              template:
                spec:
                  containers:
                    - name: web
                      imagePullPolicy: $$
            """);

        Assert.That(Labels(suggestions), Is.EquivalentTo(new[] { "Always", "IfNotPresent", "Never" }));
        Assert.That(suggestions.All(s => s.Kind == CompletionKind.EnumMember), Is.True);
    }

    [Test]
    public void Completing_an_enum_field_on_the_first_line_of_a_list_item_offers_its_values()
    {
        var labels = Labels(Complete("apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - imagePullPolicy: $$\n"));

        Assert.That(labels, Is.EquivalentTo(new[] { "Always", "IfNotPresent", "Never" }));
    }

    [Test]
    public void Completing_a_service_type_offers_the_service_types_replacing_the_typed_prefix()
    {
        var marked = MarkedFile.Load("apiVersion: v1\nkind: Service\nspec:\n  type: [|Load|]$$\n");

        var suggestions = CompletionService.Complete(marked.Workspace, marked.File, marked.Offset);

        Assert.That(Labels(suggestions), Is.EquivalentTo(new[] { "ClusterIP", "ExternalName", "LoadBalancer", "NodePort" }));
        Assert.That(suggestions.Select(s => s.ReplaceSpan).Distinct(), Is.EqualTo(new[] { marked.Markup.Span }));
    }

    [Test]
    public void Completing_an_item_of_a_list_of_enum_values_offers_the_values()
    {
        var labels = Labels(Complete("apiVersion: v1\nkind: PersistentVolumeClaim\nspec:\n  accessModes:\n    - ReadWriteOnce\n    - $$\n"));

        Assert.That(labels, Is.EquivalentTo(new[] { "ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod" }));
    }

    [Test]
    public void Completing_a_boolean_field_offers_true_and_false()
    {
        var suggestions = Complete("apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nspec:\n  prune: $$\n");

        Assert.That(Labels(suggestions), Is.EqualTo(new[] { "true", "false" }));
        Assert.That(suggestions.All(s => s.Kind == CompletionKind.Value), Is.True);
    }

    [Test]
    public void A_free_text_field_has_no_value_suggestions()
    {
        Assert.That(Complete("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: $$\n"), Is.Empty);
    }

    [Test]
    public void An_empty_document_offers_resource_skeletons_as_snippets()
    {
        var suggestions = Complete("$$");

        var skeletons = suggestions.Where(s => s.Kind == CompletionKind.Snippet).ToList();
        Assert.That(Labels(skeletons), Is.EqualTo(ResourceSkeletons.All.Select(s => s.Label)));
        Assert.That(skeletons.All(s => s.IsSnippet), Is.True);
        Assert.That(skeletons.Single(s => s.Label == "Deployment").InsertText, Does.StartWith("apiVersion: apps/v1\nkind: Deployment\n"));
        Assert.That(Labels(suggestions.Where(s => s.Kind == CompletionKind.Property)), Is.EqualTo(new[] { "apiVersion", "kind" }));
    }

    [Test]
    public void A_new_document_after_a_separator_offers_resource_skeletons()
    {
        var suggestions = Complete("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n---\n$$");

        Assert.That(Labels(suggestions), Does.Contain("Deployment").And.Contain("apiVersion").And.Contain("kind"));
        Assert.That(Labels(suggestions), Does.Not.Contain("data"), "the ConfigMap above is another document");
    }

    [Test]
    public void A_document_without_identity_offers_api_version_and_kind_but_no_skeletons()
    {
        var suggestions = Complete("metadata:\n  name: web\nkind: Deployment\n$$\n");

        Assert.That(Labels(suggestions), Is.EqualTo(new[] { "apiVersion" }), "kind is already written; the document is not empty");
    }

    [Test]
    public void Completing_keys_of_a_flux_kustomization_spec_uses_the_bundled_crd_schema()
    {
        var suggestions = Complete("apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\nspec:\n  $$\n");

        Assert.That(Labels(suggestions), Is.SupersetOf(new[] { "interval", "path", "sourceRef", "prune", "dependsOn", "postBuild" }));
        Assert.That(suggestions.Single(s => s.Label == "interval").Detail, Is.EqualTo("required string"));
        Assert.That(suggestions.Single(s => s.Label == "path").Detail, Is.EqualTo("string"));
        Assert.That(suggestions.Single(s => s.Label == "sourceRef").InsertText, Is.EqualTo("sourceRef:\n    $0"));
    }

    [Test]
    public void Completing_a_flux_source_ref_kind_offers_the_source_kinds()
    {
        var labels = Labels(Complete("apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nspec:\n  sourceRef:\n    kind: $$\n"));

        Assert.That(labels, Is.EquivalentTo(new[] { "OCIRepository", "GitRepository", "Bucket", "ExternalArtifact" }));
    }

    [Test]
    public void A_kustomization_file_without_api_version_is_completed_as_a_kustomize_kustomization()
    {
        var labels = Labels(Complete("resources:\n  - deployment.yaml\n$$\n", "kustomization.yaml"));

        Assert.That(labels, Is.SupersetOf(new[] { "patches", "images", "namePrefix", "configMapGenerator" }));
        Assert.That(labels, Does.Not.Contain("resources"));
    }

    [Test]
    public void Completing_keys_of_a_kind_defined_by_a_crd_in_the_workspace_uses_that_crd()
    {
        var suggestions = Complete("apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  $$\n", "widget.yaml", WidgetCrd.Workspace());

        Assert.That(Labels(suggestions), Is.EquivalentTo(new[] { "size", "color" }));
        Assert.That(suggestions.Single(s => s.Label == "size").Detail, Is.EqualTo("required integer"));
        Assert.That(suggestions.Single(s => s.Label == "color").Documentation, Is.EqualTo("The colour it is painted."));
    }

    [Test]
    public void Completing_an_enum_of_a_workspace_crd_offers_its_values()
    {
        var labels = Labels(Complete("apiVersion: example.com/v1\nkind: Widget\nspec:\n  color: $$\n", "widget.yaml", WidgetCrd.Workspace()));

        Assert.That(labels, Is.EqualTo(new[] { "red", "blue" }));
    }

    [Test]
    public void A_workspace_crd_kind_is_offered_for_its_api_version()
    {
        var labels = Labels(Complete("apiVersion: example.com/v1\nkind: $$\n", "widget.yaml", WidgetCrd.Workspace()));

        Assert.That(labels, Is.EqualTo(new[] { "Widget" }));
    }

    [Test]
    public void An_unknown_kind_offers_nothing_below_the_root()
    {
        Assert.That(Complete("apiVersion: example.com/v1\nkind: Gizmo\nspec:\n  $$\n"), Is.Empty);
    }
}
