using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Editing;

/// <summary>
/// Applies fixes to one file the safe way: one preferred fix at a time, each computed on the text the previous one
/// produced (two fixes never fight over the same field, e.g. a renamed "replica" and an inserted "replicas"), and each
/// checked. A fix is undone and not tried again when its result parses worse, holds a different number of objects, or
/// still reports as many findings of that code (a fix that does not resolve its finding would otherwise be applied
/// over and over). Only fixes that edit this file alone are applied, and only safe ones unless
/// <c>includeUnsafe</c> (see <see cref="FixSafety"/>).
/// </summary>
public static class FixApplier
{
    /// <param name="Codes">The finding code of each applied fix, in the order applied (what a dry run lists).</param>
    public sealed record Result(string Text, int Applied, IReadOnlyList<string> Codes);

    private sealed record Step(WorkspaceFile File, WorkspaceSnapshot Snapshot, string Code, int CodeCount, (string, string, int) Key);

    public static Result ApplyAll(Analyzer analyzer, WorkspaceSnapshot workspace, WorkspaceFile file, int maxFixes = 200, CancellationToken cancellationToken = default, bool includeUnsafe = false)
    {
        var current = file;
        var snapshot = workspace;
        var applied = 0;
        var codes = new List<string>();
        var refused = new HashSet<(string Code, string Title, int Start)>();
        Step? last = null;
        for (var round = 0; round < maxFixes * 2; round++)
        {
            var diagnostics = analyzer.Analyze(snapshot, current, cancellationToken).Diagnostics;
            if (last is not null && diagnostics.Count(d => d.Code == last.Code) >= last.CodeCount)
            {
                // The last fix did not resolve its finding: undo it and look again without it.
                refused.Add(last.Key);
                (current, snapshot, last) = (last.File, last.Snapshot, null);
                applied--;
                codes.RemoveAt(codes.Count - 1);
                continue;
            }

            if (applied >= maxFixes || !TryNextFix(workspace, current, diagnostics, refused, includeUnsafe, out var next, out var diagnostic, out var key))
            {
                break;
            }

            last = new Step(current, snapshot, diagnostic.Code, diagnostics.Count(d => d.Code == diagnostic.Code), key);
            current = next;
            snapshot = snapshot.WithFile(current.Path, current);
            applied++;
            codes.Add(diagnostic.Code);
        }

        return new Result(current.Source.Text, applied, codes);
    }

    private static bool TryNextFix(
        WorkspaceSnapshot workspace,
        WorkspaceFile current,
        IReadOnlyList<Diagnostic> diagnostics,
        HashSet<(string, string, int)> refused,
        bool includeUnsafe,
        out WorkspaceFile next,
        out Diagnostic chosen,
        out (string, string, int) key)
    {
        var yamlProblems = current.Yaml.Diagnostics.Count;
        // Schema fixes first (a misspelt key renamed before a rule inserts the "missing" one), then by severity.
        foreach (var diagnostic in diagnostics.OrderBy(d => d.Source == DiagnosticSources.Schema ? 0 : 1).ThenBy(d => d.Severity).ThenBy(d => d.Span.Start))
        {
            var fix = diagnostic.Fixes.FirstOrDefault(f => f.IsPreferred && (includeUnsafe || f.Safety == FixSafety.Safe) && f.OtherFiles is null && f.SecretValues is null && f.Edits.Count > 0);
            key = (diagnostic.Code, fix?.Title ?? "", diagnostic.Span.Start);
            if (fix is null || refused.Contains(key))
            {
                continue;
            }

            var text = YamlEdits.Apply(current.Source.Text, fix.Edits);
            var candidate = WorkspaceFile.FromText(current.Path, workspace.Root, text, current);
            if (candidate.Yaml.Diagnostics.Count > yamlProblems || candidate.Manifests.Count != current.Manifests.Count)
            {
                refused.Add(key);
                continue; // it would break the YAML or lose an object: not safe
            }

            (next, chosen) = (candidate, diagnostic);
            return true;
        }

        (next, chosen, key) = (null!, null!, default);
        return false;
    }
}
