using System.Collections.Concurrent;
using GitOpsAi.Core.Diagnostics;
using GitOpsAi.Core.Text;
using GitOpsAi.Core.Workspace;

namespace GitOpsAi.Core.Analysis;

/// <summary>
/// The one entry point both front ends call: analyses a file of a workspace snapshot (syntax, schemas, structure) and
/// returns its diagnostics. Thread-safe; per-file work is independent, so callers parallelise freely. The only state is
/// the per-object findings of the files being edited (<see cref="ObjectFindingsCache"/>), which never changes a result.
/// </summary>
public sealed class Analyzer
{
    private readonly IReadOnlyList<IFileAnalyzer> _fileAnalyzers;

    /// <summary>False where nothing reads the findings' fixes (<see cref="WithoutFixes"/>): the rules then make none.</summary>
    private readonly bool _makesFixes = true;

    public Analyzer(AnalyzerFeatures features = AnalyzerFeatures.All, IEnumerable<IFileAnalyzer>? additionalAnalyzers = null)
    {
        var analyzers = new List<IFileAnalyzer> { new ObjectFindingsCache(new DocumentAnalyzer.DocumentObjectAnalyzer()), new DocumentAnalyzer(checkObjects: false), new ConfigFileAnalyzer(), new Generation.PlaceholderAnalyzer(), new Generation.GenerationConfigAnalyzer() };
        if (features.HasFlag(AnalyzerFeatures.Policies))
        {
            analyzers.Add(new ObjectFindingsCache(new Rules.PolicyAnalyzer()));
            analyzers.Add(new Kyverno.KyvernoAnalyzer());
            analyzers.Add(new AdmissionPolicies.CelPolicyAnalyzer());
            analyzers.Add(new Kyverno.Mutation.AdmittedObjectChecks()); // after the checks whose findings it re-judges

            // Last: it leaves out what the checks above already reported on this file.
            analyzers.Add(new Kustomize.RenderedOutputAnalyzer(RenderedChecks));
        }

        analyzers.AddRange(additionalAnalyzers ?? []);
        _fileAnalyzers = analyzers;
    }

    private Analyzer(IReadOnlyList<IFileAnalyzer> fileAnalyzers, bool makesFixes) => (_fileAnalyzers, _makesFixes) = (fileAnalyzers, makesFixes);

    /// <summary>How many documents' object findings were taken over from the previous analysis of their file (tests, benchmarks).</summary>
    internal long ReusedDocuments => _fileAnalyzers.OfType<ObjectFindingsCache>().Sum(c => c.ReusedDocuments);

    /// <summary>The checks run on each rendered object (the same list whoever asks, so the per-snapshot render is shared).</summary>
    internal static IReadOnlyList<IFileAnalyzer> RenderedChecks { get; } = [new DocumentAnalyzer(), new Rules.PolicyAnalyzer(), new Kyverno.KyvernoAnalyzer(), new Kyverno.Mutation.AdmittedObjectChecks()];

    /// <summary>This analyzer's checks plus <paramref name="more"/> (e.g. drift against the cluster of one checked path).</summary>
    public Analyzer With(IEnumerable<IFileAnalyzer> more)
    {
        var added = more.ToList();
        return added.Count == 0 ? this : new Analyzer([.. _fileAnalyzers, .. added], _makesFixes);
    }

    /// <summary>
    /// This analyzer's checks, whose rules make no fixes: for a report that prints none (the command line's formats).
    /// </summary>
    public Analyzer WithoutFixes() => new(_fileAnalyzers, makesFixes: false);

    public FileAnalysis Analyze(WorkspaceSnapshot workspace, WorkspaceFile file, CancellationToken cancellationToken = default) =>
        Analyze(workspace, file, AnalysisScope.Full, cancellationToken);

    /// <summary>
    /// With <see cref="AnalysisScope.WithoutRendered"/>, everything but the findings that exist only in rendered output: an
    /// editor publishes these at typing speed, then the full analysis once typing pauses (rendering the overlays that read
    /// the file is most of a keystroke's cost in a repository of overlays). A full analysis also returns the rendered
    /// part on its own (<see cref="FileAnalysis.Rendered"/>), for the editor to keep showing until it has a newer one.
    /// </summary>
    public FileAnalysis Analyze(WorkspaceSnapshot workspace, WorkspaceFile file, AnalysisScope scope, CancellationToken cancellationToken = default)
    {
        var run = new FileRun(this, workspace, file, scope, cancellationToken);
        run.Check(untilRendered: false);
        return run.Result();
    }

    /// <summary>
    /// One file's analysis, which can stop before the rendered-output check and go on from there later: a whole-repository
    /// run checks the other files while the last (largest) roots are still rendered, instead of leaving cores idle.
    /// The checks run in the same order on the same list of findings either way, so the result is the same.
    /// </summary>
    private sealed class FileRun
    {
        private readonly IReadOnlyList<IFileAnalyzer> _analyzers;
        private readonly WorkspaceSnapshot _workspace;
        private readonly WorkspaceFile _file;
        private readonly AnalysisScope _scope;
        private readonly CancellationToken _cancellationToken;
        private readonly List<Diagnostic> _diagnostics;
        private readonly FileAnalysisContext? _context;
        private readonly bool _ignored;
        private int _next;
        private (int Start, int End) _rendered = (-1, -1);

        public FileRun(Analyzer analyzer, WorkspaceSnapshot workspace, WorkspaceFile file, AnalysisScope scope, CancellationToken cancellationToken)
        {
            (_analyzers, _workspace, _file, _scope, _cancellationToken) = (analyzer._fileAnalyzers, workspace, file, scope, cancellationToken);
            _diagnostics = new List<Diagnostic>(file.LoadDiagnostics);
            var config = workspace.RulesConfig;
            if (config.Ignore.Count > 0 && WorkspaceLoader.IsIgnored(workspace.Root, file.Path, config.Ignore, workspace.Options))
            {
                _ignored = true;
                return;
            }

            if (file.IsSkipped)
            {
                return;
            }

            _diagnostics.AddRange(file.Yaml.Diagnostics);
            var limit = workspace.Options.FullAnalysisMaxChars;
            if (limit is { } maxChars && file.Source.Length > maxChars)
            {
                _diagnostics.Add(CoreDiagnostics.LargeFile.Create(new TextSpan(0, 0),
                    $"This file has {file.Source.Length:N0} characters; only YAML syntax is checked in the editor above {maxChars:N0}. Run 'gitops-ai check' for the full analysis."));
            }
            else if (!file.Yaml.IsHelmTemplate)
            {
                Guarded(file, "the structure index", _diagnostics, () => _diagnostics.AddRange(workspace.Structure.DiagnosticsFor(file.Path)));
                _context = new FileAnalysisContext(workspace, file, _diagnostics, cancellationToken) { WantsFixes = analyzer._makesFixes };
            }
        }

        /// <param name="untilRendered">Stop before the rendered-output check (a later call goes on from there).</param>
        public void Check(bool untilRendered)
        {
            if (_context is null)
            {
                return;
            }

            for (; _next < _analyzers.Count; _next++)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                var analyzer = _analyzers[_next];
                var isRendered = analyzer is Kustomize.RenderedOutputAnalyzer;
                if (isRendered && untilRendered)
                {
                    return;
                }

                if (isRendered && _scope == AnalysisScope.WithoutRendered)
                {
                    continue;
                }

                var before = _diagnostics.Count;
                Guarded(_file, analyzer, _context, _diagnostics);
                if (isRendered)
                {
                    _rendered = (before, _diagnostics.Count);
                }
            }
        }

        /// <summary>
        /// Comment and annotation suppressions, then the configuration (off, exemptions, severities, editor overrides) in
        /// one step for every source of findings.
        /// </summary>
        public FileAnalysis Result()
        {
            if (_ignored)
            {
                return new FileAnalysis(_file, []);
            }

            var renderedPart = _rendered.Start >= 0 ? Final(_workspace, _file, _diagnostics.GetRange(_rendered.Start, _rendered.End - _rendered.Start)) : [];
            return new FileAnalysis(_file, Final(_workspace, _file, _diagnostics)) { Rendered = renderedPart, IsComplete = _scope == AnalysisScope.Full };
        }
    }

    private static IReadOnlyList<Diagnostic> Final(WorkspaceSnapshot workspace, WorkspaceFile file, List<Diagnostic> diagnostics) =>
        Normalize(workspace.Findings.Apply(file, Suppressions.Apply(file, diagnostics)));

    /// <summary>
    /// Runs one check; a defect in it (an exception) becomes an internal-error finding on the file instead of taking
    /// the other checks and the other files down. The CLI turns that finding into exit code 2, never 1.
    /// </summary>
    private static void Guarded(WorkspaceFile file, string check, List<Diagnostic> diagnostics, Action run)
    {
        try
        {
            run();
        }
        catch (SourceChangedException changed)
        {
            diagnostics.Add(ChangedDuringCheck(changed));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            diagnostics.Add(InternalErrors.Create(file.RelativePath, check, exception));
        }
    }

    /// <summary>
    /// <see cref="Guarded(WorkspaceFile, string, List{Diagnostic}, Action)"/> for one of the file's checks, named only when
    /// it fails: a closure and a delegate per check and file were 2.6 MB of a 50,000-resource check.
    /// </summary>
    private static void Guarded(WorkspaceFile file, IFileAnalyzer analyzer, FileAnalysisContext context, List<Diagnostic> diagnostics)
    {
        try
        {
            analyzer.Analyze(context);
        }
        catch (SourceChangedException changed)
        {
            diagnostics.Add(ChangedDuringCheck(changed));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            var check = (analyzer is ObjectFindingsCache cached ? cached.Inner : analyzer).GetType().Name;
            diagnostics.Add(InternalErrors.Create(file.RelativePath, check, exception));
        }
    }

    /// <summary>
    /// A file this check read (itself, or one a render reads) changed on disk while the command line checked the repository
    /// (its text kept on disk, see <see cref="WorkspaceOptions.KeepTextsOnDisk"/>): an error at the file's start that says
    /// so, not a defect of GitOpsAi.
    /// </summary>
    private static Diagnostic ChangedDuringCheck(SourceChangedException changed) =>
        CoreDiagnostics.Unreadable.Create(new TextSpan(0, 0), changed.Message);

    /// <param name="include">The files to analyse (the rest is context only, e.g. a sub-folder checked within its repository); all by default.</param>
    /// <param name="renderedProvenance">
    /// False when nothing will ask which rendered objects a finding came from (<see cref="Kustomize.RenderedChangeImpact"/>,
    /// the command line's <c>--changed-since</c>): the rendered findings then keep none (asking anyway checks the roots again).
    /// </param>
    public IReadOnlyList<FileAnalysis> AnalyzeAll(WorkspaceSnapshot workspace, IProgress<int>? filesAnalysed = null, CancellationToken cancellationToken = default, Func<WorkspaceFile, bool>? include = null, bool renderedProvenance = true)
    {
        var files = workspace.Files.Values.Where(f => include is null || include(f)).OrderBy(f => f.Path, StringComparer.Ordinal).ToArray();

        // Built once, before the parallel loop, side by side: the structure (itself on every core), the schemas and the
        // object index (each on one core; the index is what the Kyverno policies below are found with, and at 50,000
        // resources it was built on one core while the other waited). The bundled schemas loaded during the parse instead
        // (on a thread of their own) saved wall time but raised the 50k check's peak working set (507-712 MiB against
        // 483-523 MiB) and its gen0 collections (28-31 against 25).
        var withPolicies = _fileAnalyzers.Any(a => a is Kyverno.KyvernoAnalyzer);
        Parallel.Invoke(new ParallelOptions { CancellationToken = cancellationToken },
            () => _ = workspace.Structure, () => _ = workspace.Schemas, () => { if (withPolicies) workspace.PrepareObjectLookup(); });
        if (withPolicies)
        {
            // Likewise the Kyverno policies (parsed on every core) and what they read: every check of a rendered or written
            // object waits for them, and asked from both cores at once they were built twice.
            _ = Kyverno.ContextReads.For(workspace);
        }

        // One queue for both cores: every root's rendered checks (each best checked right after its render), then every
        // file's checks up to the rendered-output one. A few roots take a second or more (a Flux Kustomization applying a
        // whole repository); checked in a loop of their own they left one core idle until the last of them was done.
        var work = new List<Action>();
        if (_fileAnalyzers.Any(a => a is Kustomize.RenderedOutputAnalyzer))
        {
            work.AddRange(Kustomize.RenderedAnalysis.For(workspace, RenderedChecks, cancellationToken).RootChecks(renderedProvenance));
        }

        var runs = new FileRun[files.Length];
        var done = 0;
        work.AddRange(files.Select((file, i) => (Action)(() =>
        {
            runs[i] = new FileRun(this, workspace, file, AnalysisScope.Full, cancellationToken);
            runs[i].Check(untilRendered: true);
            filesAnalysed?.Report(Interlocked.Increment(ref done));
        })));
        Parallel.ForEach(Partitioner.Create(work, EnumerablePartitionerOptions.NoBuffering), new ParallelOptions { CancellationToken = cancellationToken }, item => item());

        // Every root is checked: the rest of each file's checks only gathers its roots' findings.
        var results = new FileAnalysis[files.Length];
        Parallel.For(0, files.Length, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            runs[i].Check(untilRendered: false);
            results[i] = runs[i].Result();
        });

        // A rules.yaml pattern may run out of its time budget while other files are analysed: analyse the configuration
        // again so the finding at that pattern's line is in this run's report.
        if (workspace.RulesConfig.Regexes.Exceeded.Count > 0 && Array.FindIndex(files, f => f.Path == workspace.RulesConfig.Path) is var index and >= 0)
        {
            results[index] = Analyze(workspace, files[index], cancellationToken);
        }

        return results;
    }

    /// <summary>Sorted by position, without exact duplicates.</summary>
    internal static IReadOnlyList<Diagnostic> Normalize(List<Diagnostic> diagnostics)
    {
        if (diagnostics.Count <= 1)
        {
            return diagnostics;
        }

        // Sorted first, a repeat (same code, span and message) is in the run of findings with its code and span, after the
        // first: no set of every finding (its growth was 0.25 MB of each keystroke in a file with 2,013 findings).
        var sorted = diagnostics.OrderBy(d => d.Span.Start).ThenBy(d => d.Span.Length).ThenBy(d => d.Code, StringComparer.Ordinal).ToList();
        var kept = 0;
        var runStart = 0;
        for (var i = 0; i < sorted.Count; i++)
        {
            var diagnostic = sorted[i];
            if (diagnostic.Span != sorted[runStart].Span || diagnostic.Code != sorted[runStart].Code)
            {
                runStart = kept;
            }

            if (!IsRepeated(sorted, runStart, kept, diagnostic))
            {
                sorted[kept++] = diagnostic;
            }
        }

        sorted.RemoveRange(kept, sorted.Count - kept);
        return sorted;
    }

    private static bool IsRepeated(List<Diagnostic> kept, int from, int to, Diagnostic diagnostic)
    {
        for (var i = from; i < to; i++)
        {
            if (kept[i].Message == diagnostic.Message)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>How much of a file's analysis to run (see <see cref="Analyzer.Analyze(WorkspaceSnapshot, WorkspaceFile, AnalysisScope, CancellationToken)"/>).</summary>
public enum AnalysisScope
{
    Full,
    WithoutRendered,
}

/// <summary>Which families of checks run. Syntax, schemas and structure always do.</summary>
[Flags]
public enum AnalyzerFeatures
{
    Core = 0,
    Policies = 1,
    All = Policies,
}

/// <summary>Reports the problems of .gitops-ai/rules.yaml in that file.</summary>
internal sealed class ConfigFileAnalyzer : IFileAnalyzer
{
    public void Analyze(FileAnalysisContext context)
    {
        if (context.Workspace.RulesConfig.Path == context.File.Path)
        {
            context.Diagnostics.AddRange(context.Workspace.RulesConfig.Diagnostics);
            context.Diagnostics.AddRange(Config.ConfiguredPathCheck.Check(context.Workspace, context.File));
            context.Diagnostics.AddRange(Config.RegexBudgetReport.Diagnostics(context.Workspace.RulesConfig, context.File));
        }
    }
}

/// <summary>What a per-file analyzer sees: the workspace, the file, and where to put findings.</summary>
public sealed record FileAnalysisContext(WorkspaceSnapshot Workspace, WorkspaceFile File, List<Diagnostic> Diagnostics, CancellationToken CancellationToken)
{
    public FileRole Role => KnownRole ?? Workspace.Structure.RoleOf(File.Path);

    /// <summary>
    /// The file's role when the caller has already looked it up: a rendered object's checks ask it in every analyzer, and
    /// hashing its long path (never in the structure index) again each time was 0.5 % of a 50k check's CPU.
    /// </summary>
    internal FileRole? KnownRole { get; init; }

    /// <summary>False where the findings' fixes are thrown away (a rendered object's checks): rules then make none.</summary>
    internal bool WantsFixes { get; init; } = true;

    /// <summary>Rules not run here: their findings would be dropped (a rendered object's cross-object rules run against its siblings instead).</summary>
    internal IReadOnlySet<string>? SkippedRules { get; init; }
}

/// <summary>One family of checks over a file (schemas here; policies plug in the same way).</summary>
public interface IFileAnalyzer
{
    void Analyze(FileAnalysisContext context);
}
