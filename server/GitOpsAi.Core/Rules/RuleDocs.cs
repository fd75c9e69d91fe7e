using System.Text;
using GitOpsAi.Core.Diagnostics;

namespace GitOpsAi.Core.Rules;

/// <summary>The rule reference of docs/rules.md, generated from the registry (a test fails when the file is stale).</summary>
public static class RuleDocs
{
    public const string Begin = "<!-- generated:rules:begin -->";
    public const string End = "<!-- generated:rules:end -->";

    public static string Reference()
    {
        var builder = new StringBuilder();
        builder.Append(Begin).Append('\n');
        builder.Append($"{RuleRegistry.All.Count} rules.\n\n");
        builder.Append("| Rule | Category | Default severity | On by default | Equivalents |\n|---|---|---|---|---|\n");
        foreach (var rule in Ordered())
        {
            builder.Append($"| [`{rule.Id}`](#{rule.Id}) | {Name(rule.Category)} | {rule.DefaultSeverity.ToName()} | {(rule.EnabledByDefault ? "yes" : "no")} | {string.Join(", ", rule.Equivalents.Select(e => $"`{e}`"))} |\n");
        }

        foreach (var rule in Ordered())
        {
            builder.Append($"\n### {rule.Id}\n\n");
            builder.Append($"{rule.Description}\n\n");
            builder.Append($"- **Category**: {Name(rule.Category)}\n");
            builder.Append($"- **Default severity**: {rule.DefaultSeverity.ToName()}{(rule.EnabledByDefault ? string.Empty : " (off by default)")}\n");
            builder.Append($"- **Scope**: {string.Join(", ", rule.Scope.Select(ScopeName))}\n");
            builder.Append($"- **Template**: `{rule.Template.TemplateName}`\n");
            if (rule.Equivalents.Count > 0)
            {
                builder.Append($"- **Equivalents**: {string.Join(", ", rule.Equivalents.Select(e => $"`{e}`"))}\n");
            }

            builder.Append($"- **Remediation**: {rule.Remediation}\n");
            if (rule.Notes is { } notes)
            {
                builder.Append($"- **Notes**: {notes}\n");
            }

            var parameters = rule.Template.ParameterInfo;
            if (parameters.Count > 0)
            {
                builder.Append("\n| Parameter | Type | Default | Description |\n|---|---|---|---|\n");
                foreach (var parameter in parameters)
                {
                    var value = parameter.DefaultValue?.ToJsonString().Replace("|", "\\|", StringComparison.Ordinal) ?? "null";
                    builder.Append($"| `{parameter.Name}` | {parameter.Type} | `{value}` | {parameter.Description} |\n");
                }
            }
        }

        builder.Append(End).Append('\n');
        return builder.ToString();
    }

    /// <summary>Replaces the generated region of an existing document (or appends it).</summary>
    public static string Update(string document, string begin, string end, string region)
    {
        var start = document.IndexOf(begin, StringComparison.Ordinal);
        var stop = document.IndexOf(end, StringComparison.Ordinal);
        if (start < 0 || stop < start)
        {
            return document.TrimEnd('\n') + "\n\n" + region;
        }

        var afterEnd = stop + end.Length;
        if (afterEnd < document.Length && document[afterEnd] == '\n')
        {
            afterEnd++;
        }

        return document[..start] + region + document[afterEnd..];
    }

    public static string Name(RuleCategory category) => category.ToString().ToLowerInvariant();

    private static IEnumerable<RuleDefinition> Ordered() => RuleRegistry.All.OrderBy(r => r.Category).ThenBy(r => r.Id, StringComparer.Ordinal);

    private static string ScopeName(string scope) => scope switch
    {
        RuleScope.Workloads => $"workloads ({string.Join(", ", Manifests.WorkloadKinds.All)})",
        RuleScope.Any => "any object",
        _ => scope,
    };
}
