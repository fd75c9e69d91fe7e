using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Manifests;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Analysis;

/// <summary>
/// Applies what users said about findings, for every code (rules, schema, structure):
/// <c># gitops-ai-disable-next-line a,b</c> above a line, <c># gitops-ai-disable-line a</c> at its end,
/// <c># gitops-ai-disable-file a,b</c> anywhere in the file (no ids: everything), the annotation
/// <c>gitops-ai.dev/ignore: a,b</c> on an object. What .gitops-ai/rules.yaml says (off, severities, exemptions) is
/// applied after these, by <see cref="Config.FindingConfiguration"/>. A hint that stands in for a finding (a built-in
/// finding a Kyverno mutate policy resolves at admission) is suppressed by what suppresses that finding's code too, so
/// silencing a finding never brings it back as its replacement.
/// </summary>
public static class Suppressions
{
    public const string IgnoreAnnotation = "gitops-ai.dev/ignore";
    public const string NextLineDirective = "gitops-ai-disable-next-line";
    public const string LineDirective = "gitops-ai-disable-line";
    public const string FileDirective = "gitops-ai-disable-file";

    public static List<Diagnostic> Apply(WorkspaceFile file, List<Diagnostic> diagnostics)
    {
        if (diagnostics.Count == 0)
        {
            return diagnostics;
        }

        var source = file.Source;
        var byLine = new Dictionary<int, HashSet<string>>();
        HashSet<string>? wholeFile = null;
        foreach (var comment in file.Yaml.Comments)
        {
            if (Directive(comment.Text, NextLineDirective) is { } nextLine)
            {
                var line = NextContentLine(file, source.GetLinePosition(comment.Span.Start).Line);
                Add(byLine, line, nextLine);
            }
            else if (Directive(comment.Text, LineDirective) is { } sameLine)
            {
                Add(byLine, source.GetLinePosition(comment.Span.Start).Line, sameLine);
            }
            else if (Directive(comment.Text, FileDirective) is { } fileWide)
            {
                wholeFile ??= [];
                wholeFile.UnionWith(fileWide);
            }
        }

        // Few objects carry the annotation: the others make no set, and findings are matched against none when none
        // does (a set per object and a delegate per finding were 0.25 MB of a keystroke in a file with 2,013 findings).
        var annotated = new List<(Manifest Manifest, HashSet<string> Ids)>();
        foreach (var manifest in file.Manifests)
        {
            if (IgnoredByAnnotation(manifest) is { Count: > 0 } ids)
            {
                annotated.Add((manifest, ids));
            }
        }

        if (wholeFile is null && byLine.Count == 0 && annotated.Count == 0)
        {
            return diagnostics; // nothing suppressed: no copy of every finding
        }

        var result = new List<Diagnostic>(diagnostics.Count);
        foreach (var diagnostic in diagnostics)
        {
            if (wholeFile is not null && (wholeFile.Count == 0 || Names(wholeFile, diagnostic)))
            {
                continue;
            }

            if (byLine.Count > 0 && byLine.TryGetValue(source.GetLinePosition(diagnostic.Span.Start).Line, out var lineIds) && (lineIds.Count == 0 || Names(lineIds, diagnostic)))
            {
                continue;
            }

            if (annotated.Count > 0 && IgnoredByObject(annotated, diagnostic))
            {
                continue;
            }

            result.Add(diagnostic);
        }

        return result;
    }

    /// <summary>The key under which a hint names the finding it replaces (see Kyverno's AdmittedObjectChecks).</summary>
    public const string ResolvedCodeProperty = "resolvedCode";

    /// <summary>True when <paramref name="ids"/> name the diagnostic's code, or the code of the finding it stands in for.</summary>
    private static bool Names(HashSet<string> ids, Diagnostic diagnostic) =>
        ids.Contains(diagnostic.Code)
        || (diagnostic.Properties is { } properties && properties.TryGetValue(ResolvedCodeProperty, out var resolved) && ids.Contains(resolved));

    /// <summary>The ids after a directive ("gitops-ai-disable-next-line a, b -- reason"), or null when the comment is not one.</summary>
    private static HashSet<string>? Directive(string comment, string directive)
    {
        if (!comment.StartsWith(directive, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = comment[directive.Length..];
        if (rest.Length > 0 && !char.IsWhiteSpace(rest[0]))
        {
            return null; // a longer word, e.g. disable-next-lines
        }

        var reason = rest.IndexOf("--", StringComparison.Ordinal);
        if (reason >= 0)
        {
            rest = rest[..reason];
        }

        return rest.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
    }

    private static HashSet<string>? IgnoredByAnnotation(Manifest manifest) =>
        manifest.Annotations.TryGetValue(IgnoreAnnotation, out var value)
            ? value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal)
            : null;

    private static bool IgnoredByObject(List<(Manifest Manifest, HashSet<string> Ids)> annotated, Diagnostic diagnostic)
    {
        foreach (var (manifest, ids) in annotated)
        {
            if (manifest.Document.Span.Contains(diagnostic.Span.Start) && (ids.Contains("*") || Names(ids, diagnostic)))
            {
                return true;
            }
        }

        return false;
    }

    private static int NextContentLine(WorkspaceFile file, int commentLine)
    {
        var source = file.Source;
        for (var line = commentLine + 1; line < source.LineCount; line++)
        {
            var text = source.GetLineText(line).Trim();
            if (!text.IsEmpty && text[0] != '#')
            {
                return line;
            }
        }

        return commentLine + 1;
    }

    private static void Add(Dictionary<int, HashSet<string>> byLine, int line, HashSet<string> ids)
    {
        if (byLine.TryGetValue(line, out var existing))
        {
            if (existing.Count != 0)
            {
                existing.UnionWith(ids);
            }
        }
        else
        {
            byLine[line] = ids;
        }
    }
}
