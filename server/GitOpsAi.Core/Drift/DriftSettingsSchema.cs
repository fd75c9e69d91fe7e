using System.Text.Json.Nodes;

namespace GitOpsAi.Core.Drift;

/// <summary>The JSON Schema of the <c>drift:</c> section of .gitops-ai/rules.yaml (part of gitops-ai-rules.schema.json).</summary>
public static class DriftSettingsSchema
{
    public static JsonObject Generate()
    {
        static JsonObject Str(string description) => new() { ["type"] = "string", ["description"] = description };
        static JsonObject Score(string description) => new() { ["type"] = "integer", ["minimum"] = 0, ["maximum"] = 100, ["description"] = description };
        JsonObject Selector(params (string Name, JsonObject Schema)[] extra)
        {
            var properties = new JsonObject
            {
                ["kind"] = Str("The object's kind."),
                ["name"] = Str("A name or glob such as web-*."),
                ["namespace"] = Str("A namespace or glob."),
                ["path"] = Str("A field path: dotted (spec.replicas, spec.template.spec.containers[].image) or a JSON pointer (/spec/replicas)."),
            };
            foreach (var (name, schema) in extra)
            {
                properties[name] = schema;
            }

            return new JsonObject { ["type"] = "object", ["additionalProperties"] = false, ["properties"] = properties };
        }

        return new JsonObject
        {
            ["type"] = "object",
            ["description"] = "Live-cluster drift: which cluster each path lives in, how drift is scored and what is ignored.",
            ["additionalProperties"] = false,
            ["properties"] = new JsonObject
            {
                ["clusters"] = new JsonObject
                {
                    ["type"] = "array",
                    ["items"] = new JsonObject
                    {
                        ["type"] = "object",
                        ["additionalProperties"] = false,
                        ["required"] = new JsonArray("path", "context"),
                        ["properties"] = new JsonObject
                        {
                            ["path"] = Str("A path glob relative to the repository root, e.g. clusters/prod/**."),
                            ["context"] = Str("The kubeconfig context of the cluster those files are applied to."),
                            ["production"] = new JsonObject { ["type"] = "boolean", ["description"] = "A production cluster (raises the score); default: the context name contains 'prod'." },
                        },
                    },
                },
                ["sensitivity"] = new JsonObject { ["enum"] = new JsonArray("low", "medium", "high"), ["description"] = "low raises maxDriftScore by 15, high lowers it by 15 (default: medium)." },
                ["maxDriftScore"] = new JsonObject
                {
                    ["description"] = $"Drift scoring at or below this is information, above it a warning (default {DriftSettings.DefaultMaxDriftScore}); immutable-field changes are always errors.",
                    ["anyOf"] = new JsonArray(
                        Score("The global threshold."),
                        new JsonObject
                        {
                            ["type"] = "object",
                            ["additionalProperties"] = false,
                            ["properties"] = new JsonObject
                            {
                                ["default"] = Score("The global threshold."),
                                ["overrides"] = new JsonObject { ["type"] = "array", ["items"] = Selector(("max", Score("The threshold for these objects or fields."))) },
                            },
                        }),
                },
                ["ignore"] = new JsonObject { ["type"] = "array", ["description"] = "Drift never reported.", ["items"] = Selector(("reason", Str("Why."))) },
                ["suppressWindows"] = new JsonObject
                {
                    ["type"] = "array",
                    ["description"] = "Recurring periods (e.g. maintenance) when drift is information only.",
                    ["items"] = new JsonObject
                    {
                        ["type"] = "object",
                        ["additionalProperties"] = false,
                        ["required"] = new JsonArray("cron", "duration"),
                        ["properties"] = new JsonObject
                        {
                            ["cron"] = Str("A cron expression in UTC (5 fields, or 6 with seconds)."),
                            ["duration"] = Str("How long each window lasts: 30m, 2h, 1d."),
                            ["reason"] = Str("Why."),
                        },
                    },
                },
                ["baseline"] = new JsonObject
                {
                    ["description"] = "How long drift must recur before it is learnt as normal and scored low (default 14d; 0 turns learning off). Observations stay in a state file in the user's cache folder.",
                    ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "integer", ["minimum"] = 0 }, Str("A duration such as 14d.")),
                },
            },
        };
    }
}
