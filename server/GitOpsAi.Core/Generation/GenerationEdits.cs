using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Editing;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Workspace;
using GitOpsAi.Core.Yaml;

namespace GitOpsAi.Core.Generation;

/// <summary>
/// Where generated documents go, as insertions only: below the request comment (the comment stays, nothing the user
/// wrote moves or changes), or into a new file that is then listed in its folder's kustomization.
/// </summary>
public static class GenerationEdits
{
    /// <summary>
    /// Inserts <paramref name="yaml"/> below the comment on <paramref name="commentLine"/> (zero-based). A top-level
    /// comment gets the documents right below it, with <c>---</c> separators where other content shares its document; an
    /// indented comment (inside an object) gets them after the end of that object's document, so it is never split.
    /// </summary>
    public static TextEdit InsertBelowComment(SourceText source, int commentLine, string yaml)
    {
        var text = source.Text;
        var newLine = source.NewLine;
        var lines = Enumerable.Range(0, source.LineCount).Select(i => source.GetLineText(i).ToString()).ToList();
        yaml = yaml.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n') + "\n";
        if (newLine != "\n")
        {
            yaml = yaml.Replace("\n", newLine, StringComparison.Ordinal);
        }

        var indented = commentLine < lines.Count && lines[commentLine].Length > 0 && char.IsWhiteSpace(lines[commentLine][0]);
        var insertLine = indented ? NextSeparator(lines, commentLine + 1) : commentLine + 1;
        var contentBefore = Enumerable.Range(PreviousSeparator(lines, insertLine - 1) + 1, Math.Max(0, insertLine - PreviousSeparator(lines, insertLine - 1) - 1))
            .Any(i => IsContent(lines[i]));
        var contentAfter = !indented && Enumerable.Range(insertLine, NextSeparator(lines, insertLine) - insertLine).Any(i => IsContent(lines[i]));

        int offset;
        var prefix = contentBefore ? "---" + newLine : string.Empty;
        if (insertLine >= source.LineCount)
        {
            offset = text.Length;
            if (text.Length > 0 && !text.EndsWith('\n'))
            {
                prefix = newLine + prefix;
            }
        }
        else
        {
            offset = source.GetLineStart(insertLine);
        }

        return new TextEdit(new TextSpan(offset, 0), prefix + yaml + (contentAfter ? "---" + newLine : string.Empty));
    }

    /// <summary>
    /// The edit that lists <paramref name="newFilePath"/> in the <c>resources</c> of the kustomization in its folder, or
    /// null when the folder has none or already lists it.
    /// </summary>
    public static (string KustomizationPath, TextEdit Edit)? AddToKustomization(WorkspaceSnapshot workspace, string newFilePath)
    {
        var directory = Path.GetDirectoryName(newFilePath);
        if (directory is null)
        {
            return null;
        }

        foreach (var name in (string[])["kustomization.yaml", "kustomization.yml", "Kustomization"])
        {
            var path = Path.Combine(directory, name);
            if (workspace.GetFile(path) is not { IsSkipped: false } file)
            {
                continue;
            }

            var entry = Path.GetFileName(newFilePath);
            var kustomization = file.Manifests.FirstOrDefault(m => m.IsKustomizeConfig || m.IsImpliedKustomization);
            if (kustomization is null)
            {
                return null;
            }

            var resources = kustomization.Root.GetPair("resources");
            if (resources?.Value is YamlSequence list)
            {
                if (list.Items.OfType<YamlScalar>().Any(i => i.Value.TrimStart('.', '/') == entry))
                {
                    return null;
                }

                return YamlEdits.AppendItem(file.Source, list, entry) is { } append ? (path, append) : null;
            }

            if (resources is not null)
            {
                return null; // "resources:" with a scalar or nothing: not ours to rewrite
            }

            var text = file.Source.Text;
            var newLine = file.Source.NewLine;
            var lineEnd = text.IndexOf('\n', Math.Max(0, kustomization.Root.Span.End - 1));
            var offset = lineEnd < 0 ? text.Length : lineEnd + 1;
            var lead = lineEnd < 0 && text.Length > 0 ? newLine : string.Empty;
            return (path, new TextEdit(new TextSpan(offset, 0), $"{lead}resources:{newLine}  - {entry}{newLine}"));
        }

        return null;
    }

    private static bool IsContent(string line)
    {
        var trimmed = line.Trim();
        return trimmed.Length > 0 && !trimmed.StartsWith('#') && trimmed != "---" && trimmed != "...";
    }

    private static bool IsSeparator(string line) => line.StartsWith("---", StringComparison.Ordinal) && (line.Length == 3 || char.IsWhiteSpace(line[3]));

    private static int NextSeparator(List<string> lines, int from)
    {
        for (var i = Math.Max(0, from); i < lines.Count; i++)
        {
            if (IsSeparator(lines[i]))
            {
                return i;
            }
        }

        return lines.Count;
    }

    private static int PreviousSeparator(List<string> lines, int from)
    {
        for (var i = Math.Min(from, lines.Count - 1); i >= 0; i--)
        {
            if (IsSeparator(lines[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
