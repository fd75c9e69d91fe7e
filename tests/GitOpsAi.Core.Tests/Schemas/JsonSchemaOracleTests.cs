using System.Text.Json.Nodes;
using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.IO;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Schemas;
using GitOpsAi.Core.Workspace;
using Json.Schema;

namespace GitOpsAi.Core.Tests.Schemas;

/// <summary>
/// Differential test of our validator against an independent JSON Schema implementation (JsonSchema.Net 8.0.5) over
/// every core-Kubernetes object in the corpus, with the same generated schema: whatever JsonSchema.Net rejects, we
/// reject too; where we reject more, it is for a documented reason JSON Schema cannot express (quantity and base64
/// formats, a float where Go decodes an integer).
/// </summary>
public sealed class JsonSchemaOracleTests
{
    private static readonly Lazy<JsonObject> KubernetesSchema = new(() =>
    {
        using var stream = typeof(GitOpsAi.Core.Schemas.SchemaRegistry).Assembly.GetManifestResourceStream("kubernetes.schema.json")!;
        return JsonNode.Parse(stream)!.AsObject();
    });

    private static readonly Dictionary<string, JsonSchema> ByDefinition = [];

    [Test]
    public void Our_validator_rejects_everything_json_schema_net_rejects_and_more_only_for_known_reasons()
    {
        var corpus = SharedData.RequireCorpus();
        var analyzer = new Analyzer(AnalyzerFeatures.Core);
        var missed = new List<string>();
        var stricter = new Dictionary<string, int>();
        var compared = 0;
        foreach (var repository in Directory.EnumerateDirectories(corpus))
        {
            var workspace = WorkspaceLoader.Load(repository, PhysicalFileSystem.Instance);
            foreach (var file in workspace.Files.Values)
            {
                var ours = analyzer.Analyze(workspace, file).Diagnostics;
                foreach (var manifest in file.Manifests)
                {
                    if (manifest.ApiVersion is not { } apiVersion || manifest.Kind is not { } kind
                        || workspace.Schemas.Find(apiVersion, kind) is not { Origin: SchemaOrigin.Kubernetes }
                        || manifest.IsSopsEncrypted || file.Source.ToString(manifest.Root.Span).Contains("${", StringComparison.Ordinal)
                        || workspace.Structure.RoleOf(file.Path) != FileRole.Resource)
                    {
                        continue;
                    }

                    compared++;
                    var ourErrors = ours.Where(d => d.Source == DiagnosticSources.Schema && d.Severity == DiagnosticSeverity.Error && manifest.Root.Span.Contains(d.Span.Start)).ToList();
                    var theirs = Evaluate(apiVersion, kind, manifest);
                    var where = $"{Path.GetRelativePath(corpus, file.Path)}:{file.Source.GetLinePosition(manifest.Root.Span.Start).Line + 1}";
                    if (!theirs && ourErrors.Count == 0)
                    {
                        missed.Add(where);
                    }
                    else if (theirs && ourErrors.Count > 0)
                    {
                        foreach (var error in ourErrors)
                        {
                            var reason = error.Code == "schema-invalid-format" ? "format" : error.Message.Contains("is read as a number", StringComparison.Ordinal) ? "float-in-string" : error.Message.Contains("must be an integer, but", StringComparison.Ordinal) && error.Message.Contains('.') ? "float-as-integer" : "unexplained: " + where + " " + error.Message;
                            stricter[reason] = stricter.GetValueOrDefault(reason) + 1;
                        }
                    }
                }
            }
        }

        TestContext.Out.WriteLine($"{compared} core-Kubernetes objects compared; stricter than JSON Schema: {string.Join(", ", stricter.Select(p => $"{p.Key} ×{p.Value}"))}");
        Assert.That(compared, Is.GreaterThan(500));
        Assert.That(missed, Is.Empty, "JsonSchema.Net rejects these and we do not:\n" + string.Join("\n", missed));
        Assert.That(stricter.Keys.Where(k => k.StartsWith("unexplained", StringComparison.Ordinal)), Is.Empty);
    }

    private static bool Evaluate(string apiVersion, string kind, Manifest manifest)
    {
        var definition = KubernetesSchema.Value["x-kubernetes-kinds"]!.AsArray()
            .First(k => k!["apiVersion"]!.GetValue<string>() == apiVersion && k["kind"]!.GetValue<string>() == kind)!["definition"]!.GetValue<string>();
        JsonSchema schema;
        lock (ByDefinition)
        {
            if (!ByDefinition.TryGetValue(definition, out schema!))
            {
                var document = KubernetesSchema.Value.DeepClone().AsObject();
                document["$ref"] = "#/$defs/" + definition;
                schema = JsonSchema.FromText(document.ToJsonString(), new BuildOptions { SchemaRegistry = new Json.Schema.SchemaRegistry(), Dialect = Dialect.Draft202012 });
                ByDefinition[definition] = schema;
            }
        }

        var instance = WithoutNulls(YamlToJson.Convert(manifest.Root));
        return schema.Evaluate(System.Text.Json.JsonSerializer.SerializeToElement(instance), new EvaluationOptions { OutputFormat = OutputFormat.Flag }).IsValid;
    }

    /// <summary>The API server treats "key: null" as an absent key; JSON Schema does not, so nulls are dropped first.</summary>
    private static JsonNode? WithoutNulls(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject json:
                foreach (var (key, value) in json.ToList())
                {
                    if (value is null)
                    {
                        json.Remove(key);
                    }
                    else
                    {
                        WithoutNulls(value);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    WithoutNulls(item);
                }

                break;
        }

        return node;
    }
}
