using GitOpsAi.Core.Kustomize;

namespace GitOpsAi.Core.Tests.Kustomize;

/// <summary>What kustomize refuses is an error at the entry that caused it; what we do not render is one note.</summary>
public sealed class RenderErrorTests
{
    private const string ConfigMap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: b\n";

    [Test]
    public void A_missing_resource_file_is_an_error_at_its_entry()
    {
        var (result, markup) = Render("app/kustomization.yaml", "resources:\n  - settings.yaml\n  - [|missing.yaml|]\n", ("app/settings.yaml", ConfigMap));

        var error = Single(result, "kustomize-path-not-found");
        Assert.That(error.Diagnostic.Span, Is.EqualTo(markup.Span));
        Assert.That(result.Objects, Has.Count.EqualTo(1), "what can be rendered still is");
    }

    [Test]
    public void A_cycle_is_an_error_at_the_entry_that_closes_it()
    {
        var markup = Markup.Parse("resources:\n  - [|../a|]\n");
        var fileSystem = new InMemoryFileSystem().Add("a/kustomization.yaml", "resources:\n  - ../b\n").Add("b/kustomization.yaml", markup.Text);

        var result = new KustomizeRenderer(InMemoryFileSystem.Root, fileSystem).Render(InMemoryFileSystem.PathOf("a"));

        var error = Single(result, "kustomize-build-error");
        Assert.That(error.Path, Is.EqualTo(InMemoryFileSystem.PathOf("b/kustomization.yaml")));
        Assert.That(error.Diagnostic.Span, Is.EqualTo(markup.Span));
        Assert.That(error.Diagnostic.Message, Does.Contain("cycle: a -> b -> a"));
    }

    [Test]
    public void A_bare_string_patches_entry_is_an_error_and_its_file_is_never_applied_as_an_object()
    {
        var (result, markup) = Render("app/kustomization.yaml", "resources:\n  - settings.yaml\npatches:\n  - [|patch.yaml|]\n",
            ("app/settings.yaml", ConfigMap), ("app/patch.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: patched\n"));

        Assert.That(Single(result, "kustomize-build-error").Diagnostic.Span, Is.EqualTo(markup.Span));
        Assert.That(result.Objects.Single().Root.At("data", "a")?.ToString(), Is.EqualTo("b"));
    }

    [Test]
    public void Check_reports_a_bare_string_patches_entry_once_and_validates_its_file_as_a_patch()
    {
        var markup = Markup.Parse("resources:\n  - settings.yaml\npatches:\n  - [|patch.yaml|]\n");
        var fileSystem = new InMemoryFileSystem()
            .Add("kustomization.yaml", markup.Text)
            .Add("settings.yaml", ConfigMap)
            .Add("patch.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n");

        var onKustomization = TestAnalysis.AnalyzeFile(fileSystem, "kustomization.yaml").Problems();
        var onPatch = TestAnalysis.AnalyzeFile(fileSystem, "patch.yaml").Problems();

        Assert.That(onKustomization.Select(d => $"{d.Code} {d.Span}"), Is.EqualTo(new[] { $"schema-type-mismatch {markup.Span}" }), "one finding at the entry");
        Assert.That(onPatch, Is.Empty, "a Deployment fragment without selector or template is fine in a patch");
    }

    [Test]
    public void A_generator_file_that_does_not_exist_is_an_error_at_its_entry()
    {
        var (result, markup) = Render("app/kustomization.yaml", "configMapGenerator:\n  - name: settings\n    envs:\n      - [|missing.env|]\n");

        Assert.That(Single(result, "kustomize-build-error").Diagnostic.Span, Is.EqualTo(markup.Span));
    }

    [Test]
    public void A_strategic_merge_patch_for_an_object_that_is_not_there_is_an_error_at_the_patch_entry()
    {
        var (result, markup) = Render("app/kustomization.yaml", "resources:\n  - settings.yaml\npatches:\n  - [|path: patch.yaml|]\n",
            ("app/settings.yaml", ConfigMap), ("app/patch.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\ndata:\n  a: c\n"));

        var error = Single(result, "kustomize-build-error");
        Assert.That(error.Diagnostic.Span.Start, Is.EqualTo(markup.Span.Start));
        Assert.That(error.Diagnostic.Message, Does.Contain("no ConfigMap other exists"));
    }

    [Test]
    public void A_patch_target_that_selects_nothing_is_a_warning_because_kustomize_builds_anyway()
    {
        var (result, _) = Render("app/kustomization.yaml", "resources:\n  - settings.yaml\npatches:\n  - target:\n      kind: Deployment\n    patch: |-\n      - op: remove\n        path: /spec\n",
            ("app/settings.yaml", ConfigMap));

        Assert.That(Single(result, "kustomize-patch-matches-nothing").Diagnostic.Severity, Is.EqualTo(DiagnosticSeverity.Warning));
        Assert.That(result.HasErrors, Is.False);
    }

    [Test]
    public void A_remote_resource_gets_one_note_at_its_entry_and_no_error()
    {
        var (result, markup) = Render("app/kustomization.yaml", "resources:\n  - [|https://github.com/example/repo//deploy?ref=main|]\n  - settings.yaml\n", ("app/settings.yaml", ConfigMap));

        var note = Single(result, "kustomize-not-rendered");
        Assert.That(note.Diagnostic.Severity, Is.EqualTo(DiagnosticSeverity.Information));
        Assert.That(note.Diagnostic.Span, Is.EqualTo(markup.Span));
        Assert.That(result.HasErrors, Is.False);
    }

    [Test]
    public void A_resource_that_leaves_the_repository_is_refused_without_asking_the_file_system()
    {
        var markup = Markup.Parse("resources:\n  - [|../../../etc/passwd|]\n");
        var fileSystem = new RecordingFileSystem(new InMemoryFileSystem().Add("app/kustomization.yaml", markup.Text).Add("../etc/passwd", "root:x:0:0"));

        var result = new KustomizeRenderer(InMemoryFileSystem.Root, fileSystem).Render(InMemoryFileSystem.PathOf("app"), LoadRestriction.RepositoryRoot);

        Assert.That(Single(result, "path-outside-repository").Diagnostic.Span, Is.EqualTo(markup.Span));
        Assert.That(fileSystem.Asked, Has.None.Contains("/etc"));
    }

    [Test]
    public void The_same_object_added_twice_is_an_error()
    {
        var (result, markup) = Render("app/kustomization.yaml", "resources:\n  - settings.yaml\n  - [|again.yaml|]\n", ("app/settings.yaml", ConfigMap), ("app/again.yaml", ConfigMap));

        Assert.That(Single(result, "kustomize-build-error").Diagnostic.Span, Is.EqualTo(markup.Span));
    }

    [Test]
    public void A_component_listed_under_resources_is_an_error()
    {
        var (result, markup) = Render("app/kustomization.yaml", "resources:\n  - [|../extra|]\n",
            ("extra/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n"));

        Assert.That(Single(result, "kustomize-build-error").Diagnostic.Span, Is.EqualTo(markup.Span));
    }

    [Test]
    public void A_sort_order_kustomize_does_not_know_is_an_error_at_its_value()
    {
        var (result, markup) = Render("app/kustomization.yaml", "sortOptions:\n  order: [|alphabetical|]\nresources:\n  - settings.yaml\n", ("app/settings.yaml", ConfigMap));

        Assert.That(Single(result, "kustomize-build-error").Diagnostic.Span, Is.EqualTo(markup.Span));
    }

    [Test]
    public void Build_metadata_gets_one_note_at_its_key_instead_of_annotations_that_are_not_written()
    {
        var (result, markup) = Render("app/kustomization.yaml", "[|buildMetadata|]: [originAnnotations]\nresources:\n  - settings.yaml\n", ("app/settings.yaml", ConfigMap));

        Assert.That(Single(result, "kustomize-not-rendered").Diagnostic.Span, Is.EqualTo(markup.Span));
        Assert.That(result.HasErrors, Is.False);
    }

    [Test]
    public void A_replicas_entry_that_names_no_workload_is_an_error_at_the_entry_even_when_a_config_map_has_the_name()
    {
        var (result, markup) = Render("app/kustomization.yaml", "resources:\n  - settings.yaml\nreplicas:\n  - [|name: settings\n    count: 2|]\n", ("app/settings.yaml", ConfigMap));

        var error = Single(result, "kustomize-build-error");
        Assert.That(error.Diagnostic.Span, Is.EqualTo(markup.Span));
        Assert.That(error.Diagnostic.Message, Does.Contain("no Deployment"));
    }

    [Test]
    public void A_number_where_kustomize_takes_a_string_is_an_error_at_the_value()
    {
        var (result, markup) = Render("app/kustomization.yaml", "resources:\n  - settings.yaml\ncommonLabels:\n  release: [|2024|]\nimages:\n  - name: nginx\n    newTag: [|1.25|]\n", ("app/settings.yaml", ConfigMap));

        var errors = result.Diagnostics.Where(d => d.Diagnostic.Code == "kustomize-build-error").Select(d => d.Diagnostic.Span);
        Assert.That(errors, Is.EqualTo(markup.Spans));
    }

    [Test]
    public void An_object_without_a_kind_or_a_name_is_an_error_at_the_entry_and_is_left_out()
    {
        var (result, markup) = Render("app/kustomization.yaml", "resources:\n  - settings.yaml\n  - [|broken.yaml|]\n",
            ("app/settings.yaml", ConfigMap), ("app/broken.yaml", "apiVersion: v1\nmetadata:\n  name: no-kind\n---\napiVersion: v1\nkind: ConfigMap\ndata:\n  a: b\n"));

        var error = Single(result, "kustomize-build-error");
        Assert.That(error.Diagnostic.Span, Is.EqualTo(markup.Span));
        Assert.That(error.Diagnostic.Message, Does.Contain("no kind"), "one finding per entry: the first problem");
        Assert.That(result.Objects.Select(o => o.Name), Is.EqualTo(new[] { "settings" }), "neither the kind-less nor the nameless object is rendered");
    }

    [Test]
    public void A_target_or_image_name_that_is_not_a_valid_regular_expression_is_an_error_at_its_line_never_a_crash()
    {
        var (result, markup) = Render("app/kustomization.yaml",
            "resources:\n  - settings.yaml\nimages:\n  - [|name: ng(inx\n    newTag: \"2\"|]\npatches:\n  - target:\n      [|name: settings(|]\n    patch: '[{\"op\": \"add\", \"path\": \"/data/b\", \"value\": \"c\"}]'\n",
            ("app/settings.yaml", ConfigMap));

        var errors = result.Diagnostics.Where(d => d.Diagnostic.Code == "kustomize-build-error").OrderBy(d => d.Diagnostic.Span.Start).ToList();
        Assert.That(errors.Select(e => e.Diagnostic.Span), Is.EqualTo(markup.Spans));
        Assert.That(errors.Select(e => e.Diagnostic.Message), Has.All.Contains("not a valid regular expression"));
        Assert.That(result.Objects.Single().Root.At("data", "b"), Is.Null, "the patch is not applied");
    }

    [Test]
    public void An_octal_number_past_64_bits_is_left_as_written_and_a_small_one_becomes_decimal_as_kustomize_writes_it()
    {
        var (result, _) = Render("app/kustomization.yaml", "resources:\n  - settings.yaml\n",
            ("app/settings.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\nmode: 0755\nbig: 01777777777777777777777\n"));

        var root = result.Objects.Single().Root;
        Assert.That(root.At("mode")?.ToString(), Is.EqualTo("493"));
        Assert.That(root.At("big")?.ToString(), Is.EqualTo("01777777777777777777777"));
        Assert.That(result.Diagnostics, Is.Empty);
    }

    [Test]
    public void A_field_in_a_shape_kustomize_does_not_take_is_an_error_at_its_value()
    {
        var (result, markup) = Render("app/kustomization.yaml",
            "resources: [|settings.yaml|]\nnamespace: [|[prod]|]\nreplicas:\n  - name: web\n    count: [|\"3\"|]\n", ("app/settings.yaml", ConfigMap));

        var errors = result.Diagnostics.Where(d => d.Diagnostic.Code == "kustomize-build-error" && d.Diagnostic.Message.Contains(" takes ")).OrderBy(d => d.Diagnostic.Span.Start).ToList();
        Assert.That(errors.Select(e => e.Diagnostic.Span), Is.EqualTo(markup.Spans));
        Assert.That(errors.Select(e => e.Diagnostic.Message), Is.EqualTo(new[]
        {
            "resources takes a list; kustomize build would fail.",
            "namespace takes a string; kustomize build would fail.",
            "replicas.count takes an integer; kustomize build would fail.",
        }));
    }

    [Test]
    public void A_plain_yes_on_or_y_where_kustomize_takes_a_string_is_a_boolean_error_and_a_quoted_one_is_a_string()
    {
        var (result, markup) = Render("app/kustomization.yaml",
            "resources:\n  - settings.yaml\nnamespace: [|yes|]\nnamePrefix: [|y|]\ncommonLabels:\n  enabled: [|off|]\n  team: \"on\"\nimages:\n  - name: nginx\n    newTag: [|On|]\n  - name: redis\n    newTag: [|7.2|]\n",
            ("app/settings.yaml", ConfigMap));

        var errors = result.Diagnostics.Where(d => d.Diagnostic.Code == "kustomize-build-error").OrderBy(d => d.Diagnostic.Span.Start).ToList();
        Assert.That(errors.Select(e => e.Diagnostic.Span), Is.EqualTo(markup.Spans));
        Assert.That(errors.Select(e => e.Diagnostic.Message), Is.EqualTo(new[]
        {
            "namespace takes a string, not the boolean yes; quote it. kustomize build would fail.",
            "namePrefix takes a string, not the boolean y; quote it. kustomize build would fail.",
            "commonLabels.enabled takes a string, not the boolean off; quote it. kustomize build would fail.",
            "images.newTag takes a string, not the boolean On; quote it. kustomize build would fail.",
            "images.newTag takes a string, not the float 7.2; quote it. kustomize build would fail.",
        }));
    }

    [Test]
    public void A_json_patch_path_that_is_not_a_json_pointer_is_an_error_at_the_patch_and_changes_nothing()
    {
        var (result, markup) = Render("app/kustomization.yaml",
            "resources:\n  - settings.yaml\npatches:\n  - [|target: {kind: ConfigMap}\n    patch: '[{\"op\": \"add\", \"path\": \"data/b\", \"value\": \"c\"}]'|]\n", ("app/settings.yaml", ConfigMap));

        var error = Single(result, "kustomize-build-error");
        Assert.That(error.Diagnostic.Span, Is.EqualTo(markup.Span));
        Assert.That(error.Diagnostic.Message, Does.Contain("'data/b' is not a JSON pointer"));
        Assert.That(result.Objects.Single().Root.At("data", "b"), Is.Null);
    }

    private static RenderDiagnostic Single(RenderResult result, string code) => result.Diagnostics.Single(d => d.Diagnostic.Code == code);

    private static string JsonPatch(string op, string path, string? value = "\"1\"") =>
        $"resources:\n  - settings.yaml\npatches:\n  - target:\n      kind: ConfigMap\n    patch: |-\n      - op: {op}\n        path: {path}\n" + (value is null ? "" : $"        value: {value}\n");

    [Test]
    public void A_JSON_patch_adds_an_annotation_to_an_object_without_annotations_as_kustomize_does()
    {
        // kustomize keeps annotations of its own on every object while it builds: metadata.annotations is never missing.
        var (result, _) = Render("app/kustomization.yaml", JsonPatch("add", "/metadata/annotations/team~1owner"), ("app/settings.yaml", ConfigMap));

        Assert.That(result.Diagnostics, Is.Empty);
        Assert.That(result.Objects.Single().Root.At("metadata", "annotations", "team/owner")?.ToString(), Is.EqualTo("1"));
    }

    [Test]
    public void A_JSON_patch_that_removes_missing_annotations_leaves_no_empty_map_and_one_under_missing_labels_still_fails()
    {
        var (removed, _) = Render("app/kustomization.yaml", JsonPatch("remove", "/metadata/annotations", value: null), ("app/settings.yaml", ConfigMap));
        var (labelled, _) = Render("app/kustomization.yaml", JsonPatch("add", "/metadata/labels/team"), ("app/settings.yaml", ConfigMap));

        Assert.That(removed.Diagnostics, Is.Empty);
        Assert.That(removed.Objects.Single().Root.At("metadata", "annotations"), Is.Null);
        Assert.That(Single(labelled, "kustomize-build-error").Diagnostic.Message, Does.Contain("'/metadata/labels/team' does not exist"), "kubectl kustomize 5.5 refuses it too");
    }

    private static (RenderResult Result, Markup Markup) Render(string kustomization, string markupText, params (string Path, string Text)[] files)
    {
        var markup = Markup.Parse(markupText);
        var fileSystem = new InMemoryFileSystem().Add(kustomization, markup.Text);
        foreach (var (path, text) in files)
        {
            fileSystem.Add(path, text);
        }

        var folder = Path.GetDirectoryName(InMemoryFileSystem.PathOf(kustomization))!;
        return (new KustomizeRenderer(InMemoryFileSystem.Root, fileSystem).Render(folder), markup);
    }
}
