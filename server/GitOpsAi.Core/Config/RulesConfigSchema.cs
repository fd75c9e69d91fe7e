using System.Text.Json;
using System.Text.Json.Nodes;
using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Rules;

namespace GitOpsAi.Core.Config;

/// <summary>
/// The JSON Schema of .gitops-ai/rules.yaml (schemas/gitops-ai-rules.schema.json), generated from the registry so
/// editors complete rule ids and parameters. A test fails when the committed file is stale.
/// </summary>
public static class RulesConfigSchema
{
    public static string Generate()
    {
        var severity = new JsonObject { ["enum"] = new JsonArray("error", "warning", "information", "info", "hint", "off") };
        var rules = new JsonObject();
        foreach (var rule in RuleRegistry.All.OrderBy(r => r.Id, StringComparer.Ordinal))
        {
            var parameters = new JsonObject();
            foreach (var parameter in rule.Template.ParameterInfo)
            {
                parameters[parameter.Name] = new JsonObject
                {
                    ["type"] = parameter.Type,
                    ["description"] = parameter.Description,
                    ["default"] = parameter.DefaultValue?.DeepClone(),
                };
            }

            rules[rule.Id] = new JsonObject
            {
                ["description"] = $"{rule.Description} {rule.Remediation} (default: {rule.DefaultSeverity.ToName()}{(rule.EnabledByDefault ? string.Empty : ", off")})",
                ["anyOf"] = new JsonArray(
                    severity.DeepClone(),
                    new JsonObject
                    {
                        ["type"] = "object",
                        ["additionalProperties"] = false,
                        ["properties"] = new JsonObject
                        {
                            ["severity"] = severity.DeepClone(),
                            ["enabled"] = new JsonObject { ["type"] = "boolean" },
                            ["parameters"] = new JsonObject { ["type"] = "object", ["additionalProperties"] = false, ["properties"] = parameters },
                        },
                    }),
            };
        }

        foreach (var descriptor in CoreDiagnostics.All.OrderBy(d => d.Code, StringComparer.Ordinal))
        {
            rules[descriptor.Code] = new JsonObject { ["description"] = descriptor.Title, ["anyOf"] = new JsonArray(severity.DeepClone()) };
        }

        var settings = new JsonObject();
        foreach (var property in typeof(RulesSettings).GetProperties())
        {
            var type = property.PropertyType == typeof(bool) ? "boolean" : property.PropertyType == typeof(string) ? "string" : "array";
            var schema = new JsonObject { ["type"] = type };
            if (type == "array")
            {
                schema["items"] = new JsonObject { ["type"] = "string" };
            }

            settings[JsonNamingPolicy.CamelCase.ConvertName(property.Name)] = schema;
        }

        var document = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = "https://gitops-ai.dev/schemas/gitops-ai-rules.schema.json",
            ["title"] = "GitOpsAi rules configuration (.gitops-ai/rules.yaml)",
            ["type"] = "object",
            ["additionalProperties"] = false,
            ["properties"] = new JsonObject
            {
                ["rules"] = new JsonObject { ["type"] = "object", ["additionalProperties"] = false, ["properties"] = rules },
                ["exemptions"] = new JsonObject
                {
                    ["type"] = "array",
                    ["items"] = new JsonObject
                    {
                        ["type"] = "object",
                        ["additionalProperties"] = false,
                        ["required"] = new JsonArray("rules"),
                        ["properties"] = new JsonObject
                        {
                            ["rules"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } },
                            ["kind"] = new JsonObject { ["type"] = "string" },
                            ["namespace"] = new JsonObject { ["type"] = "string" },
                            ["name"] = new JsonObject { ["type"] = "string", ["description"] = "A name or glob such as web-*." },
                            ["path"] = new JsonObject { ["type"] = "string", ["description"] = "A path glob relative to the repository root." },
                            ["reason"] = new JsonObject { ["type"] = "string" },
                        },
                    },
                },
                ["ignore"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" }, ["description"] = "Path globs never analysed." },
                ["settings"] = new JsonObject { ["type"] = "object", ["additionalProperties"] = false, ["properties"] = settings },
                ["drift"] = Drift.DriftSettingsSchema.Generate(),
            },
        };

        return document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }
}
