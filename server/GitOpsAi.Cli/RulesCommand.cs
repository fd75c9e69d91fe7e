using System.CommandLine;
using System.Text.Json;
using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Rules;

namespace GitOpsAi.Cli;

/// <summary><c>gitops-ai rules [--format text|json]</c>: every built-in rule with its metadata.</summary>
internal static class RulesCommand
{
    public static Command Create(TextWriter stdout)
    {
        var format = new Option<string>("--format", "-f") { Description = "text (a table) or json (an array of rules).", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var command = new Command("rules", "List the built-in rules: id, category, severity, description, remediation and equivalents in other tools.") { format };
        command.SetAction(parseResult =>
        {
            if (parseResult.GetValue(format) == "json")
            {
                WriteJson(stdout);
            }
            else
            {
                WriteText(stdout);
            }

            return CliApplication.ExitOk;
        });
        return command;
    }

    private static void WriteText(TextWriter output)
    {
        var rules = RuleRegistry.All.OrderBy(r => r.Category).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
        var width = rules.Max(r => r.Id.Length);
        foreach (var rule in rules)
        {
            var state = rule.EnabledByDefault ? string.Empty : " (off)";
            output.WriteLine($"{rule.Id.PadRight(width)}  {RuleDocs.Name(rule.Category),-11} {rule.DefaultSeverity.ToName() + state,-13} {rule.Description}");
            output.WriteLine($"{new string(' ', width)}  {rule.Remediation}");
            if (rule.Equivalents.Count > 0)
            {
                output.WriteLine($"{new string(' ', width)}  equivalents: {string.Join(", ", rule.Equivalents)}");
            }

            if (rule.FixSafety is { } safety)
            {
                output.WriteLine($"{new string(' ', width)}  fix: {(safety == FixSafety.Safe ? "safe (applied by --fix)" : "unsafe (applied by --fix --unsafe-fixes)")}");
            }
        }

        output.WriteLine($"{rules.Count} rules. Configure them in .gitops-ai/rules.yaml; see docs/rules.md.");
    }

    private static void WriteJson(TextWriter output)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartArray();
            foreach (var rule in RuleRegistry.All.OrderBy(r => r.Id, StringComparer.Ordinal))
            {
                writer.WriteStartObject();
                writer.WriteString("id", rule.Id);
                writer.WriteString("category", RuleDocs.Name(rule.Category));
                writer.WriteString("severity", rule.DefaultSeverity.ToName());
                writer.WriteBoolean("enabledByDefault", rule.EnabledByDefault);
                writer.WriteString("description", rule.Description);
                writer.WriteString("remediation", rule.Remediation);
                if (rule.FixSafety is { } safety)
                {
                    writer.WriteString("fix", safety == FixSafety.Safe ? "safe" : "unsafe"); // what --fix / --unsafe-fixes apply
                }
                else
                {
                    writer.WriteNull("fix");
                }

                writer.WriteStartArray("equivalents");
                foreach (var equivalent in rule.Equivalents)
                {
                    writer.WriteStringValue(equivalent);
                }

                writer.WriteEndArray();
                writer.WriteStartArray("scope");
                foreach (var scope in rule.Scope)
                {
                    writer.WriteStringValue(scope);
                }

                writer.WriteEndArray();
                writer.WritePropertyName("parameters");
                rule.Template.ParameterValues.WriteTo(writer);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
