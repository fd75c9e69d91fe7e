using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Workspace;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Config;

/// <summary>A finding at each rules.yaml pattern that ran out of its time budget (see <see cref="Text.RegexBudget"/>).</summary>
internal static class RegexBudgetReport
{
    public static IEnumerable<Diagnostic> Diagnostics(RulesConfig config, WorkspaceFile configFile)
    {
        if (config.Regexes.Exceeded.Count == 0)
        {
            yield break;
        }

        foreach (var (pattern, why) in config.Regexes.Exceeded.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            // Only the configuration's own patterns are reported; the built-in defaults are ours to fix.
            if (FindScalar(configFile, pattern) is { } scalar)
            {
                yield return CoreDiagnostics.ConfigInvalid.Create(scalar.Span,
                    $"The pattern '{pattern}' was stopped: {why} (catastrophic backtracking?). It was not evaluated again in this run and matched nothing; simplify it.");
            }
        }
    }

    private static YamlScalar? FindScalar(WorkspaceFile file, string value)
    {
        var pending = new Stack<YamlNode>(file.Yaml.Documents.Select(d => d.Root).OfType<YamlNode>());
        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case YamlScalar scalar when scalar.Value == value:
                    return scalar;
                case YamlMapping mapping:
                    foreach (var pair in mapping.Pairs)
                    {
                        pending.Push(pair.Value);
                    }

                    break;
                case YamlSequence sequence:
                    foreach (var item in sequence.Items)
                    {
                        pending.Push(item);
                    }

                    break;
            }
        }

        return null;
    }
}
