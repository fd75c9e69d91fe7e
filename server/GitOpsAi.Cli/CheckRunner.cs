using GitOpsAi.Cli.Drift;
using GitOpsAi.Cli.Reporting;
using GitOpsAi.Core.Analysis;
using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.IO;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Cli;

/// <summary>Loads each requested path as a workspace, analyses it and writes one report for all of them.</summary>
internal sealed class CheckRunner(TextWriter stdout, TextWriter stderr)
{
    private int _fixed;

    /// <summary>
    /// Applies preferred fixes file by file (one at a time, each checked; see FixApplier), then reloads the repository for
    /// another pass, since a fix in one file can change findings in another. Files are rewritten atomically, keeping a
    /// byte order mark if they had one.
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

                var hadBom = File.ReadAllBytes(file.Path).AsSpan().StartsWith(new byte[] { 0xEF, 0xBB, 0xBF });
                var temporary = file.Path + ".gitops-ai-fix.tmp";
                File.WriteAllText(temporary, result.Text, new System.Text.UTF8Encoding(hadBom));
                File.Move(temporary, file.Path, overwrite: true);
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
        var results = new List<ReportedFile>();
        var ioFailure = false;
        var checkedAny = false;
        var options = new WorkspaceOptions { ExtraSchemaFolders = request.SchemaFolders, ValidateSchemas = request.ValidateSchemas };
        if (!DriftSetup.TryCreate(request, stderr, out var drift))
        {
            return CliApplication.ExitUsageOrIo;
        }

        using var driftScope = drift;
        var analyzer = new Analyzer();

        foreach (var requested in request.Paths)
        {
            var fullPath = Path.GetFullPath(requested);
            var isDirectory = Directory.Exists(fullPath);
            if (!isDirectory && !File.Exists(fullPath))
            {
                stderr.WriteLine($"gitops-ai: no such file or directory: {requested}");
                ioFailure = true;
                continue;
            }

            checkedAny = true;
            var root = isDirectory ? fullPath : Path.GetDirectoryName(fullPath)!;
            var workspace = ProgressReporter.Run(stderr, "Parsing", () => WorkspaceLoader.FindYamlFiles(root, PhysicalFileSystem.Instance, options).Count(),
                progress => WorkspaceLoader.Load(root, PhysicalFileSystem.Instance, options, progress, cancellationToken));
            foreach (var problem in workspace.SchemaProblems)
            {
                stderr.WriteLine($"gitops-ai: {problem.Diagnostic.Message}");
                ioFailure = true;
            }

            if (request.Fix)
            {
                workspace = ApplyFixes(workspace, analyzer, options, isDirectory ? null : fullPath, cancellationToken);
            }

            var pathAnalyzer = new Analyzer(additionalAnalyzers: drift.AnalyzersFor(workspace, stderr, cancellationToken, out var clusterFailed));
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
                if (analysis.Diagnostics.FirstOrDefault(d => d.Code == CoreDiagnostics.Unreadable.Code) is { } unreadable)
                {
                    stderr.WriteLine($"gitops-ai: cannot read {analysis.Path}: {unreadable.Message}");
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

        if (ioFailure)
        {
            return CliApplication.ExitUsageOrIo;
        }

        var failed = results.Any(r => r.Analysis.Diagnostics.Any(d => d.Severity.IsAtLeast(request.FailOn)));
        return failed ? CliApplication.ExitFindings : CliApplication.ExitOk;
    }
}
