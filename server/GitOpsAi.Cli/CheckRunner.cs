using GitOpsAi.Cli.Drift;
using GitOpsAi.Cli.Reporting;
using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.IO;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Cli;

/// <summary>Loads each requested path as a workspace, analyses it and writes one report for all of them.</summary>
/// <param name="analyzerOverride">The analyzer to run (tests pass one with a failing check); every check by default.</param>
internal sealed class CheckRunner(TextWriter stdout, TextWriter stderr, Analyzer? analyzerOverride = null)
{
    private int _fixed;
    private bool _writeFailed;

    /// <summary>
    /// Applies preferred fixes file by file (one at a time, each checked; see FixApplier), then reloads the repository for
    /// another pass, since a fix in one file can change findings in another. Files are rewritten in place (see
    /// FileRewriter), keeping their mode, owner, links and byte order mark.
    /// </summary>
    private WorkspaceSnapshot ApplyFixes(WorkspaceSnapshot workspace, Analyzer analyzer, WorkspaceOptions options, string? onlyFile, CancellationToken cancellationToken)
    {
        for (var pass = 0; pass < 3; pass++)
        {
            var changed = 0;
            var files = onlyFile is null ? workspace.Files.Values : workspace.Files.Values.Where(f => f.Path == onlyFile);
            foreach (var file in files.Where(f => !f.IsSkipped && f.LoadDiagnostics.Count == 0 && !f.Yaml.IsHelmTemplate).ToList())
            {
                var result = Core.Editing.FixApplier.ApplyAll(analyzer, workspace, file, cancellationToken: cancellationToken);
                if (result.Applied == 0 || result.Text == file.Source.Text)
                {
                    continue;
                }

                try
                {
                    FileRewriter.Rewrite(file.Path, result.Text);
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    stderr.WriteLine($"gitops-ai: cannot write the fixes to {Reporting.TerminalText.Escape(file.RelativePath)}: {Reporting.TerminalText.Escape(exception.Message)}");
                    _writeFailed = true;
                    continue;
                }

                _fixed += result.Applied;
                changed++;
            }

            if (changed == 0)
            {
                break;
            }

            workspace = WorkspaceLoader.Load(workspace.Root, PhysicalFileSystem.Instance, options, null, cancellationToken);
        }

        return workspace;
    }

    public int Run(CheckRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return RunChecks(request, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The last line of defence (analysis defects are caught per file, below): still exit 2, never a crash or 1.
            stderr.WriteLine($"gitops-ai: internal error: {exception.GetType().Name}: {Reporting.TerminalText.Escape(exception.Message)}");
            return CliApplication.ExitUsageOrIo;
        }
    }

    private int RunChecks(CheckRequest request, CancellationToken cancellationToken)
    {
        var results = new List<ReportedFile>();
        var ioFailure = false;
        var checkedAny = false;
        var options = new WorkspaceOptions { ExtraSchemaFolders = request.SchemaFolders, ValidateSchemas = request.ValidateSchemas };
        if (!DriftSetup.TryCreate(request, stderr, out var drift))
        {
            return CliApplication.ExitUsageOrIo;
        }

        using var driftScope = drift;
        var analyzer = analyzerOverride ?? new Analyzer();
        var internalError = false;

        foreach (var requested in request.Paths)
        {
            var fullPath = Path.GetFullPath(requested);
            var isDirectory = Directory.Exists(fullPath);
            if (!isDirectory && !File.Exists(fullPath))
            {
                stderr.WriteLine($"gitops-ai: no such file or directory: {Reporting.TerminalText.Escape(requested)}");
                ioFailure = true;
                continue;
            }

            checkedAny = true;
            var root = isDirectory ? fullPath : Path.GetDirectoryName(fullPath)!;
            var workspace = ProgressReporter.Run(stderr, "Parsing", () => WorkspaceLoader.FindYamlFiles(root, PhysicalFileSystem.Instance, options).Count(),
                progress => WorkspaceLoader.Load(root, PhysicalFileSystem.Instance, options, progress, cancellationToken));
            foreach (var problem in workspace.SchemaProblems)
            {
                stderr.WriteLine($"gitops-ai: {Reporting.TerminalText.Escape(problem.Diagnostic.Message)}");
                ioFailure = true;
            }

            if (request.Fix)
            {
                workspace = ApplyFixes(workspace, analyzer, options, isDirectory ? null : fullPath, cancellationToken);
            }

            var pathAnalyzer = analyzer.With(drift.AnalyzersFor(workspace, stderr, cancellationToken, out var clusterFailed));
            ioFailure |= clusterFailed;
            IReadOnlyList<FileAnalysis> analyses;
            if (isDirectory)
            {
                analyses = ProgressReporter.Run(stderr, "Analysing", () => workspace.Files.Count, progress => pathAnalyzer.AnalyzeAll(workspace, progress, cancellationToken));
            }
            else
            {
                var file = workspace.GetFile(fullPath) ?? WorkspaceFile.Load(PhysicalFileSystem.Instance, fullPath, root);
                analyses = [pathAnalyzer.Analyze(workspace.WithFile(fullPath, file), file, cancellationToken)];
            }

            foreach (var analysis in analyses)
            {
                foreach (var defect in analysis.Diagnostics.Where(d => d.IsInternalError()))
                {
                    stderr.WriteLine($"gitops-ai: internal error while analysing {Reporting.TerminalText.Escape(analysis.Path)}: {Reporting.TerminalText.Escape(defect.Message)}");
                    internalError = true;
                }

                if (analysis.Diagnostics.FirstOrDefault(d => d.Code == CoreDiagnostics.Unreadable.Code) is { } unreadable)
                {
                    stderr.WriteLine($"gitops-ai: cannot read {Reporting.TerminalText.Escape(analysis.Path)}: {Reporting.TerminalText.Escape(unreadable.Message)}");
                    ioFailure = true;
                }

                results.Add(new ReportedFile(root, analysis));
            }
        }

        if (!checkedAny)
        {
            return CliApplication.ExitUsageOrIo;
        }

        drift.SaveHistory(stderr);

        if (request.Fix && _fixed > 0)
        {
            stderr.WriteLine($"gitops-ai: applied {_fixed} fix{(_fixed == 1 ? "" : "es")}.");
        }

        IReporter reporter = request.Format switch
        {
            "json" => new JsonReporter(),
            "sarif" => new SarifReporter(),
            _ => new TextReporter(),
        };
        reporter.Write(stdout, results);

        // A defect in GitOpsAi is never "findings" (1): the report above is incomplete, and CI must not read it as a verdict.
        if (ioFailure || internalError || _writeFailed)
        {
            return CliApplication.ExitUsageOrIo;
        }

        var failed = results.Any(r => r.Analysis.Diagnostics.Any(d => d.Severity.IsAtLeast(request.FailOn)));
        return failed ? CliApplication.ExitFindings : CliApplication.ExitOk;
    }
}
