using GitOpsAi.Cli.Reporting;
using GitOpsAi.Core.Kyverno;

namespace GitOpsAi.Cli.Gate;

/// <summary>The pull-request gate's filters over a run's findings: changed objects only, then the baseline.</summary>
internal static class GateFilters
{
    /// <summary>Keeps the findings on objects changed since <paramref name="reference"/> (all of them when it is null).</summary>
    public static IReadOnlyList<ReportedFile> ChangedOnly(IReadOnlyList<ReportedFile> files, string? reference, TextWriter stderr)
    {
        if (reference is null)
        {
            return files;
        }

        var scopes = new Dictionary<string, (IChangeScope Text, RenderedChangeScope Rendered, ContextReadImpact? Context)>(StringComparer.Ordinal);
        var kept = new List<ReportedFile>();
        foreach (var file in files)
        {
            if (!scopes.TryGetValue(file.Root, out var scope))
            {
                var loaded = GitChangeScope.Load(file.Root, reference);
                stderr.WriteLine($"gitops-ai: {loaded.ChangedFiles.Count} YAML file{(loaded.ChangedFiles.Count == 1 ? "" : "s")} changed since {TerminalText.Escape(reference)}.");
                // Verdicts of Kyverno rules whose context entries read a changed object count as changed too.
                var context = file.Workspace is { } workspace ? ContextReadImpact.Of(workspace, loaded.ToSourceChange(workspace)) : null;
                scopes[file.Root] = scope = (loaded, RenderedChangeScope.For(file.Workspace, loaded), context);
            }

            var diagnostics = file.Analysis.Diagnostics
                .Where(d => scope.Text.Includes(file.RelativePath, FindingKey.Of(file, d).Object) || scope.Rendered.Includes(file.Analysis.Path, d)
                    || (scope.Context?.Includes(file.Analysis.Path, d) ?? false))
                .ToList();
            kept.Add(file with { Analysis = file.Analysis with { Diagnostics = diagnostics } });
        }

        return kept;
    }

    public static void ReportBaseline(GateResult gate, TextWriter stderr)
    {
        if (gate.Baselined > 0)
        {
            stderr.WriteLine($"gitops-ai: {gate.Baselined} finding{(gate.Baselined == 1 ? " is" : "s are")} in the baseline and not reported.");
        }

        var fixedCount = gate.Fixed.Sum(e => e.Count);
        if (fixedCount == 0)
        {
            return;
        }

        stderr.WriteLine($"gitops-ai: {fixedCount} baselined finding{(fixedCount == 1 ? " is" : "s are")} fixed; run with --write-baseline to drop {(fixedCount == 1 ? "it" : "them")} from the baseline:");
        foreach (var entry in gate.Fixed)
        {
            var where = entry.Object.Length == 0 ? entry.Path : $"{entry.Path} ({entry.Object})";
            stderr.WriteLine($"  fixed: {TerminalText.Escape(entry.Code)} in {TerminalText.Escape(where)}{(entry.Count > 1 ? $" x{entry.Count}" : "")}");
        }
    }
}
