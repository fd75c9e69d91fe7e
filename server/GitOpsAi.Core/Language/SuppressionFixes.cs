using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Editing;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Workspace;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Language;

/// <summary>
/// The two actions offered on every finding: "Disable &lt;code&gt; for this line" (a
/// <c># gitops-ai-disable-next-line</c> comment above it, or the code appended to one already there) and
/// "Configure &lt;code&gt; in .gitops-ai/rules.yaml" (an entry in the rules section; the file is created if needed).
/// Both are safe fixes: they change a comment or the configuration, never an object.
/// </summary>
public static class SuppressionFixes
{
    public static IReadOnlyList<CodeFix> For(Diagnostic diagnostic, WorkspaceFile file, WorkspaceSnapshot workspace)
    {
        var fixes = new List<CodeFix>();
        if (DisableForLine(diagnostic, file) is { } disable)
        {
            fixes.Add(disable);
        }

        fixes.Add(Configure(diagnostic, workspace));
        return fixes;
    }

    public static CodeFix? DisableForLine(Diagnostic diagnostic, WorkspaceFile file)
    {
        if (diagnostic.Code is "yaml-syntax")
        {
            return null; // a comment cannot make broken YAML parse
        }

        var source = file.Source;
        var line = source.GetLinePosition(diagnostic.Span.Start).Line;
        var title = $"Disable {diagnostic.Code} for this line";
        var previous = line > 0 ? source.GetLineText(line - 1).ToString() : string.Empty;
        var marker = "# " + Suppressions.NextLineDirective;
        var at = previous.IndexOf(marker, StringComparison.Ordinal);
        if (at >= 0)
        {
            var previousStart = source.GetLineStart(line - 1);
            var insertAt = previousStart + previous.TrimEnd().Length;
            var reason = previous.IndexOf(" --", at, StringComparison.Ordinal);
            if (reason >= 0)
            {
                insertAt = previousStart + reason;
            }

            return new CodeFix(title, [new TextEdit(new TextSpan(insertAt, 0), "," + diagnostic.Code)]) { Safety = FixSafety.Safe };
        }

        return new CodeFix(title, [YamlEdits.InsertLineBefore(source, diagnostic.Span.Start, $"{marker} {diagnostic.Code}")]) { Safety = FixSafety.Safe };
    }

    public static CodeFix Configure(Diagnostic diagnostic, WorkspaceSnapshot workspace)
    {
        var title = $"Configure {diagnostic.Code} in .gitops-ai/rules.yaml";
        var entry = $"{diagnostic.Code}: {diagnostic.Severity.ToName()}";
        var existingPath = workspace.RulesConfig.Path;
        if (existingPath is null)
        {
            var path = Path.Combine(workspace.Root, ".gitops-ai", "rules.yaml");
            var text = "# yaml-language-server: $schema=https://gitops-ai.dev/schemas/gitops-ai-rules.schema.json\n# GitOpsAi rules: a severity (error, warning, information, hint) or off per rule; see docs/rules.md.\nrules:\n  " + entry + "\n";
            return new CodeFix(title, []) { OtherFiles = new Dictionary<string, IReadOnlyList<TextEdit>> { [path] = [new TextEdit(new TextSpan(0, 0), text)] }, CreatesFiles = true, Safety = FixSafety.Safe };
        }

        var configText = workspace.GetFile(existingPath)?.Source.Text ?? ReadText(workspace, existingPath);
        var source = new SourceText(configText);
        var root = YamlParser.Parse(source).Documents.FirstOrDefault(d => d.Root is not null)?.RootMapping;
        var edit = root is null ? null : SetSeverity(source, root, diagnostic.Code, diagnostic.Severity.ToName());
        if (edit is null)
        {
            var prefix = configText.Length > 0 && !configText.EndsWith('\n') ? "\n" : string.Empty;
            edit = new TextEdit(new TextSpan(configText.Length, 0), prefix + "rules:\n  " + entry + "\n");
        }

        return new CodeFix(title, []) { OtherFiles = new Dictionary<string, IReadOnlyList<TextEdit>> { [existingPath] = [edit] }, Safety = FixSafety.Safe };
    }

    /// <summary>
    /// The edit that gives the code this severity in an existing configuration: the rules section and the entry are
    /// created when missing (also from "rules:" or "rules: {}"), and an entry written as a mapping keeps its other
    /// settings (enabled, parameters). Null when only appending a new rules section is left.
    /// </summary>
    private static TextEdit? SetSeverity(SourceText source, YamlMapping root, string code, string severity)
    {
        var rules = root["rules"] as YamlMapping;
        if (rules is { IsFlow: true, Pairs.Count: > 0 })
        {
            // "rules: {a: warning}": an entry written there can be replaced; nothing can be added.
            return rules.GetPair(code) is { } present ? new TextEdit(present.Value.Span, severity) : null;
        }

        string[] path = rules?[code] is YamlMapping { IsFlow: false } ? ["rules", code, "severity"] : ["rules", code];
        return YamlEdits.SetValue(source, root, path, severity);
    }

    private static string ReadText(WorkspaceSnapshot workspace, string path)
    {
        try
        {
            return IO.TextDecoder.Decode(workspace.FileSystem.ReadAllBytes(path)).Text;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }
}
