namespace GitOpsAi.Core.Tests.Yaml;

public sealed class YamlParserTests
{
    [Test]
    public void Every_node_knows_its_span_in_the_original_text()
    {
        var markup = Markup.Parse("apiVersion: v1\nkind: [|ConfigMap|]\nmetadata:\n  name: [|demo|]\n");
        var file = YamlParser.Parse(markup.Text);

        var root = file.Documents.Single().RootMapping!;
        Assert.That(root["kind"]!.Span, Is.EqualTo(markup.Spans[0]));
        Assert.That(root.At("metadata", "name")!.Span, Is.EqualTo(markup.Spans[1]));
    }

    [Test]
    public void Multi_document_files_yield_one_document_per_marker()
    {
        var file = YamlParser.Parse("a: 1\n---\nb: 2\n---\n# only a comment\n---\nc: 3\n");

        Assert.That(file.Documents.Where(d => d.Root is not null).Select(d => ((YamlMapping)d.Root!).Pairs[0].KeyText), Is.EqualTo(new[] { "a", "b", "c" }));
        Assert.That(file.Diagnostics, Is.Empty);
    }

    [Test]
    public void Comments_and_blank_lines_between_a_directive_and_its_document_marker_are_valid()
    {
        var file = YamlParser.Parse("%YAML 1.2\n# the first document\n\n---\na: 1\n...\n%YAML 1.2\n# the second\n---\nb: 2\n");

        Assert.That(file.Diagnostics, Is.Empty);
        Assert.That(file.Documents.Select(d => d.RootMapping?.Pairs[0].KeyText), Is.EqualTo(new[] { "a", "b" }));
    }

    [Test]
    public void A_syntax_error_is_reported_where_it_is_and_other_documents_are_still_parsed()
    {
        var markup = Markup.Parse("a: 1\n---\nb: c: d\n---\ne: 2\n");
        var file = YamlParser.Parse(markup.Text);

        var error = file.Diagnostics.Single();
        Assert.That(error.Code, Is.EqualTo("yaml-syntax"));
        Assert.That(error.Span.Start, Is.EqualTo(markup.Text.IndexOf(": d", StringComparison.Ordinal)));
        Assert.That(file.Documents.Count(d => d.IsAnalyzable && d.Root is not null), Is.EqualTo(2));
    }

    [Test]
    public void Comments_are_kept_with_their_position_and_never_found_inside_strings()
    {
        var markup = Markup.Parse("[|# gitops: redis statefulset|]\na: \"x # not a comment\"\nb: |\n  # not a comment either\nc: 1 [|# trailing|]\nd: http://host/#frag\n");
        var file = YamlParser.Parse(markup.Text);

        Assert.That(file.Comments.Select(c => c.Span), Is.EqualTo(markup.Spans));
        Assert.That(file.Comments[0].Text, Is.EqualTo("gitops: redis statefulset"));
        Assert.That(file.Comments[0].IsOwnLine, Is.True);
        Assert.That(file.Comments[1].IsOwnLine, Is.False);
    }

    [Test]
    public void A_comment_on_the_first_line_after_a_byte_order_mark_is_on_its_own_line()
    {
        var file = YamlParser.Parse("\uFEFF# gitops-ai-disable-file\n---\n  # indented\na: 1\n");

        Assert.That(file.Comments.Select(c => c.IsOwnLine), Is.EqualTo(new[] { true, true }));
    }

    [Test]
    public void Comments_after_a_flow_sequence_do_not_break_parsing()
    {
        var file = YamlParser.Parse("a: [x, y] # c\nb: 1\n");

        Assert.That(file.Diagnostics, Is.Empty);
        Assert.That(file.Documents.Single().RootMapping!.GetString("b"), Is.EqualTo("1"));
    }

    [Test]
    public void Duplicate_keys_are_reported_at_the_second_key()
    {
        var markup = Markup.Parse("metadata:\n  name: a\n  [|name|]: b\n");
        var file = YamlParser.Parse(markup.Text);

        var duplicate = file.Diagnostics.Single();
        Assert.That(duplicate.Code, Is.EqualTo("yaml-duplicate-key"));
        Assert.That(duplicate.Span, Is.EqualTo(markup.Span));
        Assert.That(duplicate.Message, Does.Contain("line 2"));
    }

    [Test]
    public void Aliases_resolve_to_the_anchored_node_and_merge_keys_merge()
    {
        var file = YamlParser.Parse("base: &b {x: 1, y: 2}\nother:\n  <<: *b\n  y: 3\nsame: *b\n");
        var root = file.Documents.Single().RootMapping!;

        var other = root.GetMapping("other")!;
        Assert.That(other.Pairs.Select(p => p.KeyText), Is.EqualTo(new[] { "y", "x" }));
        Assert.That(other.GetString("y"), Is.EqualTo("3"));
        Assert.That(root["same"], Is.SameAs(root["base"]));
    }

    [Test]
    public void A_block_collection_ends_where_its_text_ends_even_when_its_last_entry_is_an_alias()
    {
        // An alias resolves to the anchored node, whose span is elsewhere; a merged or duplicate pair is not the last text.
        var markup = Markup.Parse("base: &b {x: 1}\nmerged:\n  [|y: 2\n  <<: *b|]\nlist:\n  [|- a\n  - *b|]\nduplicate:\n  [|a: 1\n  a: 2|]\n");
        var root = YamlParser.Parse(markup.Text).Documents.Single().RootMapping!;

        Assert.That(root["merged"]!.Span, Is.EqualTo(markup.Spans[0]));
        Assert.That(root["list"]!.Span, Is.EqualTo(markup.Spans[1]));
        Assert.That(root["duplicate"]!.Span, Is.EqualTo(markup.Spans[2]));
    }

    [Test]
    public void A_billion_laughs_document_is_refused_quickly_without_expanding_it()
    {
        var bomb = new System.Text.StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (var level = 'b'; level <= 'i'; level++)
        {
            var previous = (char)(level - 1);
            bomb.Append($"{level}: &{level} [{string.Join(",", Enumerable.Repeat("*" + previous, 9))}]\n");
        }

        var file = YamlParser.Parse(bomb + "---\nkind: Fine\n");

        Assert.That(file.Diagnostics.Select(d => d.Code), Is.EqualTo(new[] { "yaml-alias-limit" }));
        Assert.That(file.Documents[0].IsAnalyzable, Is.False);
        Assert.That(file.Documents[1].IsAnalyzable, Is.True);
    }

    [Test]
    public void Ten_thousand_levels_of_nesting_are_refused_without_a_stack_overflow()
    {
        var flow = new string('[', 10_000) + new string(']', 10_000);
        var block = string.Concat(Enumerable.Range(0, 10_000).Select(i => new string(' ', i) + "k:\n"));

        foreach (var text in new[] { flow, block })
        {
            var file = YamlParser.Parse(text);
            Assert.That(file.Diagnostics.Select(d => d.Code), Does.Contain("yaml-too-deep").Or.Contain("yaml-syntax"));
            Assert.That(file.Documents.All(d => !d.IsAnalyzable), Is.True);
        }
    }

    [Test]
    public void Tabs_used_for_indentation_are_reported_at_the_tab()
    {
        var markup = Markup.Parse("a:\n[|\t|]b: 1\n");
        var file = YamlParser.Parse(markup.Text);

        var error = file.Diagnostics.Single();
        Assert.That(error.Span, Is.EqualTo(markup.Span));
        Assert.That(error.Message, Does.Contain("Tabs"));
    }

    [Test]
    public void Windows_line_endings_and_a_byte_order_mark_keep_positions_exact()
    {
        var text = "\uFEFFapiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: x\r\n";
        var file = YamlParser.Parse(text);

        var name = file.Documents.Single().RootMapping!.At("metadata", "name")!;
        Assert.That(file.Source.GetLinePosition(name.Span.Start), Is.EqualTo(new LinePosition(3, 8)));
        Assert.That(((YamlScalar)file.Documents[0].RootMapping!.Pairs[0].Key).Value, Is.EqualTo("apiVersion"));
    }

    [Test]
    public void Flow_style_collections_have_spans_that_include_their_brackets()
    {
        var markup = Markup.Parse("ports: [|[{port: 80}, {port: 443}]|]\n");
        var file = YamlParser.Parse(markup.Text);

        Assert.That(file.Documents[0].RootMapping!["ports"]!.Span, Is.EqualTo(markup.Span));
    }

    [Test]
    public void A_helm_template_is_detected_and_yields_one_note_instead_of_errors()
    {
        var file = YamlParser.Parse("apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ include \"x.fullname\" . }}\n{{- if .Values.x }}\n  labels: {}\n{{- end }}\n");

        Assert.That(file.IsHelmTemplate, Is.True);
        Assert.That(file.Diagnostics.Select(d => d.Code), Is.EqualTo(new[] { "helm-template-skipped" }));
    }

    [Test]
    public void Template_braces_inside_strings_are_not_a_helm_template()
    {
        var file = YamlParser.Parse("spec:\n  target:\n    template:\n      data:\n        password: \"{{ .password }}\"\n        config: |\n          {{ range .items }}x{{ end }}\n");

        Assert.That(file.IsHelmTemplate, Is.False);
        Assert.That(file.Diagnostics, Is.Empty);
    }

    [Test]
    public void An_empty_file_has_no_documents_with_content_and_no_diagnostics()
    {
        foreach (var text in new[] { "", "\n", "# just a comment\n", "---\n" })
        {
            var file = YamlParser.Parse(text);
            Assert.That(file.Diagnostics, Is.Empty, text);
            Assert.That(file.Documents.All(d => d.Root is null), Is.True, text);
        }
    }

    [TestCase("8080", YamlScalarType.Integer)]
    [TestCase("0x1F", YamlScalarType.Integer)]
    [TestCase("1.0", YamlScalarType.Float)]
    [TestCase("1e3", YamlScalarType.Float)]
    [TestCase("true", YamlScalarType.Boolean)]
    [TestCase("yes", YamlScalarType.String)]
    [TestCase("~", YamlScalarType.Null)]
    [TestCase("nginx:1.25", YamlScalarType.String)]
    [TestCase("100m", YamlScalarType.String)]
    [TestCase("-", YamlScalarType.String)]
    public void Plain_scalars_resolve_like_the_yaml_core_schema(string value, YamlScalarType expected)
    {
        Assert.That(YamlScalarResolver.ResolvePlain(value), Is.EqualTo(expected));
    }
}
