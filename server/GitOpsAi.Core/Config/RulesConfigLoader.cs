using System.Text.Json;
using System.Text.Json.Nodes;
using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Rules;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Config;

/// <summary>
/// Reads .gitops-ai/rules.yaml (or the seed's .stackgen/ai-rules.yaml when ours is absent). Every problem becomes a
/// diagnostic at its place in that file — an unknown rule id (with a "did you mean"), a bad severity, an unknown
/// parameter — and the rest of the file still applies. Nothing here throws on user input.
/// </summary>
public static class RulesConfigLoader
{
    public static IReadOnlyList<string> ConfigPaths { get; } = [".gitops-ai/rules.yaml", ".gitops-ai/rules.yml", ".stackgen/ai-rules.yaml"];

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, PropertyNameCaseInsensitive = true };

    public static RulesConfig Load(string path, string text)
    {
        var file = YamlParser.Parse(text);
        var diagnostics = new List<Diagnostic>(file.Diagnostics);
        var rules = new Dictionary<string, RuleSetting>(StringComparer.Ordinal);
        var exemptions = new List<RuleExemption>();
        var ignore = new List<string>();
        var settings = new RulesSettings();
        var drift = Drift.DriftSettings.Default;
        var root = file.Documents.FirstOrDefault(d => d.Root is not null)?.RootMapping;
        if (root is null)
        {
            return new RulesConfig(path, rules, exemptions, ignore, settings, diagnostics);
        }

        foreach (var pair in root.Pairs)
        {
            switch (pair.KeyText)
            {
                case "rules":
                    ReadRules(pair.Value, rules, diagnostics);
                    break;
                case "exemptions":
                    ReadExemptions(pair.Value, exemptions, diagnostics);
                    break;
                case "ignore":
                    ignore.AddRange(Strings(pair.Value, "ignore", diagnostics));
                    break;
                case "settings":
                    settings = ReadSettings(pair.Value, diagnostics);
                    break;
                case { } section when Drift.DriftSettingsLoader.SectionNames.Contains(section, StringComparer.Ordinal):
                    drift = Drift.DriftSettingsLoader.Read(pair.Value, diagnostics);
                    break;
                default:
                    diagnostics.Add(CoreDiagnostics.ConfigInvalid.Create(pair.Key.Span,
                        $"Unknown key '{pair.KeyText}'; the configuration has rules, exemptions, ignore, settings and drift." + DidYouMean(pair.KeyText, ["rules", "exemptions", "ignore", "settings", "drift"])));
                    break;
            }
        }

        return new RulesConfig(path, rules, exemptions, ignore, settings, diagnostics) { Drift = drift };
    }

    private static void ReadRules(YamlNode node, Dictionary<string, RuleSetting> rules, List<Diagnostic> diagnostics)
    {
        if (node is not YamlMapping mapping)
        {
            diagnostics.Add(CoreDiagnostics.ConfigInvalid.Create(node.Span, "'rules' must map rule ids to a severity, 'off', or {severity, enabled, parameters}."));
            return;
        }

        foreach (var pair in mapping.Pairs)
        {
            var id = pair.KeyText ?? string.Empty;
            var rule = RuleRegistry.Find(id);
            if (rule is null && !IsKnownCode(id))
            {
                diagnostics.Add(CoreDiagnostics.ConfigUnknownRule.Create(pair.Key.Span,
                    $"There is no rule '{id}'." + DidYouMean(id, ConfigurableCodes()) + " Run 'gitops-ai rules' for the list."));
                continue;
            }

            if (pair.Value is YamlScalar scalar)
            {
                if (ParseLevel(scalar.Value, out var enabled, out var severity))
                {
                    rules[id] = new RuleSetting(enabled, severity, null);
                }
                else
                {
                    diagnostics.Add(CoreDiagnostics.ConfigInvalid.Create(scalar.Span, $"'{scalar.Value}' is not a severity; use error, warning, information, hint or off."));
                }

                continue;
            }

            if (pair.Value is not YamlMapping settings)
            {
                diagnostics.Add(CoreDiagnostics.ConfigInvalid.Create(pair.Value.Span, $"Configure '{id}' with a severity, 'off', or a mapping of severity, enabled and parameters."));
                continue;
            }

            bool? isEnabled = null;
            DiagnosticSeverity? level = null;
            JsonObject? parameters = null;
            foreach (var setting in settings.Pairs)
            {
                switch (setting.KeyText)
                {
                    case "severity" when setting.Value is YamlScalar value && ParseLevel(value.Value, out var on, out var parsed):
                        level = parsed;
                        isEnabled = on == false ? false : isEnabled;
                        break;
                    case "severity":
                        diagnostics.Add(CoreDiagnostics.ConfigInvalid.Create(setting.Value.Span, "The severity must be error, warning, information, hint or off."));
                        break;
                    case "enabled" when setting.Value is YamlScalar { Type: YamlScalarType.Boolean } flag:
                        isEnabled = flag.IsTrue;
                        break;
                    case "enabled":
                        diagnostics.Add(CoreDiagnostics.ConfigInvalid.Create(setting.Value.Span, "'enabled' must be true or false."));
                        break;
                    case "parameters" when rule is not null && YamlToJson.Convert(setting.Value) is JsonObject overrides:
                        var problems = new List<string>();
                        rule.Template.WithParameters(overrides, problems);
                        foreach (var problem in problems)
                        {
                            diagnostics.Add(CoreDiagnostics.ConfigInvalid.Create(setting.Value.Span, $"{id}: {problem}"));
                        }

                        parameters = overrides;
                        break;
                    case "parameters":
                        diagnostics.Add(CoreDiagnostics.ConfigInvalid.Create(setting.Value.Span, rule is null ? $"'{id}' takes no parameters." : "'parameters' must be a mapping."));
                        break;
                    default:
                        diagnostics.Add(CoreDiagnostics.ConfigInvalid.Create(setting.Key.Span, $"Unknown setting '{setting.KeyText}' for '{id}'; use severity, enabled or parameters."));
                        break;
                }
            }

            rules[id] = new RuleSetting(isEnabled, level, parameters);
        }
    }

    private static void ReadExemptions(YamlNode node, List<RuleExemption> exemptions, List<Diagnostic> diagnostics)
    {
        if (node is not YamlSequence list)
        {
            diagnostics.Add(CoreDiagnostics.ConfigInvalid.Create(node.Span, "'exemptions' must be a list."));
            return;
        }

        foreach (var item in list.Items)
        {
            if (item is not YamlMapping entry)
            {
                diagnostics.Add(CoreDiagnostics.ConfigInvalid.Create(item.Span, "Each exemption is a mapping with rules and kind/namespace/name/path."));
                continue;
            }

            var ruleIds = new List<string>();
            foreach (var pair in entry.Pairs.Where(p => p.KeyText is not ("rules" or "kind" or "namespace" or "name" or "path" or "reason")))
            {
                diagnostics.Add(CoreDiagnostics.ConfigInvalid.Create(pair.Key.Span, $"Unknown exemption key '{pair.KeyText}'; use rules, kind, namespace, name, path and reason."));
            }

            if (entry["rules"] is { } rulesNode)
            {
                foreach (var scalar in rulesNode is YamlSequence sequence ? sequence.Items.OfType<YamlScalar>() : rulesNode is YamlScalar one ? [one] : [])
                {
                    if (scalar.Value != "*" && RuleRegistry.Find(scalar.Value) is null && !IsKnownCode(scalar.Value))
                    {
                        diagnostics.Add(CoreDiagnostics.ConfigUnknownRule.Create(scalar.Span, $"There is no rule '{scalar.Value}'." + DidYouMean(scalar.Value, ConfigurableCodes())));
                    }

                    ruleIds.Add(scalar.Value);
                }
            }
            else
            {
                diagnostics.Add(CoreDiagnostics.ConfigInvalid.Create(entry.Span.Length > 0 ? new TextSpan(entry.Span.Start, 0) : entry.Span, "An exemption needs 'rules' (a list of rule ids, or \"*\")."));
                continue;
            }

            exemptions.Add(new RuleExemption(ruleIds, entry.GetString("kind"), entry.GetString("namespace"), entry.GetString("name"), entry.GetString("path"), entry.GetString("reason")));
        }
    }

    private static RulesSettings ReadSettings(YamlNode node, List<Diagnostic> diagnostics)
    {
        if (YamlToJson.Convert(node) is not JsonObject json || node is not YamlMapping mapping)
        {
            diagnostics.Add(CoreDiagnostics.ConfigInvalid.Create(node.Span, "'settings' must be a mapping."));
            return new RulesSettings();
        }

        var known = typeof(RulesSettings).GetProperties().Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).ToList();
        foreach (var pair in mapping.Pairs.Where(p => p.KeyText is { } key && !known.Contains(key, StringComparer.OrdinalIgnoreCase)))
        {
            diagnostics.Add(CoreDiagnostics.ConfigInvalid.Create(pair.Key.Span, $"Unknown setting '{pair.KeyText}'." + DidYouMean(pair.KeyText ?? string.Empty, known)));
        }

        try
        {
            return json.Deserialize<RulesSettings>(Json) ?? new RulesSettings();
        }
        catch (JsonException exception)
        {
            diagnostics.Add(CoreDiagnostics.ConfigInvalid.Create(node.Span, $"A setting has the wrong type: {exception.Message}"));
            return new RulesSettings();
        }
    }

    private static IEnumerable<string> Strings(YamlNode node, string field, List<Diagnostic> diagnostics)
    {
        if (node is not YamlSequence sequence)
        {
            diagnostics.Add(CoreDiagnostics.ConfigInvalid.Create(node.Span, $"'{field}' must be a list of path globs."));
            return [];
        }

        return sequence.Items.OfType<YamlScalar>().Select(s => s.Value);
    }

    private static bool ParseLevel(string text, out bool? enabled, out DiagnosticSeverity? severity)
    {
        enabled = null;
        severity = null;
        if (text == ConfiguredLevel.Off)
        {
            enabled = false;
            return true;
        }

        if (text is "on" or "true")
        {
            enabled = true;
            return true;
        }

        if (DiagnosticSeverityNames.TryParse(text, out var parsed))
        {
            severity = parsed;
            enabled = true;
            return true;
        }

        return false;
    }

    /// <summary>Rule ids and the codes of core diagnostics: what "did you mean" picks from, in rules and in exemptions alike.</summary>
    private static IEnumerable<string> ConfigurableCodes() => RuleRegistry.All.Select(r => r.Id).Concat(CoreDiagnostics.All.Select(d => d.Code));

    /// <summary>Codes that are not rules (schema, structure, Kyverno policies) can still be given a severity or turned off.</summary>
    private static bool IsKnownCode(string id) =>
        CoreDiagnostics.IsBuiltIn(id) || id.StartsWith("kyverno:", StringComparison.Ordinal)
        || id.StartsWith("admission:", StringComparison.Ordinal); // ValidatingAdmissionPolicy findings

    private static string DidYouMean(string? value, IEnumerable<string> candidates) =>
        value is not null && Suggestions.Closest(value, candidates) is { } suggestion ? $" Did you mean '{suggestion}'?" : string.Empty;
}
