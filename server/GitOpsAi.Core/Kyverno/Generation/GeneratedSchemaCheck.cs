using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Expressions.JmesPath;
using GitOpsAi.Core.Schemas;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Kyverno.Generation;

/// <summary>
/// A generated resource checked against the schema of its kind (the API server would refuse to create it otherwise):
/// the resource is written out as JSON, read back as YAML and given to the same schema validator as the repository's
/// own objects.
/// </summary>
internal static class GeneratedSchemaCheck
{
    /// <summary>The schema's complaints about the resource (empty when it conforms, or when its kind has no schema).</summary>
    public static IReadOnlyList<string> Problems(SchemaRegistry schemas, JObject generated)
    {
        var apiVersion = (generated.Get("apiVersion") as JString)?.Value;
        var kind = (generated.Get("kind") as JString)?.Value;
        if (apiVersion is null || kind is null || schemas.Find(apiVersion, kind) is not { } schema)
        {
            return [];
        }

        var parsed = YamlParser.Parse(generated.ToJson());
        if (parsed.Documents.Count == 0 || parsed.Documents[0].Root is not { } root)
        {
            return [];
        }

        var output = new List<Diagnostic>();
        SchemaValidator.Validate(root, schema.Root, SchemaValidationOptions.Default, output);
        return output.Where(d => d.Severity is DiagnosticSeverity.Error or DiagnosticSeverity.Warning).Select(d => d.Message).Distinct().ToList();
    }
}
