using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Tests.Schemas;

/// <summary>
/// The schema loader ignores keywords it does not know, so a typo in a bundled schema ("propertes", or a flow-style
/// description with a comma that splits into a junk key) would silently weaken validation. This lint catches that.
/// </summary>
public sealed class BundledSchemaLintTests
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "type", "description", "properties", "required", "additionalProperties", "items", "enum", "format", "pattern",
        "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "minItems", "maxItems",
        "minProperties", "maxProperties", "uniqueItems", "anyOf", "oneOf", "allOf", "not", "nullable", "default", "$ref",
        "$defs", "title", "deprecated", "x-deprecation-message", "example",
    };

    public static IEnumerable<TestCaseData> SchemaFiles() =>
        Directory.EnumerateFiles(Path.Combine(SharedData.RepositoryRoot, "schemas", "crds"), "*.yaml", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(path => new TestCaseData(Path.GetRelativePath(SharedData.RepositoryRoot, path)).SetName($"Bundled schema {Path.GetRelativePath(Path.Combine(SharedData.RepositoryRoot, "schemas", "crds"), path)} uses only known keywords"));

    [TestCaseSource(nameof(SchemaFiles))]
    public void Bundled_schema_uses_only_known_keywords(string relativePath)
    {
        var file = YamlParser.Parse(File.ReadAllText(Path.Combine(SharedData.RepositoryRoot, relativePath)));
        var problems = new List<string>();
        Assert.That(file.Diagnostics, Is.Empty);
        foreach (var document in file.Documents)
        {
            if (document.Root is YamlMapping root)
            {
                Check(root, "", problems, isRoot: true);
            }
        }

        Assert.That(problems, Is.Empty, string.Join("\n", problems));
    }

    private static void Check(YamlMapping schema, string path, List<string> problems, bool isRoot = false)
    {
        foreach (var pair in schema.Pairs)
        {
            var key = pair.KeyText ?? "?";
            var here = path + "/" + key;
            if (!Keywords.Contains(key) && !key.StartsWith("x-kubernetes-", StringComparison.Ordinal) && !(isRoot && key == "x-kubernetes-group-version-kind"))
            {
                problems.Add($"{here}: unknown keyword");
                continue;
            }

            switch (key)
            {
                case "properties" or "$defs" when pair.Value is YamlMapping children:
                    foreach (var child in children.Pairs)
                    {
                        if (child.Value is YamlMapping childSchema)
                        {
                            Check(childSchema, here + "/" + child.KeyText, problems);
                        }
                        else
                        {
                            problems.Add($"{here}/{child.KeyText}: a schema must be a mapping");
                        }
                    }

                    break;
                case "items" or "additionalProperties" or "not" when pair.Value is YamlMapping child:
                    Check(child, here, problems);
                    break;
                case "anyOf" or "oneOf" or "allOf" when pair.Value is YamlSequence alternatives:
                    foreach (var alternative in alternatives.Items.OfType<YamlMapping>())
                    {
                        Check(alternative, here + "[]", problems);
                    }

                    break;
                case "description" or "title" when pair.Value is not YamlScalar { Type: YamlScalarType.String }:
                    problems.Add($"{here}: must be a string");
                    break;
                case "required" when pair.Value is not YamlSequence:
                    problems.Add($"{here}: must be a list");
                    break;
            }
        }
    }
}
