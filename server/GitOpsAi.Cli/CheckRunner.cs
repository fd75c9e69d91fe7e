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
    private readonly Dictionary<string, int> _fixedByCode = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, (string Before, string After)> _diffs = new(StringComparer.Ordinal);

    /// <summary>
    /// Applies preferred fixes file by file (one at a time, each checked; see FixApplier), then reloads the repository for
    /// another pass, since a fix in one file can change findings in another. Files are rewritten in place (see
    /// FileRewriter), keeping their mode, owner, links and byte order mark. With --diff nothing is written: each pass works
    /// on the fixed text in memory, and the changes are kept for the diff.
    /// </summary>
    private WorkspaceSnapshot ApplyFixes(WorkspaceSnapshot workspace, Analyzer analyzer, WorkspaceOptions options, CheckScope scope, CheckRequest request, CancellationToken cancellationToken)
    {
        for (var pass = 0; pass < 3; pass++)
        {
            var changed = 0;
            foreach (var file in scope.FilesIn(workspace).Where(f => !f.IsSkipped && f.LoadDiagnostics.Count == 0 && !f.Yaml.IsHelmTemplate).ToList())
            {
                var result = Core.Editing.FixApplier.ApplyAll(analyzer, workspace, file, cancellationToken: cancellationToken, includeUnsafe: request.UnsafeFixes);
                if (result.Applied == 0 || result.Text == file.Source.Text)
                {
                    continue;
                }

                if (request.DiffOnly)
                {
                    var before = _diffs.TryGetValue(file.RelativePath, out var earlier) ? earlier.Before : file.Source.Text;
                    _diffs[file.RelativePath] = (before, result.Text);
                    workspace = workspace.WithFile(file.Path, WorkspaceFile.FromText(file.Path, workspace.Root, result.Text, file));
                    CountFixes(result);
                    changed++;
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

                CountFixes(result);
                changed++;
            }

            if (changed == 0 || request.DiffOnly)
            {
                break; // with --diff the snapshot already holds the fixed text; a file is fixed in one pass
            }

            workspace = WorkspaceLoader.Load(workspace.Root, PhysicalFileSystem.Instance, options, null, cancellationToken);
        }

        return workspace;
    }

    private void CountFixes(Core.Editing.FixApplier.Result result)
    {
        _fixed += result.Applied;
        foreach (var code in result.Codes)
        {
            _fixedByCode[code] = _fixedByCode.GetValueOrDefault(code) + 1;
        }
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

    /// <summary>
    /// How a check loads the repository: the files' texts stay on disk (read again when a check asks for one, see
    /// <see cref="WorkspaceOptions.KeepTextsOnDisk"/>), unless fixes rewrite files during the run.
    /// </summary>
    internal static WorkspaceOptions OptionsFor(CheckRequest request) =>
        new() { ExtraSchemaFolders = request.SchemaFolders, ValidateSchemas = request.ValidateSchemas, KeepTextsOnDisk = !request.Fix };

    private int RunChecks(CheckRequest request, CancellationToken cancellationToken)
    {
        var timings = CheckTimings.Start(stderr);
        var results = new List<ReportedFile>();
        var ioFailure = false;
        var checkedAny = false;
        var options = OptionsFor(request);
        if (!DriftSetup.TryCreate(request, stderr, out var drift))
        {
            return CliApplication.ExitUsageOrIo;
        }

        using var driftScope = drift;
        var analyzer = analyzerOverride ?? new Analyzer();
        var internalError = false;

        // Every path named is explicit (checked even where the configuration ignores it); a pre-commit hook names many
        // files of one repository, which is loaded once for all of them (but anew after --fix rewrote files).
        var scopedOptions = options with { ExplicitPaths = request.Paths.Select(p => Path.TrimEndingDirectorySeparator(Path.GetFullPath(p))).ToList() };
        var loaded = new Dictionary<string, WorkspaceSnapshot>(StringComparer.Ordinal);
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

            if (!isDirectory && !WorkspaceLoader.IsYamlFile(fullPath))
            {
                var what = Core.Yaml.JinjaTemplateDetector.HasTemplateExtension(fullPath) ? "a template (render it, then check the output)" : "not a YAML file (.yaml or .yml)";
                stderr.WriteLine($"gitops-ai: {Reporting.TerminalText.Escape(requested)} is {what}.");
                ioFailure = true;
                continue;
            }

            checkedAny = true;
            var scope = CheckScope.For(fullPath, isDirectory);

            // Counted on a thread of its own while the repository is walked and parsed: a walk of every folder (1,539 at
            // 50,000 resources) on one core, for one note.
            var templateFiles = Task.Factory.StartNew(scope.CountTemplateFiles, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            var root = scope.Root;
            if (!loaded.TryGetValue(root, out var workspace) || request.Fix)
            {
                workspace = ProgressReporter.Run(stderr, "Parsing", () => WorkspaceLoader.FindYamlFiles(root, PhysicalFileSystem.Instance, scopedOptions).Count(),
                    progress => WorkspaceLoader.Load(root, PhysicalFileSystem.Instance, scopedOptions, progress, cancellationToken));
                loaded[root] = workspace;
                timings?.Mark("load");
            }

            if (!ReportNothingToCheck(requested, scope, workspace, templateFiles.GetAwaiter().GetResult()))
            {
                ioFailure = true;
                continue;
            }

            foreach (var problem in workspace.SchemaProblems)
            {
                stderr.WriteLine($"gitops-ai: {Reporting.TerminalText.Escape(problem.Diagnostic.Message)}");
                ioFailure = true;
            }

            if (request.Fix)
            {
                workspace = ApplyFixes(workspace, analyzer, scopedOptions, scope, request, cancellationToken);
                if (request.DiffOnly)
                {
                    continue;
                }
            }

            // No report format prints fixes (--fix has applied them above): the rules make none for the report.
            var pathAnalyzer = analyzer.With(drift.AnalyzersFor(workspace, stderr, cancellationToken, out var clusterFailed)).WithoutFixes();
            ioFailure |= clusterFailed;
            if (drift.ClusterSchemas.Count > 0)
            {
                workspace = workspace.WithOptions(workspace.Options with { ExtraSchemas = [.. workspace.Options.ExtraSchemas, .. drift.ClusterSchemas] });
            }
            IReadOnlyList<FileAnalysis> analyses;
            if (isDirectory)
            {
                // Which rendered objects a finding came from is asked only to keep the findings a change touches (--changed-since).
                analyses = ProgressReporter.Run(stderr, "Analysing", () => scope.FilesIn(workspace).Count(), progress => pathAnalyzer.AnalyzeAll(workspace, progress, cancellationToken, scope.Contains(root) ? null : f => scope.Contains(f.Path), renderedProvenance: request.ChangedSince is not null));
            }
            else
            {
                // A file the walk loaded is analysed in the snapshot as it is (a new snapshot would index the repository again).
                var known = workspace.GetFile(fullPath);
                var file = known ?? WorkspaceFile.Load(PhysicalFileSystem.Instance, fullPath, root);
                analyses = [pathAnalyzer.Analyze(known is null ? workspace.WithFile(fullPath, file) : workspace, file, cancellationToken)];
            }

            timings?.Mark("analyse");

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

                results.Add(new ReportedFile(root, analysis) { Workspace = workspace });
            }
        }

        if (!checkedAny)
        {
            return CliApplication.ExitUsageOrIo;
        }

        drift.SaveHistory(stderr);

        if (request.DiffOnly)
        {
            return WriteDiff(ioFailure || _writeFailed);
        }

        if (request.Fix && _fixed > 0)
        {
            stderr.WriteLine($"gitops-ai: applied {_fixed} fix{(_fixed == 1 ? "" : "es")} ({FixSummary()}).");
        }

        IReadOnlyList<ReportedFile> reported = results;
        Gate.GateResult? gate;
        try
        {
            reported = Gate.GateFilters.ChangedOnly(reported, request.ChangedSince, stderr);
            if (request.WriteBaseline is { } baselinePath)
            {
                var written = Gate.Baseline.Write(baselinePath, reported);
                stderr.WriteLine($"gitops-ai: wrote {written} finding{(written == 1 ? "" : "s")} to the baseline {Reporting.TerminalText.Escape(baselinePath)}.");
            }

            gate = request.Baseline is { } baselineFile ? Gate.Baseline.Load(baselineFile).Apply(reported) : null;
        }
        catch (Exception exception) when (exception is Gate.BaselineException or Gate.ChangeScopeException or IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"gitops-ai: {Reporting.TerminalText.Escape(exception.Message)}");
            return CliApplication.ExitUsageOrIo;
        }

        if (gate is not null)
        {
            reported = gate.Files;
            Gate.GateFilters.ReportBaseline(gate, stderr);
        }

        IReporter reporter = request.Format switch
        {
            "json" => new JsonReporter(),
            "sarif" => new SarifReporter(),
            "markdown" => new MarkdownReporter(gate?.Baselined ?? 0, gate?.Fixed.Sum(e => e.Count) ?? 0),
            _ => new TextReporter(),
        };
        reporter.Write(stdout, reported);
        if (timings is not null)
        {
            timings.Mark("report");
            timings.Finish();
        }

        // A defect in GitOpsAi is never "findings" (1): the report above is incomplete, and CI must not read it as a verdict.
        if (ioFailure || internalError || _writeFailed)
        {
            return CliApplication.ExitUsageOrIo;
        }

        // Writing a baseline adopts what is there: that run passes.
        var failed = request.WriteBaseline is null && reported.Any(r => r.Analysis.Diagnostics.Any(d => d.Severity.IsAtLeast(request.FailOn)));
        return failed ? CliApplication.ExitFindings : CliApplication.ExitOk;
    }

    private string FixSummary() => string.Join(", ", _fixedByCode.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Value} {p.Key}"));

    /// <summary>--diff: the diff on stdout, a count by code on stderr; exit 1 when something would change (as <c>git diff --exit-code</c>).</summary>
    private int WriteDiff(bool failed)
    {
        foreach (var (path, (before, after)) in _diffs)
        {
            stdout.Write(UnifiedDiff.Create(path.Replace('\\', '/'), before, after));
        }

        stderr.WriteLine(_fixed == 0
            ? "gitops-ai: no fixes to apply."
            : $"gitops-ai: would apply {_fixed} fix{(_fixed == 1 ? "" : "es")} to {_diffs.Count} file{(_diffs.Count == 1 ? "" : "s")} ({FixSummary()}).");
        return failed ? CliApplication.ExitUsageOrIo : _fixed > 0 ? CliApplication.ExitFindings : CliApplication.ExitOk;
    }

    /// <summary>
    /// One note for template files the walk never reads, and a clear error (false) when nothing under the path is YAML
    /// to check: an empty folder, a typo, a repository of templates must not pass silently.
    /// </summary>
    private bool ReportNothingToCheck(string requested, CheckScope scope, WorkspaceSnapshot workspace, int templates)
    {
        var found = scope.FilesIn(workspace).Where(f => !f.IsSkipped).ToList(); // .gitops-ai/rules.yaml counts: it is checked too
        var yaml = found.Count(f => !f.Yaml.IsHelmTemplate);
        var templateNote = templates == 0 ? "" : $"{templates} template file{(templates == 1 ? "" : "s")} (.j2, .tmpl, .gotmpl...) {(templates == 1 ? "was" : "were")} skipped";
        if (scope.IsDirectory && yaml == 0 && !scope.FilesIn(workspace).Any(f => f.IsSkipped)) // unreadable files are findings
        {
            var skippedYaml = found.Count == 0 ? "" : $"{found.Count} YAML file{(found.Count == 1 ? " is a template" : "s are templates")}";
            var why = string.Join("; ", new[] { skippedYaml, templateNote }.Where(s => s.Length > 0));
            stderr.WriteLine($"gitops-ai: no YAML files to check under {Reporting.TerminalText.Escape(requested)}{(why.Length == 0 ? " (*.yaml, *.yml)" : $" ({why})")}.");
            return false;
        }

        if (templates > 0)
        {
            stderr.WriteLine($"gitops-ai: note: {templateNote}; render them to check them.");
        }

        return true;
    }
}
