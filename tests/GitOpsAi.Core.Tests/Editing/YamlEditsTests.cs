using GitOpsAi.Core.Editing;

namespace GitOpsAi.Core.Tests.Editing;

public sealed class YamlEditsTests
{
    private static string Set(string text, string[] path, string value, params string[] to)
    {
        var source = new SourceText(text);
        var root = YamlParser.Parse(source).Documents[0].RootMapping!;
        var target = to.Aggregate(root, (mapping, key) => mapping.GetMapping(key)!);
        var edit = YamlEdits.SetValue(source, target, path, value);
        return edit is null ? "<no edit>" : YamlEdits.Apply(text, [edit]);
    }

    [Test]
    public void A_missing_nested_field_is_inserted_with_the_mapping_indentation_and_comments_stay()
    {
        var text = "spec:\n  # why\n  replicas: 2   # keep\n";

        Assert.That(Set(text, ["strategy", "type"], "Recreate", "spec"), Is.EqualTo("spec:\n  # why\n  replicas: 2   # keep\n  strategy:\n    type: Recreate\n"));
    }

    [Test]
    public void An_existing_scalar_is_replaced_in_place()
    {
        Assert.That(Set("spec:\n  prune: false # no\n", ["prune"], "true", "spec"), Is.EqualTo("spec:\n  prune: true # no\n"));
    }

    [Test]
    public void An_empty_flow_mapping_becomes_a_block_without_a_trailing_space()
    {
        Assert.That(Set("spec:\n  securityContext: {}\n", ["securityContext", "runAsNonRoot"], "true", "spec"), Is.EqualTo("spec:\n  securityContext:\n    runAsNonRoot: true\n"));
    }

    [Test]
    public void A_null_value_becomes_the_value_or_a_block_mapping()
    {
        Assert.That(Set("spec:\n  prune:\n  other: 1\n", ["prune"], "true", "spec"), Is.EqualTo("spec:\n  prune: true\n  other: 1\n"));
        Assert.That(Set("spec:\n  securityContext:\n  other: 1\n", ["securityContext", "runAsNonRoot"], "true", "spec"), Is.EqualTo("spec:\n  securityContext:\n    runAsNonRoot: true\n  other: 1\n"));
    }

    [Test]
    public void Spaces_between_a_key_and_its_colon_stay_where_they_are()
    {
        Assert.That(Set("spec:\n  prune :\n  other: 1\n", ["prune"], "true", "spec"), Is.EqualTo("spec:\n  prune : true\n  other: 1\n"));
        Assert.That(Set("spec:\n  securityContext : {}\n", ["securityContext", "runAsNonRoot"], "true", "spec"), Is.EqualTo("spec:\n  securityContext :\n    runAsNonRoot: true\n"));
        Assert.That(Set("spec:\n  securityContext :\n", ["securityContext", "runAsNonRoot"], "true", "spec"), Is.EqualTo("spec:\n  securityContext :\n    runAsNonRoot: true\n"));
    }

    [Test]
    public void A_list_item_mapping_gets_keys_at_the_item_column()
    {
        var text = "containers:\n  - name: web\n    image: nginx:1.27\n";
        var source = new SourceText(text);
        var item = (YamlMapping)YamlParser.Parse(source).Documents[0].RootMapping!.GetSequence("containers")!.Items[0];

        var result = YamlEdits.Apply(text, [YamlEdits.SetValue(source, item, ["securityContext", "readOnlyRootFilesystem"], "true")!]);

        Assert.That(result, Is.EqualTo("containers:\n  - name: web\n    image: nginx:1.27\n    securityContext:\n      readOnlyRootFilesystem: true\n"));
    }

    [TestCase("drop:\n  - NET_RAW # why\nadd: []\n", "drop:\n  - NET_RAW # why\n  - ALL\nadd: []\n")]
    [TestCase("drop: [NET_RAW]\n", "drop: [NET_RAW, ALL]\n")]
    [TestCase("drop: []\n", "drop: [ALL]\n")]
    [TestCase("drop:\n- NET_RAW", "drop:\n- NET_RAW\n- ALL\n")]
    public void An_item_is_appended_to_a_list_as_it_is_written(string text, string expected)
    {
        var source = new SourceText(text);
        var list = YamlParser.Parse(source).Documents[0].RootMapping!.GetSequence("drop")!;

        Assert.That(YamlEdits.Apply(text, [YamlEdits.AppendItem(source, list, "ALL")!]), Is.EqualTo(expected));
    }

    [Test]
    public void Windows_line_endings_are_kept()
    {
        Assert.That(Set("spec:\r\n  replicas: 2\r\n", ["paused", "x"], "true", "spec"), Is.EqualTo("spec:\r\n  replicas: 2\r\n  paused:\r\n    x: true\r\n"));
    }

    [Test]
    public void Flow_mappings_and_aliased_values_are_not_edited()
    {
        Assert.That(Set("spec: {replicas: 2}\n", ["paused"], "true", "spec"), Is.EqualTo("<no edit>"));
        Assert.That(Set("base: &b\n  a: 1\nspec: *b\n", ["x"], "true", "spec"), Is.EqualTo("<no edit>"), "an edit through an alias would change every place that uses the anchor");
    }
}
